/// <reference types="chrome" />
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { EXTENSION_PATH, launchWithExtension } from './chromium';

export { EXTENSION_PATH, launchWithExtension };

interface Fixtures {
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  /** Every URL requested by any page or worker of the browser during the test. */
  requests: string[];
  /** The browser profile folder of this test's Chromium (its processes name it). */
  profileDir: string;
  /** A page server on 127.0.0.1 for selection tests: path → HTML. */
  pageServer: { url(pagePath: string): string; pages: Map<string, string> };
  openPanelPage(): Promise<Page>;
}

export const test = base.extend<Fixtures>({
  requests: async ({}, use) => {
    await use([]);
  },
  profileDir: async ({}, use) => {
    const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'copilot-profile-'));
    await use(userDataDir);
    await rm(userDataDir, { recursive: true, force: true });
  },
  context: async ({ requests, profileDir: userDataDir }, use) => {
    const context = await launchWithExtension(userDataDir);
    context.on('request', (request) => requests.push(request.url()));
    await use(context);
    await context.close();
  },
  serviceWorker: async ({ context }, use) => {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await use(worker);
  },
  extensionId: async ({ serviceWorker }, use) => {
    await use(new URL(serviceWorker.url()).host);
  },
  pageServer: async ({}, use) => {
    const pages = new Map<string, string>();
    const server: Server = createServer((req, res) => {
      const html = pages.get(req.url ?? '/');
      res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await use({ url: (pagePath) => `http://127.0.0.1:${port}${pagePath}`, pages });
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  },
  openPanelPage: async ({ context, extensionId }, use) => {
    await use(async () => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
      await expect(page.getByRole('combobox', { name: 'Search asyncio cards' })).toBeVisible();
      return page;
    });
  },
});

export { expect };

/** Requests that went anywhere but the extension itself or the test's own page server. */
export function requestsLeavingTheExtension(requests: string[], extensionId: string): string[] {
  return requests.filter(
    (url) => !url.startsWith(`chrome-extension://${extensionId}/`) && !url.startsWith('http://127.0.0.1:') && !url.startsWith('data:'),
  );
}

/**
 * Reads an attribute from the real side panel's DOM. The panel is not one of Playwright's
 * pages, so another extension page (`extensionPage`) finds it among the extension's views.
 */
export function readSidePanel(extensionPage: Page, selector: string, attribute: string): Promise<string | null> {
  return extensionPage.evaluate(
    ([selector, attribute]) => {
      const panelView = chrome.extension.getViews().find((v) => v !== window && v.location.pathname === '/sidepanel.html');
      return panelView?.document.querySelector(selector!)?.getAttribute(attribute!) ?? null;
    },
    [selector, attribute],
  );
}
