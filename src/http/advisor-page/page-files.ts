import { fileURLToPath } from 'node:url';

/** The page's static files (this folder), with their content types. Nothing else here is ever served. */
export const ADVISOR_PAGE_FILES = {
  'index.html': 'text/html; charset=utf-8',
  'advisor.js': 'text/javascript; charset=utf-8',
  'advisor.css': 'text/css; charset=utf-8',
} as const;
export type AdvisorPageFile = keyof typeof ADVISOR_PAGE_FILES;

const cache = new Map<AdvisorPageFile, Promise<Buffer>>();
let directory: string | undefined;

/**
 * Read on first request and kept: an API cold start never touches them, nor loads the file system modules
 * (see docs-assets.ts). The build copies this folder to `advisor-page/` beside each bundle; from source they
 * are read from here.
 */
export function readAdvisorPageFile(name: AdvisorPageFile): Promise<Buffer> {
  let content = cache.get(name);
  if (!content) {
    content = (async () => {
      const [{ existsSync }, { readFile }] = await Promise.all([
        import('node:fs'),
        import('node:fs/promises'),
      ]);
      directory ??= [new URL('./advisor-page/', import.meta.url), new URL('./', import.meta.url)]
        .map((url) => fileURLToPath(url))
        .find((dir) => existsSync(`${dir}advisor.js`));
      if (directory === undefined) throw new Error('The advisor page files are missing');
      return readFile(`${directory}${name}`);
    })();
    // A failed read (a broken deployment) is retried on the next request instead of being cached.
    content.catch(() => cache.delete(name));
    cache.set(name, content);
  }
  return content;
}
