/** A real headless Chromium (Debian's, found or installed by scripts/chromium.ts) for page tests. */
import { chromium, type Browser } from 'playwright-core';
import { ensureChromium } from '../../scripts/chromium.js';

/** Launch Chromium headless; fails with the reason when none could be found or installed. */
export async function launchBrowser(): Promise<Browser> {
  if (process.env.CHROMIUM_MISSING) throw new Error(process.env.CHROMIUM_MISSING);
  const executablePath = process.env.CHROMIUM_PATH ?? ensureChromium();
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}
