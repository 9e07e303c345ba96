import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../app/ports/logger.js';
import { buildAdminConsoleIfStale } from './admin-console-build.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

// A checkout of its own (the console's and client's sources linked in), so dist/admin here is this test's.
describe('npm start builds the admin console when dist/admin is missing or stale', {
  timeout: 60_000,
}, () => {
  let root: string;
  const index = () => join(root, 'dist/admin/index.html');

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'console-build-'));
    await symlink(join(REPO, 'packages'), join(root, 'packages'));
    await symlink(join(REPO, 'node_modules'), join(root, 'node_modules'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('builds a missing console, keeps a current one, and rebuilds one older than its sources', async () => {
    await buildAdminConsoleIfStale(silentLogger, root);
    const page = await readFile(index(), 'utf8');
    expect(page).toMatch(/<script type="module"[^>]+src="\.\/assets\/[^"]+\.js"/);
    const first = (await stat(index())).mtimeMs;

    await buildAdminConsoleIfStale(silentLogger, root);
    expect((await stat(index())).mtimeMs).toBe(first);

    const longAgo = new Date('2020-01-01T00:00:00Z');
    await utimes(index(), longAgo, longAgo);
    await buildAdminConsoleIfStale(silentLogger, root);
    expect((await stat(index())).mtimeMs).toBeGreaterThan(longAgo.getTime());
    // Nothing left beside it from the swap.
    expect(await readdir(join(root, 'dist'))).toEqual(['admin']);
  });

  it('leaves one whole build when two starts build at once', async () => {
    await rm(join(root, 'dist'), { recursive: true, force: true });
    await mkdir(join(root, 'dist'));
    await Promise.all([
      buildAdminConsoleIfStale(silentLogger, root),
      buildAdminConsoleIfStale(silentLogger, root),
    ]);
    expect(await readdir(join(root, 'dist'))).toEqual(['admin']);
    const page = await readFile(index(), 'utf8');
    for (const [, asset] of page.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g))
      expect((await stat(join(root, 'dist/admin', asset as string))).isFile()).toBe(true);
  });
});
