import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema } from 'graphql';

/** The SDL the stand-in serves: a subset of monday's official 2026-10 schema (see schema.graphql). */
export const mondaySchemaSource = readFileSync(join(__dirname, 'schema.graphql'), 'utf8');

export const mondaySchema = buildSchema(mondaySchemaSource);
