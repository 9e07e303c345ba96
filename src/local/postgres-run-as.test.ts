import { chmod, lstat, mkdir, mkdtemp, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  canEnter,
  firstBlockedDirectory,
  placeCluster,
  postgresSystemUser,
  prepareClusterDirectory,
  STATE_ROOT,
  type SystemUser,
} from './postgres-run-as.js';

// Someone who owns nothing here and is in none of its groups.
const stranger: SystemUser = { name: 'stranger', uid: 54_321, gid: 54_321 };
const asRoot = userInfo().uid === 0;

describe('canEnter', () => {
  it('judges by the bits of the class the user falls in: owner, group, others', () => {
    expect(canEnter({ uid: 54_321, gid: 0, mode: 0o700 }, stranger)).toBe(true);
    expect(canEnter({ uid: 54_321, gid: 0, mode: 0o077 }, stranger)).toBe(false);
    expect(canEnter({ uid: 0, gid: 54_321, mode: 0o710 }, stranger)).toBe(true);
    expect(canEnter({ uid: 0, gid: 54_321, mode: 0o701 }, stranger)).toBe(false);
    expect(canEnter({ uid: 0, gid: 0, mode: 0o711 }, stranger)).toBe(true);
    expect(canEnter({ uid: 0, gid: 0, mode: 0o700 }, stranger)).toBe(false);
  });
});

describe('firstBlockedDirectory', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('names the private directory on the way, and nothing once others may pass through it', async () => {
    const privateDir = await mkdtemp(join(tmpdir(), 'slimshop-private-'));
    dirs.push(privateDir);
    const wanted = join(privateDir, 'clone', '.data', 'postgres');
    await mkdir(dirname(wanted), { recursive: true, mode: 0o755 });

    expect((await stat(privateDir)).mode & 0o777).toBe(0o700);
    expect(await firstBlockedDirectory(wanted, stranger)).toBe(privateDir);

    await chmod(privateDir, 0o711);
    expect(await firstBlockedDirectory(wanted, stranger)).toBeUndefined();
  });
});

describe('placeCluster', () => {
  const wanted = '/root/shop/.data/postgres';

  it('keeps the cluster in DATA_DIR when the user can reach it', () => {
    expect(placeCluster(wanted, { kind: 'nothing' }, undefined)).toEqual({
      kind: 'in-place',
      clusterDir: wanted,
    });
    expect(placeCluster(wanted, { kind: 'directory', hasCluster: true, empty: false }, undefined)).toEqual({
      kind: 'in-place',
      clusterDir: wanted,
    });
  });

  it('moves a new cluster out of a directory the user cannot enter, replacing an empty folder', () => {
    expect(placeCluster(wanted, { kind: 'nothing' }, '/root')).toEqual({ kind: 'move', replace: false });
    expect(placeCluster(wanted, { kind: 'directory', hasCluster: false, empty: true }, '/root')).toEqual({
      kind: 'move',
      replace: true,
    });
  });

  it('follows the link to a moved cluster, and starts over when that cluster is gone', () => {
    const target = `${STATE_ROOT}/postgres-clusters/abc/data`;
    expect(
      placeCluster(wanted, { kind: 'link-to-moved-cluster', target, targetExists: true }, '/root'),
    ).toEqual({
      kind: 'moved',
      clusterDir: target,
    });
    expect(
      placeCluster(wanted, { kind: 'link-to-moved-cluster', target, targetExists: false }, '/root'),
    ).toEqual({
      kind: 'move',
      replace: true,
    });
  });

  it('refuses, saying what to do, to take over data it cannot reach', () => {
    const cluster = placeCluster(wanted, { kind: 'directory', hasCluster: true, empty: false }, '/root');
    expect(cluster).toMatchObject({ kind: 'unusable', reason: expect.stringContaining(`delete ${wanted}`) });
    const other = placeCluster(wanted, { kind: 'directory', hasCluster: false, empty: false }, '/root');
    expect(other).toMatchObject({
      kind: 'unusable',
      reason: expect.stringContaining('holds no PostgreSQL cluster'),
    });
  });
});

describe.runIf(asRoot)('prepareClusterDirectory (as root)', () => {
  const dirs: string[] = [];
  const homes: string[] = [];
  afterAll(async () => {
    for (const dir of [...dirs, ...homes]) await rm(dir, { recursive: true, force: true });
  });

  it('moves the cluster of a private DATA_DIR where the postgres user owns it (mode 700), linked from DATA_DIR', async () => {
    const user = await postgresSystemUser();
    const privateDir = await mkdtemp(join(tmpdir(), 'slimshop-root-private-'));
    dirs.push(privateDir);
    const wanted = join(privateDir, '.data', 'postgres');

    const clusterDir = await prepareClusterDirectory(wanted, user);
    homes.push(dirname(clusterDir));

    expect(clusterDir.startsWith(`${STATE_ROOT}/`)).toBe(true);
    expect(await readlink(wanted)).toBe(clusterDir);
    const info = await stat(clusterDir);
    expect({ uid: info.uid, gid: info.gid, mode: info.mode & 0o777 }).toEqual({
      uid: user.uid,
      gid: user.gid,
      mode: 0o700,
    });
    expect(await firstBlockedDirectory(clusterDir, user)).toBeUndefined();
    // The same DATA_DIR again: the same cluster.
    expect(await prepareClusterDirectory(wanted, user)).toBe(clusterDir);
  });

  it('removes a moved cluster whose DATA_DIR was deleted when the next one is moved', async () => {
    const user = await postgresSystemUser();
    const first = await mkdtemp(join(tmpdir(), 'slimshop-root-deleted-'));
    const abandoned = await prepareClusterDirectory(join(first, 'postgres'), user);
    homes.push(dirname(abandoned));
    await rm(first, { recursive: true, force: true });

    const second = await mkdtemp(join(tmpdir(), 'slimshop-root-next-'));
    dirs.push(second);
    homes.push(dirname(await prepareClusterDirectory(join(second, 'postgres'), user)));

    expect(await lstat(abandoned).catch(() => 'removed')).toBe('removed');
  });

  it('keeps a reachable DATA_DIR in place and hands the cluster directory to the postgres user', async () => {
    const user = await postgresSystemUser();
    const open = await mkdtemp(join(tmpdir(), 'slimshop-root-open-'));
    dirs.push(open);
    await chmod(open, 0o755);
    const wanted = join(open, 'postgres');

    expect(await prepareClusterDirectory(wanted, user)).toBe(wanted);
    const info = await stat(wanted);
    expect({ uid: info.uid, mode: info.mode & 0o777 }).toEqual({ uid: user.uid, mode: 0o700 });
  });

  it('keeps a private cluster directory in an open parent in place (a test server in mkdtemp)', async () => {
    const user = await postgresSystemUser();
    const clusterDir = await mkdtemp(join(tmpdir(), 'slimshop-root-cluster-'));
    dirs.push(clusterDir);

    expect(await prepareClusterDirectory(clusterDir, user)).toBe(clusterDir);
    expect((await stat(clusterDir)).uid).toBe(user.uid);
  });
});
