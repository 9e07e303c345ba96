// Sizes of a built bundle directory: the code Node reads at start-up (index.mjs and the chunks it imports
// statically) and all code on disk (plus chunks behind dynamic import(), read only when called).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const STATIC_IMPORT = /(?:^|[;}\s])import\s*(?:[\w${},\s*]+from\s*)?["'](\.\/[^"']+)["']/g;

export function bundleSize(dir) {
  const startup = new Set();
  const visit = (file) => {
    if (startup.has(file)) return;
    startup.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      visit(resolve(dirname(file), specifier));
    }
  };
  visit(join(dir, 'index.mjs'));
  const code = [join(dir, 'index.mjs'), ...listMjs(join(dir, 'chunks'))];
  const bytes = (files) => [...files].reduce((sum, file) => sum + statSync(file).size, 0);
  return { startupBytes: bytes(startup), totalBytes: bytes(code) };
}

function listMjs(dir) {
  try {
    return readdirSync(dir)
      .filter((file) => file.endsWith('.mjs'))
      .map((file) => join(dir, file));
  } catch {
    return [];
  }
}
