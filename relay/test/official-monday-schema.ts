import { readFileSync } from 'node:fs';
import { type GraphQLSchema, buildSchema } from 'graphql';
import { sharedMaterial } from './shared-material';

/** monday's official schema (API version 2026-10), or undefined when it is not beside the clone. */
export function loadOfficialMondaySchema(): GraphQLSchema | undefined {
  const path = sharedMaterial('monday/schema-2026-10.graphql', 'MONDAY_OFFICIAL_SCHEMA');
  return path ? buildSchema(readFileSync(path, 'utf8')) : undefined;
}
