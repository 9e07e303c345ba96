import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, inCi } from './find-chromium.js';

describe('findChromium', () => {
  let root: string;
  const bin = (name: string) => join(root, name);

  /** An executable file at `dir/name`, as a package manager would install a browser's launcher. */
  const install = async (dir: string, name: string) => {
    await mkdir(bin(dir), { recursive: true });
    await writeFile(join(bin(dir), name), '#!/bin/sh\n');
    await chmod(join(bin(dir), name), 0o755);
    return join(bin(dir), name);
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'find-chromium-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('takes CHROME_PATH first, even when a chromium is on PATH', async () => {
    const onPath = await install('a', 'chromium');
    const chrome = await install('apps', 'Google Chrome');
    expect(findChromium({ CHROME_PATH: chrome, PATH: bin('a') })).toBe(chrome);
    expect(findChromium({ PATH: bin('a') })).toBe(onPath);
  });

  it('refuses a CHROME_PATH that names nothing executable instead of picking another browser', async () => {
    await install('b', 'chromium');
    expect(findChromium({ CHROME_PATH: join(root, 'missing'), PATH: bin('b') })).toBeUndefined();
  });

  it('finds each name the browser goes by on PATH, in every PATH directory', async () => {
    const stable = await install('c', 'google-chrome-stable');
    expect(findChromium({ PATH: [bin('empty'), bin('c')].join(delimiter) })).toBe(stable);
    const browser = await install('d', 'chromium-browser');
    expect(findChromium({ PATH: [bin('c'), bin('d')].join(delimiter) })).toBe(browser);
  });

  it('skips a file that is not executable, and finds nothing on an empty PATH', async () => {
    await mkdir(bin('e'), { recursive: true });
    await writeFile(join(bin('e'), 'chromium'), 'not a program');
    expect(findChromium({ PATH: bin('e') })).toBeUndefined();
    expect(findChromium({})).toBeUndefined();
  });
});

describe('inCi', () => {
  it('is on for CI=true or 1, off when unset, empty, false or 0', () => {
    expect(inCi({ CI: 'true' })).toBe(true);
    expect(inCi({ CI: '1' })).toBe(true);
    expect(inCi({})).toBe(false);
    expect(inCi({ CI: '' })).toBe(false);
    expect(inCi({ CI: 'false' })).toBe(false);
    expect(inCi({ CI: '0' })).toBe(false);
  });
});
