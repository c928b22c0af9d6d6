import { IdGenerator, normalizeId } from '../ids';

describe('record ids', () => {
  it('turns a 15-character id into its 18-character form (the example of Salesforce documentation)', () => {
    expect(normalizeId('001D000000IqhSL')).toBe('001D000000IqhSLIAZ');
    expect(normalizeId('001D000000IqhSLIAZ')).toBe('001D000000IqhSLIAZ');
  });

  it('refuses what is not an id, and an 18-character id whose suffix does not match', () => {
    for (const text of ['', 'hello', '001D000000IqhS', '001D000000IqhSLAAA', '001D000000IqhSL!!!'])
      expect(normalizeId(text)).toBeUndefined();
  });

  it('generates distinct, well-formed ids with the key prefix', () => {
    const generator = new IdGenerator();
    const ids = Array.from({ length: 500 }, () => generator.next('00Q'));
    expect(new Set(ids).size).toBe(500);
    for (const id of ids) {
      expect(id).toMatch(/^00Q/);
      expect(normalizeId(id)).toBe(id);
    }
  });
});
