// Headless Chromium for the browser benches: the browser the admin console's browser tests use (the same
// finder, loaded through tsx rather than copied), launched with the same flags.
import { chromium } from 'playwright-core';
import { tsImport } from 'tsx/esm/api';

const { findChromium, CHROMIUM_MISSING } = await tsImport(
  '../../test/browser/find-chromium.ts',
  import.meta.url,
);

// As test/browser/console-harness.ts launches it: no GPU (none on a build machine), no background traffic
// (updates, sync, QUIC) that would compete with the page for the network and the CPU.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The viewport of the console's browser tests. */
export const VIEWPORT = { width: 1280, height: 800 };

/**
 * Chromium (CHROME_PATH, else chromium / chromium-browser / google-chrome on PATH), or an error saying what
 * to install. Each `browser.newContext({ viewport: VIEWPORT })` is a fresh profile: empty cache, no storage.
 *
 * @example
 *   const browser = await launchBenchChromium();
 *   const context = await browser.newContext({ viewport: VIEWPORT });
 */
export async function launchBenchChromium() {
  const executablePath = findChromium();
  if (executablePath === undefined) throw new Error(CHROMIUM_MISSING);
  const browser = await chromium.launch({ executablePath, headless: true, args: ARGS });
  return Object.assign(browser, { executablePath });
}
