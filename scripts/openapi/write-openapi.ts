// `npm run openapi`: writes the OpenAPI document to a file (default dist/openapi.json) for the tools that
// read one: Redocly's lint in `npm run lint`, and the client's type generator (`npm run client:generate`).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CommandLineError, readCommandLine } from '../../src/entrypoints/command-line.js';
import { publishedDocument } from './published-document.js';

const HELP = `Usage: npm run openapi [-- --out <file>]

Writes the API's OpenAPI 3.1 document as JSON, every optional part included (ordering, images, jobs),
as a stage with all of them serves it at GET /openapi.json. Starts nothing, connects to nothing.

  --out <file>  where to write it (default dist/openapi.json)
  -h, --help    this text
`;

try {
  const commandLine = readCommandLine(process.argv.slice(2), { out: { type: 'string' } });
  if (commandLine.help) process.stdout.write(HELP);
  else {
    const out = String(commandLine.values.out ?? 'dist/openapi.json');
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(await publishedDocument(version), null, 2)}\n`);
    process.stdout.write(`wrote ${out}\n`);
  }
} catch (error) {
  if (!(error instanceof CommandLineError)) throw error;
  process.stderr.write(`openapi: ${error.message} (see --help)\n`);
  process.exitCode = 2;
}
