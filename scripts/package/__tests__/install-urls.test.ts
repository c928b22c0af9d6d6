import { installUrls } from '../install-urls';

describe('installUrls', () => {
  it('gives the production and the sandbox installer of a version', () => {
    expect(installUrls('04t5g000000ABCDEFG')).toEqual({
      production: 'https://login.salesforce.com/packaging/installPackage.apexp?p0=04t5g000000ABCDEFG',
      sandbox: 'https://test.salesforce.com/packaging/installPackage.apexp?p0=04t5g000000ABCDEFG'
    });
  });

  it.each(['', '0Ho5g000000ABCDEFG', '04t5g000000ABC', '04t5g000000ABCD&x=1'])(
    'refuses %j, saying what an id is',
    (id) => {
      expect(() => installUrls(id)).toThrow(/starts with 04t and has 15 or 18 characters/);
    }
  );
});
