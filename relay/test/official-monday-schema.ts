import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type GraphQLSchema, buildSchema } from 'graphql';

// monday's official schema is kept outside the repository (shared/monday, beside the clone), or wherever
// MONDAY_OFFICIAL_SCHEMA points. A user's own clone may not have it: the checks that need it then say so and skip.
export const officialSchemaPath =
  process.env.MONDAY_OFFICIAL_SCHEMA ?? join(__dirname, '..', '..', '..', 'shared', 'monday', 'schema-2026-10.graphql');

export function loadOfficialMondaySchema(): GraphQLSchema | undefined {
  if (!existsSync(officialSchemaPath)) {
    console.warn(`monday's official schema is not at ${officialSchemaPath}: the checks against it are skipped.`);
    return undefined;
  }
  return buildSchema(readFileSync(officialSchemaPath, 'utf8'));
}
