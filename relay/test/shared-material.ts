import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A path in shared/ (kept beside the clone: monday's official schema, describes recorded from real orgs), or the
 * path an environment variable names. A user's own clone may not have it: the checks that need it then say so and
 * skip, and only those.
 */
export function sharedMaterial(relativePath: string, overrideVariable: string): string | undefined {
  const path = process.env[overrideVariable] ?? join(__dirname, '..', '..', '..', 'shared', relativePath);
  if (existsSync(path)) return path;
  console.warn(`${path} is not there (set ${overrideVariable} to point at it): the checks against it are skipped.`);
  return undefined;
}
