// The monday stand-in serves a subset of monday's schema. If that subset drifted from the real API (a field monday
// does not have, an argument typed differently, a required argument left out), every test above the stand-in would
// pass against an API that does not exist.
import { buildSchema } from 'graphql';
import { loadOfficialMondaySchema } from '../../../../test/official-monday-schema';
import { subsetIncompatibilities } from '../../../../test/schema-subset';
import { mondaySchemaSource } from '../schema';

const official = loadOfficialMondaySchema();
const withOfficialSchema = official ? it : it.skip;

describe("the monday stand-in's schema", () => {
  withOfficialSchema('is a faithful subset of the official 2026-10 schema', () => {
    expect(subsetIncompatibilities(buildSchema(mondaySchemaSource), official!)).toEqual([]);
  });

  withOfficialSchema(
    'would be caught drifting: invented fields, wrong types, missing required arguments, enum values',
    () => {
      const drifted = buildSchema(`
      type Query { boards(ids: [ID!], limit: String): [Board] items_page_by_column_values(cursor: String): ItemsResponse! }
      type Board { id: ID! name: String sparkle: Int }
      type ItemsResponse { cursor: String }
      enum State { active sleeping }
    `);
      expect(subsetIncompatibilities(drifted, official!)).toEqual([
        'Query.boards(limit:) is String here but Int in the official schema',
        'Query.items_page_by_column_values(board_id:) is required by the official schema but missing here',
        'Board.name is String here but String! in the official schema',
        'Board.sparkle does not exist in the official schema',
        'State.sleeping is not an enum value in the official schema'
      ]);
    }
  );
});
