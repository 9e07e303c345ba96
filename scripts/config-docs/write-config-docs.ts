// npm run docs:config: writes docs/configuration.md from src/config/, the reference of every setting.
import { writeFile } from 'node:fs/promises';
import { configurationMarkdown } from './configuration-markdown.js';

if (process.argv.slice(2).some((arg) => arg === '--help' || arg === '-h')) {
  console.log(`Usage: npm run docs:config

Writes docs/configuration.md from src/config/ (env-names.ts, config.ts, env-reference.ts).
  -h, --help   this text`);
  process.exit(0);
}

const out = new URL('../../docs/configuration.md', import.meta.url);
await writeFile(out, configurationMarkdown());
console.log('wrote docs/configuration.md');
