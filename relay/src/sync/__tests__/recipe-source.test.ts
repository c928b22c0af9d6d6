import { ManualClock } from '../../../test/manual-clock';
import { salesforceClientFor } from '../../../test/salesforce-standin';
import { createLogger } from '../../core/logger';
import { SalesforceStandIn } from '../../../dev/standins/salesforce/server';
import { RecipeSource } from '../recipe-source';

let standIn: SalesforceStandIn;
let source: RecipeSource;
const clock = new ManualClock();

const recipe = (name: string, fields: Record<string, unknown>) =>
  standIn.store.create('Monday_Recipe__c', {
    Name: name,
    Active__c: true,
    Direction__c: 'Salesforce_to_monday',
    Kind__c: 'Create_Item',
    Object_Api_Name__c: 'Lead',
    Board_Id__c: '42',
    Definition__c: JSON.stringify({ mapping: [{ field: 'LastName', column: 'name', columnType: 'name' }] }),
    ...fields
  });

beforeEach(async () => {
  standIn = await new SalesforceStandIn({ clock }).start();
  const client = salesforceClientFor(standIn);
  source = new RecipeSource(client, clock, createLogger('silent'));
});
afterEach(async () => {
  await standIn.close();
});

describe('RecipeSource', () => {
  it('reads the active recipes of an object and direction, with their definitions and defaults', async () => {
    recipe('Good', {});
    recipe('Inactive', { Active__c: false });
    recipe('Accounts', { Object_Api_Name__c: 'Account' });
    recipe('Pulling', { Direction__c: 'monday_to_Salesforce' });
    const recipes = await source.forObject('lead', 'Salesforce_to_monday');
    expect(recipes.map((found) => found.name)).toEqual(['Good']);
    expect(recipes[0]!.definition.options).toMatchObject({
      syncFutureChanges: false,
      onDelete: 'ignore',
      defaultPhoneCountry: 'US'
    });
  });

  it('leaves out a recipe whose definition is malformed or invalid, and keeps the others', async () => {
    recipe('Good', {});
    recipe('Malformed', { Definition__c: '{"mapping": [' });
    recipe('Invalid', {
      Definition__c: JSON.stringify({ mapping: [{ field: 'LastName', column: 'x', columnType: 'hologram' }] })
    });
    expect((await source.all()).map((found) => found.name)).toEqual(['Good']);
  });

  it('keeps what it read until invalidated or five minutes old', async () => {
    recipe('First', {});
    expect(await source.all()).toHaveLength(1);
    recipe('Second', {});
    expect(await source.all()).toHaveLength(1);
    source.invalidate();
    expect(await source.all()).toHaveLength(2);
    recipe('Third', {});
    clock.advance(5 * 60_000);
    expect(await source.all()).toHaveLength(3);
  });
});
