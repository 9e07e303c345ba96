// A Node 22 binary for the cold-start benchmarks: the Lambda runtime is nodejs22.x while this machine (and
// the repository's toolchain) runs Node 20. npm's `node` package ships the official binary; it is installed
// once into a gitignored folder of the checkout, never into the repository's package.json.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './report.mjs';

const CACHE_DIR = join(repoRoot, '.cache/node22');
const CACHED_BINARY = join(CACHE_DIR, 'node_modules/node/bin/node');

/**
 * The path of a Node 22 binary: `explicit` when given (checked to be Node 22), otherwise the one cached in
 * .cache/node22, installed there with npm on first use (~120 MB, ~10 s).
 *
 * @example
 *   const node22 = node22Binary(args.node22); // args.node22: an optional --node22 <path>
 *   spawn(node22, ['bench/lib/invoke-once.mjs', handlerFile]);
 */
export function node22Binary(explicit) {
  const binary = explicit ?? CACHED_BINARY;
  if (!explicit && !existsSync(binary)) {
    console.error(`installing node@22 into ${CACHE_DIR} (once)`);
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        CACHE_DIR,
        'node@22',
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
      ],
      { stdio: 'inherit' },
    );
  }
  const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith('v22.')) throw new Error(`${binary} is Node ${version}, not Node 22`);
  return binary;
}
