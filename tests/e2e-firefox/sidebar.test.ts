import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { hasXdotool } from '../support/xdotool';
import { mkdir, writeFile } from 'node:fs/promises';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import {
  defineEvaluateHelpers,
  evaluateInBrowserWindow,
  findBrowserWindowContext,
  findFirefox,
  launchFirefox,
  EXTENSION_ORIGIN,
  missingFirefoxMessage,
  newTab,
  screenshotBrowserWindow,
  navigateUntilInteractive,
  startPageServer,
  type FirefoxWithAddon,
  type PageServer,
} from './firefox';

const PAGE_TITLE = 'Sidebar notes';
const PAGE = `<!doctype html><html><head><title>${PAGE_TITLE}</title></head><body>
<h1>Notes</h1>
<p id="pending">Task was destroyed but it is pending!</p>
<p id="running">Calling it from my notebook cell fails with RuntimeError: asyncio.run() cannot be called from a running event loop</p>
</body></html>`;


const firefoxPath = findFirefox();
// A real key press and a real click on the browser's own menu need a display: npm test runs
// this under xvfb-run when it is installed (scripts/with-display.sh; .ci/run installs it).
const skipReason = !firefoxPath ? missingFirefoxMessage : !process.env.DISPLAY || !hasXdotool() ? 'needs an X display and xdotool (run under xvfb-run)' : false;

/** Selects a paragraph of the page the way a user's drag would, and returns the selected text. */
function selectParagraph(page: Page, id: string): Promise<string> {
  return page.evaluate((elementId) => {
    const range = document.createRange();
    range.selectNodeContents(document.getElementById(elementId)!);
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(range);
    return window.getSelection()!.toString();
  }, id);
}

/** Gives the page's browser window the X keyboard focus and waits until the page has it. */
async function focusPageWindow(page: Page): Promise<void> {
  await page.bringToFront();
  execFileSync('xdotool', ['search', '--sync', '--onlyvisible', '--name', PAGE_TITLE, 'windowfocus', '--sync']);
  await page.waitForFunction(() => document.hasFocus(), { timeout: 10_000 });
}

interface SidebarState {
  cardId: string | null;
  concept: string | null;
  /** Width of the sidebar's document and how far its content overflows it sideways. */
  width: number;
  overflowX: number;
}

/**
 * Waits until the real sidebar shows a card and returns what it shows. Another extension
 * page (the reader tab) reaches the sidebar's document through browser.extension.getViews.
 */
async function waitForSidebarCard(reader: Page, attribute: 'data-card-id' | 'data-concept', expected: string): Promise<SidebarState> {
  // Polled on a timer inside the reader (a background tab, where animation frames do not
  // run); not puppeteer's waitForFunction, whose `new Function` the add-on's CSP refuses on 140.
  return reader.evaluate(
    (attribute, expected, timeout) =>
      new Promise<SidebarState>((resolve, reject) => {
        const extension = (globalThis as unknown as { browser: { extension: { getViews(filter: object): Window[] } } }).browser.extension;
        const started = Date.now();
        const timer = setInterval(() => {
          const view = extension.getViews({ type: 'sidebar' })[0];
          const article = view?.document.querySelector('article');
          if (view && article?.getAttribute(attribute) === expected) {
            clearInterval(timer);
            const root = view.document.documentElement;
            resolve({
              cardId: article.getAttribute('data-card-id'),
              concept: article.getAttribute('data-concept'),
              width: root.clientWidth,
              overflowX: root.scrollWidth - root.clientWidth,
            });
          } else if (Date.now() - started > timeout) {
            clearInterval(timer);
            reject(new Error(`the sidebar shows ${view ? (article?.getAttribute(attribute) ?? 'no card') : 'nothing (not open)'}, not ${expected}`));
          }
        }, 100);
      }),
    attribute,
    expected,
    30_000,
  );
}

async function sidebarViews(reader: Page): Promise<number> {
  return reader.evaluate(() => (globalThis as unknown as { browser: { extension: { getViews(filter: object): Window[] } } }).browser.extension.getViews({ type: 'sidebar' }).length);
}

/** Saves a screenshot of the whole window, where this Firefox lets the test reach it. */
async function saveWindowScreenshot(browser: Browser, file: string): Promise<void> {
  const context = await findBrowserWindowContext(browser);
  if (!context) {
    console.log(`# no window screenshot (${file}): this Firefox has no chrome scope over WebDriver BiDi`);
    return;
  }
  await mkdir('test-results', { recursive: true });
  await writeFile(file, await screenshotBrowserWindow(browser, context));
}

