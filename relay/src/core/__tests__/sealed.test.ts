// Sealed secrets open only with the key and for the purpose they were sealed with, and not once altered.
import { randomBytes } from 'node:crypto';
import { ManualClock } from '../../../test/manual-clock';
import { ConnectionSecrets } from '../../connections/connection-secrets';
import { openDatabase } from '../../store/database';
import { SqliteStore } from '../../store/sqlite-store';
import { open, openAny, seal } from '../sealed';

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

it('opens with a key rotated out, says the secret is stale, and seals it again under the new key', async () => {
  const store = new SqliteStore(openDatabase(':memory:'), { clock: new ManualClock() });
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const secrets = store.forConnection('c_prod').secrets;
  await new ConnectionSecrets(secrets, { current: oldKey, previous: [] }, 'c_prod').put('monday-token', {
    kind: 'token',
    accessToken: 'a-personal-token'
  });
  const sealedBefore = (await secrets.get('monday-token'))?.sealed ?? '';
  expect(openAny({ current: newKey, previous: [oldKey] }, sealedBefore, 'monday-token:c_prod')).toMatchObject({
    stale: true
  });

  const rotated = new ConnectionSecrets(secrets, { current: newKey, previous: [oldKey] }, 'c_prod');
  expect(await rotated.get('monday-token')).toEqual({ kind: 'token', accessToken: 'a-personal-token' });
  const sealedAfter = (await secrets.get('monday-token'))?.sealed ?? '';
  expect(sealedAfter).not.toBe(sealedBefore);
  // Sealed again under the new key: the old key can be dropped from the list.
  expect(open(newKey, sealedAfter, 'monday-token:c_prod')).toContain('a-personal-token');
  expect(() => open(oldKey, sealedAfter, 'monday-token:c_prod')).toThrow();
  await store.close();
});
