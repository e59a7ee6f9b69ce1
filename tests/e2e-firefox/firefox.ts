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
    // The window's own size (puppeteer's 800x600 emulation is also refused by Firefox 140).
    defaultViewport: null,
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
      // Firefox 140 with a window may not exit on BiDi's browser.close: after a grace period
      // the process is ended, so the test run never waits on it.
      const child = browser.process();
      const exited = child && child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : Promise.resolve();
      const grace = new Promise((resolve) => setTimeout(resolve, 10_000).unref());
      await Promise.race([browser.close().catch(() => undefined).then(() => exited), grace]);
      if (child && child.exitCode === null) child.kill('SIGKILL');
      await proxy.close();
      await rm(downloadDir, { recursive: true, force: true });
    },
  };
}

/**
 * Functions the tests pass to page.evaluate are compiled by tsx (esbuild with keepNames),
 * which wraps named inner functions in a `__name` helper the page lacks: this defines it
 * (as the identity) in the page's current document. Called after each navigation.
 */
export async function defineEvaluateHelpers(page: Page): Promise<void> {
  await page.evaluate('globalThis.__name = (target) => target;');
}

/** A new tab. */
export function newTab(browser: Browser): Promise<Page> {
  return browser.newPage();
}

/** Navigates without awaiting: Firefox sends no load event for moz-extension pages, so
 * puppeteer's goto never settles; the caller waits for the page's own content. */
export function startNavigation(page: Page, url: string): void {
  void page.goto(url).catch(() => undefined);
}

/**
 * Navigates with WebDriver BiDi's browsingContext.navigate until the document is
 * interactive: awaited, unlike puppeteer's goto, which waits for a load event Firefox does
 * not send for moz-extension documents.
 */
export async function navigateUntilInteractive(page: Page, url: string): Promise<void> {
  const context = (page.mainFrame() as unknown as { _id: string })._id;
  await bidi(page.browser()).send('browsingContext.navigate', { context, url, wait: 'interactive' });
}

/** Opens the panel page in a new tab and waits for its search box. */
export async function openExtensionPage(browser: Browser, url = PANEL_URL): Promise<Page> {
  const page = await newTab(browser);
  startNavigation(page, url);
  await page.waitForSelector('::-p-aria([name="Search asyncio cards"][role="combobox"])', { timeout: 20_000 });
  await defineEvaluateHelpers(page);
  return page;
}

/**
 * Sets the page's viewport with WebDriver BiDi's browsingContext.setViewport (null: the
 * window's own size again). puppeteer's setViewport also sends a screen-orientation override
 * that Firefox ESR does not know.
 */
export async function setViewportSize(page: Page, size: { width: number; height: number } | null): Promise<void> {
  const context = (page.mainFrame() as unknown as { _id: string })._id;
  await bidi(page.browser()).send('browsingContext.setViewport', { context, viewport: size });
}

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
}

/** The raw WebDriver BiDi connection puppeteer drives Firefox over. */
export function bidi(browser: Browser): BidiConnection {
  return (browser as unknown as { connection: BidiConnection }).connection;
}

/**
 * The browser window's own document (chrome://browser/content/browser.xhtml), reachable
 * with --remote-allow-system-access: the sidebar and the context menu live there, not in a page.
 */
export async function browserWindowContext(browser: Browser): Promise<string> {
  const context = await findBrowserWindowContext(browser);
  if (!context) throw new Error('this Firefox does not expose its browser window over WebDriver BiDi (moz:scope chrome)');
  return context;
}

/** The browser window's chrome context, or undefined where BiDi has no chrome scope (Firefox 140 ignores moz:scope). */
export async function findBrowserWindowContext(browser: Browser): Promise<string | undefined> {
  const { result } = await bidi(browser).send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const contexts = (result as { contexts: { context: string; url: string }[] }).contexts;
  return contexts.find((context) => context.url === 'chrome://browser/content/browser.xhtml')?.context;
}

/** Evaluates an expression in the browser window's chrome document and returns its JSON value. */
export async function evaluateInBrowserWindow<T>(browser: Browser, context: string, expression: string): Promise<T> {
  const { result } = await bidi(browser).send('script.evaluate', {
    expression: `(async () => JSON.stringify(await (${expression})))()`,
    target: { context },
    awaitPromise: true,
  });
  const evaluation = result as { type: string; result?: { value?: string }; exceptionDetails?: { text: string } };
  if (evaluation.type !== 'success') throw new Error(`chrome evaluation failed: ${evaluation.exceptionDetails?.text}`);
  return JSON.parse(evaluation.result?.value ?? 'null') as T;
}

/**
 * A PNG of the whole browser window, sidebar included. BiDi's captureScreenshot refuses the
 * chrome scope, so the window paints itself (drawSnapshot, remote sidebar and tab included).
 */
export async function screenshotBrowserWindow(browser: Browser, context: string): Promise<Buffer> {
  const dataUrl = await evaluateInBrowserWindow<string>(
    browser,
    context,
    `(async () => {
      const bitmap = await window.browsingContext.currentWindowGlobal.drawSnapshot(null, 1, 'white');
      const canvas = document.createElementNS('http://www.w3.org/1999/xhtml', 'canvas');
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      canvas.getContext('2d').drawImage(bitmap, 0, 0);
      return canvas.toDataURL('image/png');
    })()`,
  );
  return Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');
}
