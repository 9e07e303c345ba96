import { spawn } from 'node:child_process';
import { access, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PostgresBinaries } from './postgres-binaries.js';
import type { SystemUser } from './postgres-run-as.js';

export interface InitdbOptions {
  binaries: PostgresBinaries;
  /** Empty or missing; owned by `runAs` when given. */
  clusterDir: string;
  user: string;
  password: string;
  /** false: no fsync while initdb writes (throw-away test clusters). */
  durable: boolean;
  runAs?: SystemUser;
}

// What is kept of initdb's output to explain a failure.
const OUTPUT_CHARS_KEPT = 4_000;

export async function hasCluster(clusterDir: string): Promise<boolean> {
  return access(join(clusterDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
}

/**
 * Creates a cluster with password authentication. initdb takes the superuser's password from a file: it is
 * written next to the cluster in a directory only its user may enter, and removed as soon as initdb is done.
 */
export async function initialiseCluster(options: InitdbOptions): Promise<void> {
  const { runAs } = options;
  const secrets = await mkdtemp(join(dirname(options.clusterDir), '.initdb-'));
  try {
    const passwordFile = join(secrets, 'password');
    await writeFile(passwordFile, `${options.password}\n`, { mode: 0o600, flag: 'wx' });
    if (runAs !== undefined) {
      await chown(secrets, runAs.uid, runAs.gid);
      await chown(passwordFile, runAs.uid, runAs.gid);
    }
    await runInitdb(options, [
      `--pgdata=${options.clusterDir}`,
      '--auth=scram-sha-256',
      `--username=${options.user}`,
      `--pwfile=${passwordFile}`,
      '--encoding=UTF8',
      // The C locale exists everywhere: the cluster does not depend on the locales a machine has installed.
      '--locale=C',
      '--no-instructions',
      ...(options.durable ? [] : ['--no-sync']),
    ]);
  } finally {
    await rm(secrets, { recursive: true, force: true });
  }
}

function runInitdb(options: InitdbOptions, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.binaries.initdb, args, {
      // Its own process group, as the server's: a Ctrl-C during the first start lets it finish, and
      // `npm start` then stops cleanly instead of failing with a half-made cluster.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: '/',
      ...(options.runAs === undefined ? {} : { uid: options.runAs.uid, gid: options.runAs.gid }),
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_CHARS_KEPT);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', (error) =>
      reject(new Error(`initdb could not run: ${error.message}`, { cause: error })),
    );
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(`initdb failed in ${options.clusterDir} (${signal ?? `exit ${code}`}): ${output.trim()}`),
        );
    });
  });
}
