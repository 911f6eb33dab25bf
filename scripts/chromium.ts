/**
 * Finding a Chromium for the browser tests: CHROMIUM_PATH, else Debian's `chromium` (or
 * `chromium-browser`) on PATH, else installed with apt-get (root, Debian or Ubuntu) when missing.
 * Playwright's own browser download is not used: it needs the internet at run time.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function find(): string | undefined {
  const given = process.env.CHROMIUM_PATH;
  if (given && fs.existsSync(given)) return given;
  return onPath('chromium') ?? onPath('chromium-browser');
}

/** The Chromium to use, installing it when missing; throws saying why there is none. */
export function ensureChromium(log: (message: string) => void = () => {}): string {
  const found = find();
  if (found) return found;
  if (process.platform !== 'linux' || !onPath('apt-get') || process.getuid?.() !== 0) {
    throw new Error('No Chromium found: install one (e.g. `apt-get install chromium`) or set CHROMIUM_PATH.');
  }
  log('Installing Chromium for the browser tests (apt-get install chromium)...');
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  if (install().status !== 0) {
    // The package lists may be missing or stale on a fresh machine.
    spawnSync('apt-get', ['update'], { stdio: 'ignore' });
    if (install().status !== 0) throw new Error('apt-get could not install chromium; install it by hand or set CHROMIUM_PATH.');
  }
  const installed = find();
  if (!installed) throw new Error('chromium was installed but is not on PATH; set CHROMIUM_PATH.');
  return installed;
}
