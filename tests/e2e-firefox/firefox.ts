import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** The Firefox build (npm run build:firefox). */
export const FIREFOX_EXTENSION_PATH = path.resolve('.output/firefox-mv2');
/** The gecko id in wxt.config.ts; the pref below gives it a fixed moz-extension UUID. */
const GECKO_ID = 'asyncio-copilot@interview-copilot.dev';
const EXTENSION_UUID = '4f1c5a0e-7b9d-4e0a-9c3b-2d6f8a1e5b70';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;
export const PANEL_URL = `${EXTENSION_ORIGIN}/sidepanel.html`;

/**
 * Finds a Firefox to load the add-on in: FIREFOX_PATH, then Debian's Firefox ESR. Returns
 * undefined with none, and `missingFirefoxMessage` says what to install.
 */
export function findFirefox(): string | undefined {
  return [process.env.FIREFOX_PATH, '/usr/lib/firefox-esr/firefox-esr'].find((candidate): candidate is string => !!candidate && existsSync(candidate));
}

export const missingFirefoxMessage =
  'No Firefox found for the Firefox tests. Install Debian\'s Firefox ESR (sudo apt-get install -y --no-install-recommends firefox-esr) ' +
  'or point FIREFOX_PATH at a Firefox (140 or later) binary.';

/**
 * A local HTTP proxy that records and refuses every request. Firefox is pointed at it for
 * all of its traffic, so anything the add-on (or Firefox) tried to send out lands in
 * `requests` and goes nowhere.
 */
export interface RefusingProxy {
  port: number;
  requests: string[];
  close(): Promise<void>;
}

export async function startRefusingProxy(): Promise<RefusingProxy> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(403, { connection: 'close' }).end();
  });
  server.on('connect', (req, socket) => {
    requests.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A page server on 127.0.0.1 (path → HTML) that logs what it was asked for. */
export interface PageServer {
  url(pagePath: string): string;
  pages: Map<string, string>;
  requests: string[];
  close(): Promise<void>;
}

export async function startPageServer(): Promise<PageServer> {
  const pages = new Map<string, string>();
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const html = pages.get(req.url ?? '/');
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (pagePath) => `http://127.0.0.1:${port}${pagePath}`,
    pages,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export interface FirefoxWithAddon {
  browser: Browser;
  proxy: RefusingProxy;
  /** Where Firefox saves downloads (the backup export). */
  downloadDir: string;
  close(): Promise<void>;
}

/**
 * Starts Firefox on a fresh profile with the built add-on installed as a temporary add-on
 * (WebDriver BiDi webExtension.install). Firefox's own traffic (updates, remote settings,
 * telemetry) is switched off, and everything else goes to the refusing proxy.
 */
export async function launchFirefox(executablePath: string, { headless = true } = {}): Promise<FirefoxWithAddon> {
  const proxy = await startRefusingProxy();
  const downloadDir = await mkdtemp(path.join(os.tmpdir(), 'copilot-firefox-downloads-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless,
    // Without it Firefox refuses to navigate a tab to a moz-extension:// page for the test.
    args: ['--remote-allow-system-access'],
    // Release builds honour services.settings.server only with this variable set.
    env: { ...process.env, MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1' },
    dumpio: process.env.FIREFOX_DUMPIO === '1',
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      'services.settings.server': 'data:,#remote-settings-dummy/v1',
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxy.port,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxy.port,
      'network.proxy.share_proxy_settings': true,
      // The test's own page server on 127.0.0.1 is reached directly.
      'network.proxy.allow_hijacking_localhost': false,
      'browser.download.dir': downloadDir,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.alwaysOpenPanel': false,
      // Console output of extension pages on stdout (seen with FIREFOX_DUMPIO=1).
      'devtools.console.stdout.content': true,
    },
  });
  try {
    await browser.installExtension(FIREFOX_EXTENSION_PATH);
  } catch (error) {
    await browser.close();
    throw error;
  }
  return {
    browser,
    proxy,
    downloadDir,
    close: async () => {
      await browser.close();
      await proxy.close();
      await rm(downloadDir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens an extension page in a new tab. Firefox sends no load event for moz-extension
 * pages, so the navigation is not awaited: the page's own content is.
 */
export async function openExtensionPage(browser: Browser, url = PANEL_URL): Promise<Page> {
  const page = await browser.newPage();
  void page.goto(url, { waitUntil: [] as never }).catch(() => undefined);
  await page.waitForSelector('::-p-aria([name="Search asyncio cards"][role="combobox"])', { timeout: 20_000 });
  return page;
}
