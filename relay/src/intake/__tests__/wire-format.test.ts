// The wire format is shared with the Apex side through one example file and one signing vector; an Apex test checks
// the same files (MondayChangeBatchBuilderTest, MondayWebhookSignerTest).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { normalizeId } from '../../../dev/standins/salesforce/ids';
import { changeBatch } from '../change-batch';

const staticResources = join(__dirname, '..', '..', '..', '..', 'force-app', 'main', 'default', 'staticresources');
const example = JSON.parse(readFileSync(join(staticResources, 'MondayWireFormatExample.json'), 'utf8'));
const signing = JSON.parse(readFileSync(join(staticResources, 'MondaySigningExample.json'), 'utf8'));

describe('the change batch wire format', () => {
  it('accepts the shared example', () => {
    const parsed = changeBatch.parse(example);
    expect(parsed.changes.map((change) => change.operation)).toEqual(['insert', 'update', 'delete']);
    expect(parsed.changes[1]!.values.AnnualRevenue).toBe(99.5);
  });

  it('uses real 18-character ids (with their checksum suffix), which Apex can load', () => {
    const ids = [example.orgId, ...example.changes.map((change: { recordId: string }) => change.recordId)];
    for (const id of ids) expect(normalizeId(id)).toBe(id);
  });

  it.each([
    ['an unknown schema version', { schemaVersion: 2 }],
    ['a 15-character record id', { changes: [{ ...example.changes[0], recordId: '00Q5g0000000001' }] }],
    ['a datetime in another format', { publishedAt: '2026-11-25T10:00:00Z' }],
    ['an unknown operation', { changes: [{ ...example.changes[0], operation: 'merge' }] }],
    ['a value that is an array', { changes: [{ ...example.changes[0], values: { LastName: ['Smith'] } }] }],
    ['no changes', { changes: [] }]
  ])('refuses %s', (_what, override) => {
    expect(changeBatch.safeParse({ ...example, ...override }).success).toBe(false);
  });
});

describe('the shared signing vector', () => {
  it('is what Standard Webhooks computes, so the Apex signer that matches it is understood by the relay', () => {
    const webhook = new Webhook(signing.secret);
    expect(webhook.sign(signing.webhookId, new Date(signing.webhookTimestamp * 1000), signing.body)).toBe(
      signing.signature
    );
  });
});
