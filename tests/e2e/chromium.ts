import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext } from '@playwright/test';

/** The Chrome build of the extension (npm run build). */
/** The built extension; COPILOT_EXTENSION_PATH points the tests at another build (say, an older one to compare). */
export const EXTENSION_PATH = path.resolve(process.env.COPILOT_EXTENSION_PATH ?? '.output/chrome-mv3');

/**
 * Finds a Chromium to load the extension in: CHROMIUM_PATH, Debian's binary (the
 * /usr/bin/chromium wrapper adds noise and an empty --load-extension), Playwright's own.
 * With none, it tries `npx playwright install chromium` once, then says what to install.
 */
export function findChromium(): string {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/lib/chromium/chromium',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    safePlaywrightPath(),
  ];
  const found = candidates.find((path): path is string => !!path && existsSync(path));
  if (found) return found;
  try {
    execSync('npx playwright install chromium', { stdio: 'inherit', timeout: 300_000 });
  } catch {
    // Reported below.
  }
  const installed = safePlaywrightPath();
  if (installed && existsSync(installed)) return installed;
  throw new Error(
    'No Chromium found for the browser tests. Install one of:\n' +
      '  Debian/Ubuntu: sudo apt-get install -y chromium\n' +
      '  any system with internet: npx playwright install chromium\n' +
      'or point CHROMIUM_PATH at a Chromium or Chrome binary.',
  );
}

function safePlaywrightPath(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/** Chromium with the built extension (or a copy at `extensionPath`) loaded, on the profile in
 * `userDataDir`; headless unless a real key press on a display is needed. The e2e tests and
 * `npm run bench:panel` launch the same browser. */
export function launchWithExtension(userDataDir: string, extensionPath = EXTENSION_PATH, { headless = true } = {}): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? findChromium(),
    headless,
    args: [
      `--disable-extensions-except=${extensionPath}`,
      `--load-extension=${extensionPath}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
