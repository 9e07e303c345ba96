import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { binariesRunnableBy, installedPostgresBinaries, type PostgresBinaries } from './postgres-binaries.js';
import { postgresSystemUser, STATE_ROOT } from './postgres-run-as.js';

const run = promisify(execFile);

describe('installedPostgresBinaries', () => {
  it('finds initdb and postgres of the package npm installed for this machine', async () => {
    const binaries = await installedPostgresBinaries();

    const { stdout } = await run(binaries.postgres, ['--version']);
    expect(stdout).toMatch(/^postgres \(PostgreSQL\) 17\./);
    expect(binaries.initdb).toBe(join(binaries.dir, 'bin', 'initdb'));
  });
});

describe.runIf(userInfo().uid === 0)('binariesRunnableBy (as root)', () => {
  const cleanup: string[] = [];
  afterAll(async () => {
    for (const path of cleanup) await rm(path, { recursive: true, force: true });
  });

  /** A stand-in for the package's native/ folder: a program that prints who runs it, and a library link. */
  async function fakeBinaries(parent: string): Promise<PostgresBinaries> {
    const dir = join(parent, 'native');
    await mkdir(join(dir, 'bin'), { recursive: true, mode: 0o755 });
    await mkdir(join(dir, 'lib'), { mode: 0o755 });
    const program = '#!/bin/sh\nid -un\n';
    for (const name of ['postgres', 'initdb'])
      await writeFile(join(dir, 'bin', name), program, { mode: 0o755 });
    await writeFile(join(dir, 'lib', 'libpq.so.5.17'), '', { mode: 0o644 });
    await symlink('libpq.so.5.17', join(dir, 'lib', 'libpq.so.5'));
    const version = `test-${randomUUID()}`;
    return { dir, initdb: join(dir, 'bin', 'initdb'), postgres: join(dir, 'bin', 'postgres'), version };
  }

  it('copies binaries inside a directory only root may enter to one the postgres user can run them from', async () => {
    const user = await postgresSystemUser();
    const privateDir = await mkdtemp(join(tmpdir(), 'slimshop-private-clone-'));
    cleanup.push(privateDir);
    const installed = await fakeBinaries(privateDir);

    const runnable = await binariesRunnableBy(installed, user);
    cleanup.push(runnable.dir);

    expect(runnable.dir.startsWith(`${STATE_ROOT}/`)).toBe(true);
    const { stdout } = await run(runnable.postgres, [], { uid: user.uid, gid: user.gid, cwd: '/' });
    expect(stdout.trim()).toBe(user.name);
    expect(await readlink(join(runnable.dir, 'lib', 'libpq.so.5'))).toBe('libpq.so.5.17');
    // Copied once per version.
    expect(await binariesRunnableBy(installed, user)).toEqual(runnable);
  });

  it('keeps binaries the postgres user can reach where they are', async () => {
    const user = await postgresSystemUser();
    const openDir = await mkdtemp(join(tmpdir(), 'slimshop-open-clone-'));
    cleanup.push(openDir);
    await chmod(openDir, 0o755);
    const installed = await fakeBinaries(openDir);

    expect(await binariesRunnableBy(installed, user)).toEqual(installed);
  });
});
