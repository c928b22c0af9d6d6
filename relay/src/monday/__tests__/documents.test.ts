// Every document the relay can send must be valid against monday's official schema (and the stand-in's subset,
// which the schema-drift test ties to the official one).
import { NoDeprecatedCustomRule, parse, specifiedRules, validate } from 'graphql';
import { loadOfficialMondaySchema } from '../../../test/official-monday-schema';
import { mondaySchema } from '../../../dev/standins/monday/schema';
import { changeValuesDocument, createItemsDocument, documents } from '../documents';

const official = loadOfficialMondaySchema();
const withOfficialSchema = official ? it : it.skip;

const allDocuments: [string, string][] = [
  ...Object.entries(documents),
  ['createItems(1)', createItemsDocument(1)],
  ['createItems(25)', createItemsDocument(25)],
  ['changeValues(1)', changeValuesDocument(1)],
  ['changeValues(25)', changeValuesDocument(25)]
];

describe('the GraphQL documents the relay sends', () => {
  // Valid, and using nothing monday has deprecated (settings_str, say: "From version 2025-10, use settings instead").
  withOfficialSchema.each(allDocuments)('%s is valid against the official 2026-10 schema', (_name, document) => {
    expect(
      validate(official!, parse(document), [...specifiedRules, NoDeprecatedCustomRule]).map((error) => error.message)
    ).toEqual([]);
  });

  it.each(allDocuments)('%s is served by the stand-in', (_name, document) => {
    expect(validate(mondaySchema, parse(document)).map((error) => error.message)).toEqual([]);
  });

  it('would be caught using a field monday lacks', () => {
    const wrong = documents.me.replace('email', 'shoe_size');
    expect(validate(mondaySchema, parse(wrong))).not.toEqual([]);
  });
});
