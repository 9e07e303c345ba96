import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The swagger-ui files the docs page needs; nothing else from the package is ever served. */
export const DOCS_ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
} as const;
export type DocsAssetName = keyof typeof DOCS_ASSETS;

let directory: string | undefined;
const cache = new Map<DocsAssetName, Promise<Buffer>>();

/**
 * Reads an asset on first request and keeps it in memory; nothing is touched at import time, because
 * a Lambda cold start should not pay 1.5 MB of disk reads for a page few requests ever ask for. The file
 * system modules load then too: an ES import of `node:fs` builds its namespace, whose `promises` getter
 * loads fs/promises with readline and the stream classes, ~1 ms of a cold start.
 * The build copies the files into `docs-assets/` next to each bundle; from source they come straight
 * out of node_modules/swagger-ui-dist.
 */
export function readDocsAsset(name: DocsAssetName): Promise<Buffer> {
  let content = cache.get(name);
  if (!content) {
    content = (async () => {
      const { readFile } = await import('node:fs/promises');
      return readFile(join(await assetDirectory(), name));
    })();
    // A failed read (a broken deployment) is retried on the next request instead of being cached.
    content.catch(() => cache.delete(name));
    cache.set(name, content);
  }
  return content;
}

async function assetDirectory(): Promise<string> {
  if (directory === undefined) {
    const [{ existsSync }, { createRequire }] = await Promise.all([import('node:fs'), import('node:module')]);
    const besideBundle = fileURLToPath(new URL('./docs-assets/', import.meta.url));
    directory = existsSync(join(besideBundle, 'swagger-ui-bundle.js'))
      ? besideBundle
      : dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  }
  return directory;
}
