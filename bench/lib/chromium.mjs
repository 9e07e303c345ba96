// Headless Chromium for the browser benches: the browser the admin console's browser tests use (the same
// finder and flags, loaded through tsx rather than copied).
import { chromium } from 'playwright-core';
import { tsImport } from 'tsx/esm/api';

const { findChromium, CHROMIUM_ARGS, CHROMIUM_MISSING } = await tsImport(
  '../../test/browser/find-chromium.ts',
  import.meta.url,
);

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
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  return Object.assign(browser, { executablePath });
}
