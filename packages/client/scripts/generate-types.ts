// `npm run client:generate`: writes the client's types (src/generated/openapi.ts) from the OpenAPI document
// file `npm run openapi` wrote (dist/openapi.json).
import { readFile, writeFile } from 'node:fs/promises';
import { openApiTypes } from './openapi-types.js';

const source = process.argv[2] ?? 'dist/openapi.json';
const target = new URL('../src/generated/openapi.ts', import.meta.url);
await writeFile(target, await openApiTypes(JSON.parse(await readFile(source, 'utf8'))));
process.stdout.write(`wrote ${target.pathname} from ${source}\n`);
