import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The names Chromium and Chrome go by on PATH across Debian, Ubuntu, Fedora, Arch and Homebrew. */
export const CHROMIUM_NAMES = [
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-stable',
] as const;

export const CHROMIUM_MISSING = 'Chromium not found: install chromium or set CHROME_PATH';

const isExecutableFile = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/**
 * The browser the page tests drive: CHROME_PATH when set (macOS keeps Chrome inside an app bundle, off
 * PATH), else the first of CHROMIUM_NAMES found on PATH. Undefined when there is none, or when CHROME_PATH
 * names nothing executable: a wrong explicit path should not quietly give way to another browser.
 */
export function findChromium(env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.CHROME_PATH) return isExecutableFile(env.CHROME_PATH) ? env.CHROME_PATH : undefined;
  const directories = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of CHROMIUM_NAMES) {
    for (const directory of directories) {
      const candidate = join(directory, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/** CI=true (or any value but false/0): a missing browser must fail the run there, not skip the tests. */
export const inCi = (env: Record<string, string | undefined> = process.env): boolean =>
  env.CI !== undefined && !['', 'false', '0'].includes(env.CI.toLowerCase());

/**
 * How the browser tests and benches launch it: headless, no GPU (none on a build machine), no background
 * traffic (updates, sync, QUIC) competing with the page for the network and the CPU.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
