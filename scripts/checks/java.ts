// Finds a Java runtime of at least a given major version. ApexLink (the Apex semantic gate) needs Java 21 or newer;
// Debian 12 packages only Java 17, so a newer JDK is found where machines keep one: JAVA_HOME, the PATH, then the
// system's JVM folders (this project's machines ship a Temurin 25 JDK under /usr/lib/jvm beside Java 17).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface JavaRuntime {
  path: string;
  major: number;
}

const jvmFolders = ['/usr/lib/jvm', '/opt/java', '/usr/local/lib/jvm'];

function candidatePaths(env: NodeJS.ProcessEnv): string[] {
  const fromHome = env.JAVA_HOME ? [join(env.JAVA_HOME, 'bin', 'java')] : [];
  const fromFolders = jvmFolders.flatMap((folder) =>
    existsSync(folder) ? readdirSync(folder).map((name) => join(folder, name, 'bin', 'java')) : []
  );
  return [...fromHome, 'java', ...fromFolders];
}

/** The major version `java -version` reports ("17.0.9" → 17, "1.8.0_392" → 8), or undefined if it does not run. */
export function javaMajorVersion(path: string): number | undefined {
  const result = spawnSync(path, ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(result.stderr);
  if (!match?.[1]) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

/** The newest Java runtime of at least `minimum`, or an error saying what was found and what to do. */
export function findJava(minimum: number, env: NodeJS.ProcessEnv = process.env): JavaRuntime {
  const found: JavaRuntime[] = [];
  for (const path of new Set(candidatePaths(env))) {
    const major = javaMajorVersion(path);
    if (major !== undefined) found.push({ path, major });
  }
  const suitable = found.filter((runtime) => runtime.major >= minimum).sort((a, b) => b.major - a.major);
  if (suitable[0]) return suitable[0];
  const seen = found.length ? found.map((runtime) => `Java ${runtime.major} (${runtime.path})`).join(', ') : 'none';
  throw new Error(
    `Java ${minimum} or newer is needed and none was found (seen: ${seen}). ` +
      `Install a JDK ${minimum}+ (e.g. Temurin) and set JAVA_HOME to it.`
  );
}

if (require.main === module) {
  const minimum = Number(process.argv[2] ?? '21');
  try {
    const java = findJava(minimum);
    console.log(`Java ${java.major} at ${java.path}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
