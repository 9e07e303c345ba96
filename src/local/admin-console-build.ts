import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../app/ports/logger.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** What the console is built from: its own sources, and the client whose types and calls it uses. */
const SOURCES = [
  'packages/admin/src',
  'packages/admin/index.html',
  'packages/admin/vite.config.ts',
  'packages/client/src',
];

/**
 * `npm start` serves the console from dist/admin: built here when missing or older than its sources (a fresh
 * clone, a pull), so `npm install && npm start` needs no separate build. Vite builds it in well under a
 * second. The build goes to a folder of its own and is then swapped in, so a server or test reading
 * dist/admin at the same time never sees half of one. A checkout without the console's sources (a
 * container image) keeps whatever it has.
 *
 * @example
 * await buildAdminConsoleIfStale(logger); // then the server's /admin/ serves the current console
 */
export async function buildAdminConsoleIfStale(logger: Logger, root = ROOT): Promise<void> {
  if (!existsSync(join(root, 'packages/admin/index.html'))) return;
  const target = join(root, 'dist/admin');
  const built = await stat(join(target, 'index.html')).catch(() => undefined);
  const newest = Math.max(...(await Promise.all(SOURCES.map((path) => newestChange(join(root, path))))));
  if (built !== undefined && built.mtimeMs >= newest) return;

  const started = performance.now();
  const suffix = randomUUID();
  const fresh = `${target}.building-${suffix}`;
  const { build } = await import('vite');
  await build({
    configFile: join(root, 'packages/admin/vite.config.ts'),
    build: { outDir: fresh, emptyOutDir: true },
    logLevel: 'warn',
  });
  const old = `${target}.old-${suffix}`;
  await rename(target, old).catch(() => undefined);
  // Another start may have swapped its own build in meanwhile: built from the same sources, it is as good.
  await rename(fresh, target).catch(() => rm(fresh, { recursive: true, force: true }));
  await rm(old, { recursive: true, force: true });
  logger.info('admin console built', { into: 'dist/admin', ms: Math.round(performance.now() - started) });
}

/** The latest modification time of a file, or of anything in a folder (0 when absent). */
async function newestChange(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path, { withFileTypes: true });
  const times = await Promise.all(entries.map((entry) => newestChange(join(path, entry.name))));
  return Math.max(info.mtimeMs, ...times);
}