describe('Firefox: the real sidebar under a display', { skip: skipReason }, () => {
  let pageServer: PageServer;
  let firefox: FirefoxWithAddon | undefined;

  before(async () => {
    pageServer = await startPageServer();
    pageServer.pages.set('/notes.html', PAGE);
  });
  afterEach(async () => {
    await firefox?.close();
    firefox = undefined;
  });
  after(async () => {
    await pageServer?.close();
  });

  /** Firefox with the add-on, a reader tab for the sidebar's DOM, and the notes page in front. */
  async function start(): Promise<{ browser: Browser; reader: Page; page: Page }> {
    firefox = await launchFirefox(firefoxPath!, { headless: false });
    // The reader is an add-on document that runs no panel code (the add-on's background
    // script shown as text): a second panel would take the selection meant for the sidebar.
    const reader = await newTab(firefox.browser);
    await navigateUntilInteractive(reader, `${EXTENSION_ORIGIN}/background.js`);
    await defineEvaluateHelpers(reader);
    assert.equal(await sidebarViews(reader), 0, 'the sidebar does not open by itself at install');
    const page = await newTab(firefox.browser);
    await page.goto(pageServer.url('/notes.html'));
    return { browser: firefox.browser, reader, page };
  }

  function assertNothingLeft(): void {
    assert.deepEqual(firefox!.proxy.requests, [], 'requests that reached the refusing proxy');
    assert.deepEqual(
      pageServer.requests.filter((url) => url !== '/favicon.ico' && url !== '/notes.html'),
      [],
    );
  }

  it('Alt+Shift+K, pressed for real on a page with a selection, opens the sidebar on the matching card', { timeout: 90_000 }, async () => {
    const { browser, reader, page } = await start();
    assert.match(await selectParagraph(page, 'pending'), /destroyed but it is pending/);
    await focusPageWindow(page);
    execFileSync('xdotool', ['key', '--clearmodifiers', 'alt+shift+k']);
    const shown = await waitForSidebarCard(reader, 'data-card-id', 'task-reference-gc');
    await saveWindowScreenshot(browser, 'test-results/firefox-sidebar-shortcut.png');
    console.log(`# sidebar ${shown.width} px wide, content overflows it by ${shown.overflowX} px`);
    assertNothingLeft();
  });

  it("the context-menu item, clicked for real, opens the sidebar on the selection's card", { timeout: 90_000 }, async (t) => {
    const { browser, reader, page } = await start();
    // The menu is Firefox's own (not a page): the test finds the item's place on the screen
    // through the browser window's document, which Firefox 140's BiDi does not expose.
    const windowContext = await findBrowserWindowContext(browser);
    if (!windowContext) {
      t.skip(`Firefox ${await browser.version()} has no chrome scope over WebDriver BiDi to find the menu item on screen`);
      return;
    }
    assert.match(await selectParagraph(page, 'running'), /cannot be called from a running event loop/);
    await focusPageWindow(page);

    // Right-click on the selection, on the screen, as a user does.
    const point = await page.evaluate(() => {
      const box = document.getElementById('running')!.getBoundingClientRect();
      const screen = window as unknown as { mozInnerScreenX: number; mozInnerScreenY: number };
      return { x: Math.round((screen.mozInnerScreenX + box.left + 20) * devicePixelRatio), y: Math.round((screen.mozInnerScreenY + box.top + box.height / 2) * devicePixelRatio) };
    });
    const menuShown = evaluateInBrowserWindow<boolean>(
      browser,
      windowContext,
      `new Promise((resolve) => document.getElementById('contentAreaContextMenu').addEventListener('popupshown', () => resolve(true), { once: true }))`,
    );
    execFileSync('xdotool', ['mousemove', '--sync', String(point.x), String(point.y), 'click', '3']);
    assert.equal(await menuShown, true);

    // The add-on's item in Firefox's own menu, then a real click on it.
    const item = await evaluateInBrowserWindow<{ label: string; x: number; y: number }>(
      browser,
      windowContext,
      `(() => {
        const item = [...document.querySelectorAll('#contentAreaContextMenu menuitem')].find((i) => i.label.startsWith('asyncio Copilot: look up') && !i.hidden);
        const box = item.getBoundingClientRect();
        return { label: item.label, x: Math.round((item.screenX + box.width / 2) * devicePixelRatio), y: Math.round((item.screenY + box.height / 2) * devicePixelRatio) };
      })()`,
    );
    assert.match(item.label, /^asyncio Copilot: look up “Calling it from my notebook cell.*”$/);
    execFileSync('xdotool', ['mousemove', '--sync', String(item.x), String(item.y), 'click', '1']);

    const shown = await waitForSidebarCard(reader, 'data-concept', 'running-loop-errors');
    await saveWindowScreenshot(browser, 'test-results/firefox-sidebar-context-menu.png');
    console.log(`# sidebar ${shown.width} px wide, content overflows it by ${shown.overflowX} px`);
    assertNothingLeft();
  });
});
