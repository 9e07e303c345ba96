import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { configurationMarkdown } from '../../scripts/config-docs/configuration-markdown.js';
import { ENV } from '../../src/config/env-names.js';

const committed = () => readFile(new URL('../../docs/configuration.md', import.meta.url), 'utf8');

describe('docs/configuration.md', () => {
  it('is what npm run docs:config generates from src/config/ now', async () => {
    // On failure: run `npm run docs:config` and commit docs/configuration.md with the change to src/config/.
    expect(await committed(), 'docs/configuration.md is stale: run npm run docs:config').toBe(
      configurationMarkdown(),
    );
  });

  it('lists every environment variable the code reads, each once', async () => {
    const text = await committed();
    for (const name of Object.values(ENV)) {
      expect(text.match(new RegExp(`^\\| \`${name}\` \\|`, 'gm')), name).toHaveLength(1);
    }
  });

  it('says npm start listens on loopback and the container on every interface', async () => {
    expect(await committed()).toMatch(
      /^\| `HOST` \| `127\.0\.0\.1` for `npm start`; `0\.0\.0\.0` in the container \|/m,
    );
  });
});
