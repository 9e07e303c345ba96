import { readFile, stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const README = new URL('../../README.md', import.meta.url);

describe('README.md', () => {
  it('stays at most 10 KB (10,240 bytes): details belong in docs/, linked from it', async () => {
    expect((await stat(README)).size).toBeLessThanOrEqual(10_240);
  });

  it('links only to files that exist', async () => {
    const text = await readFile(README, 'utf8');
    const targets = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
      .map((match) => match[1] as string)
      .filter((target) => !/^[a-z]+:/.test(target));
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) {
      await expect(stat(new URL(`../../${target}`, import.meta.url)), target).resolves.toBeDefined();
    }
  });
});
