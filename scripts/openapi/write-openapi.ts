// npm run openapi [-- --out <file>]: writes the OpenAPI document (default dist/openapi.json) for the tools
// that read a file: Redocly's lint in `npm run lint`, and the client's type generator.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { publishedDocument } from './published-document.js';

const USAGE = `Usage: npm run openapi [-- --out <file>]

Writes the API's OpenAPI 3.1 document, every optional part included, as JSON.
  --out <file>   where to write it (default dist/openapi.json)
  -h, --help     this text`;

let options: { out?: string; help?: boolean };
try {
  ({ values: options } = parseArgs({
    options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }));
} catch (error) {
  console.error(`${(error as Error).message}. See npm run openapi -- --help.`);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}

const out = options.out ?? 'dist/openapi.json';
const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
await mkdir(dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(await publishedDocument(version), null, 2)}\n`);
console.log(`wrote ${out}`);
