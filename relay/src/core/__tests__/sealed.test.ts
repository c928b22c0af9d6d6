// Sealed secrets open only with the key and for the purpose they were sealed with, and not once altered.
import { randomBytes } from 'node:crypto';
import { open, seal } from '../sealed';

const key = randomBytes(32);

it('opens what it sealed, and nothing else', () => {
  const sealed = seal(key, 'a refresh token', 'salesforce-refresh-token:default');
  expect(sealed).not.toContain('refresh');
  expect(seal(key, 'a refresh token', 'salesforce-refresh-token:default')).not.toBe(sealed);
  expect(open(key, sealed, 'salesforce-refresh-token:default')).toBe('a refresh token');
  expect(() => open(randomBytes(32), sealed, 'salesforce-refresh-token:default')).toThrow();
  expect(() => open(key, sealed, 'salesforce-refresh-token:another-connection')).toThrow();
  const altered = Buffer.from(sealed, 'base64');
  altered.writeUInt8(altered.readUInt8(altered.length - 1) ^ 1, altered.length - 1);
  expect(() => open(key, altered.toString('base64'), 'salesforce-refresh-token:default')).toThrow();
});
