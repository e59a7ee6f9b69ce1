import assert from 'node:assert/strict';
import { watch } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import type { KnowledgeBase } from '../../knowledge/schema';
import { findFirefox, launchFirefox, missingFirefoxMessage, newTab, openExtensionPage, setViewportSize, startPageServer, type FirefoxWithAddon, type PageServer } from './firefox';
import { axeViolations } from './axe';
import { byRole, click, escapeRegExp, find, listButtonTexts, openTab, SEARCH_BOX, waitForAttribute, waitForText } from './page-helpers';

const firefoxPath = findFirefox();
if (!firefoxPath) console.warn(missingFirefoxMessage);

/** Waits for a file to appear in a folder (Firefox writes the download there) and returns its path. */
async function waitForDownload(dir: string, pattern: RegExp, timeoutMs: number): Promise<string> {
  const done = async () => (await readdir(dir)).find((name) => pattern.test(name));
  return new Promise((resolve, reject) => {
    const watcher = watch(dir);
    const timer = setTimeout(() => finish(new Error(`no download matching ${pattern} in ${timeoutMs} ms`)), timeoutMs);
    const finish = (error?: Error, name?: string) => {
      clearTimeout(timer);
      watcher.close();
      if (error) reject(error);
      else resolve(path.join(dir, name!));
    };
    const check = () =>
      void done().then((name) => {
        if (name) finish(undefined, name);
      });
    watcher.on('change', check);
    check();
  });
}

async function progressTotals(panel: Page): Promise<string> {
  await openTab(panel, 'Progress');
  return (await find(panel, '[data-testid=progress-totals]')).evaluate((element) => element.textContent ?? '');
}

/** Starts a drill unless one is going on, shows the card's answer and grades it Good; returns the card's id. */
async function gradeOneCardGood(panel: Page): Promise<string> {
  await openTab(panel, 'Drill');
  if (!(await panel.$('[data-drill-card]'))) await click(panel, byRole('button', 'Start drill'));
  const cardId = await waitForAttribute(panel, '[data-drill-card]', 'data-drill-card', /.+/);
  await click(panel, '::-p-text(Show answer)');
  await click(panel, '[data-grade=good]');
  await waitForAttribute(panel, '[data-drill-card]', 'data-drill-card', new RegExp(`^(?!${escapeRegExp(cardId)}$)`));
  return cardId;
}

describe('Firefox: the add-on in a tab (headless)', { skip: firefoxPath ? false : missingFirefoxMessage }, () => {
  let firefox: FirefoxWithAddon;
  let pageServer: PageServer;
  let panel: Page;
  let knowledgeBase: KnowledgeBase;

  before(async () => {
    firefox = await launchFirefox(firefoxPath!);
    pageServer = await startPageServer();
    console.log(`# ${await firefox.browser.version()}`);
    panel = await openExtensionPage(firefox.browser);
    knowledgeBase = await panel.evaluate(async () => (await fetch('/knowledge.json')).json() as Promise<KnowledgeBase>);
  });

  after(async () => {
    await firefox?.close();
    await pageServer?.close();
  });

  it('the refusing proxy sees what a page sends out (control for the zero-requests check)', async () => {
    pageServer.pages.set('/control.html', '<!doctype html><title>control</title><p>control</p>');
    const page = await newTab(firefox.browser);
    await page.goto(pageServer.url('/control.html'));
    const status = await page.evaluate(async () => (await fetch('http://proxy-control.invalid/ping').catch(() => undefined))?.status ?? 0);
    await page.close();
    assert.notEqual(status, 200);
    assert.deepEqual(firefox.proxy.requests, ['GET http://proxy-control.invalid/ping']);
  });

  it('a misspelt search finds the right card', async () => {
    await (await find(panel, SEARCH_BOX)).type('semaphre', { delay: 20 });
    assert.equal(await waitForAttribute(panel, '[role=option]', 'data-concept', 'semaphore'), 'semaphore');
  });

  it('opens a card from the results and follows a follow-up to the card it links to', async () => {
    const box = await find(panel, SEARCH_BOX);
    await box.evaluate((input) => (input as HTMLInputElement).select());
    await box.type('gather vs wait');
    await waitForAttribute(panel, '[role=option]', 'data-concept', /gather/);
    const firstId = await panel.$eval('[role=option]', (option) => option.getAttribute('data-card-id'));
    await box.press('Enter');
    assert.equal(await waitForAttribute(panel, 'article', 'data-card-id', firstId!), firstId);
    await waitForText(panel, '[data-testid=card-answer]', /\S/);

    const followUp = await find(panel, '[data-follow-up]');
    const target = await followUp.evaluate((button) => button.getAttribute('data-follow-up'));
    assert.ok(target && target !== firstId);
    await followUp.click();
    assert.equal(await waitForAttribute(panel, 'article', 'data-card-id', target), target);
  });

  it('results and a card at 240 and 360 px: axe finds nothing, nothing is wider than the panel; screenshots', { timeout: 60_000 }, async () => {
    const box = await find(panel, SEARCH_BOX);
    await box.evaluate((input) => (input as HTMLInputElement).select());
    await box.type('cancel a task');
    await waitForAttribute(panel, '[role=option]', 'data-concept', /\S/);
    const sideways = () => panel.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    const check = async (view: string) => {
      for (const width of [240, 360]) {
        await setViewportSize(panel, { width, height: 725 });
        // A frame for the layout at the new width before it is measured.
        await panel.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        assert.equal(await sideways(), 0, `${view} at ${width} px scrolls sideways`);
        assert.deepEqual(await axeViolations(panel), [], `${view} at ${width} px`);
        await panel.screenshot({ path: `test-results/firefox-${view}-${width}.png` });
      }
    };
    await check('results');
    await box.press('Enter');
    await waitForText(panel, '[data-testid=card-answer]', /\S/);
    await check('card');
    await setViewportSize(panel, null);
  });

  it("Run prints exactly the card's output (Python loads inside the add-on)", { timeout: 90_000 }, async () => {
    const box = await find(panel, SEARCH_BOX);
    await box.evaluate((input) => (input as HTMLInputElement).select());
    await box.type('asyncio.gather results order');
    // Enter opens the best result once the results show this query's (not the last card's).
    await waitForAttribute(panel, '[role=option]', 'data-concept', 'gather');
    await box.press('Enter');
    const cardId = await waitForAttribute(panel, 'article', 'data-concept', 'gather').then(() => panel.$eval('article', (a) => a.getAttribute('data-card-id')));
    const expected = knowledgeBase.cards.find((card) => card.id === cardId)?.code?.output;
    assert.ok(expected, `card ${cardId} has code with a recorded output`);

    await click(panel, byRole('button', 'Run'));
    const status = await waitForAttribute(panel, '[data-testid=run-status]', 'data-exit', /^(?!running$|loading$).+/, 75_000);
    assert.equal(status, 'ok');
    const output = await panel.$eval('[data-testid=run-output]', (element) => element.textContent);
    assert.equal(output, `${expected}\n`);
    await find(panel, "::-p-text(Same as the card's output.)");
    console.log(`# ${await panel.$eval('[data-testid=run-status]', (element) => element.textContent)}`);
  });

  it('history is kept when the panel is closed and opened again (a new document)', async () => {
    // The last search settled while Python ran (a lookup is recorded once typing pauses).
    await openTab(panel, 'Saved');
    const history = await listButtonTexts(panel, 'Lookup history');
    assert.equal(history[0], 'asyncio.gather results order');
    // A new tab rather than an in-place reload: after a reload of a moz-extension page,
    // puppeteer's waitForSelector no longer sees the new document (docs/firefox.md).
    await panel.close();
    panel = await openExtensionPage(firefox.browser);
    await openTab(panel, 'Saved');
    assert.deepEqual(await listButtonTexts(panel, 'Lookup history'), history);
  });

  it('a drill grade is saved; export, another grade, then import restores the exported progress', { timeout: 60_000 }, async () => {
    const cards = knowledgeBase.cards.length;
    assert.match(await progressTotals(panel), new RegExp(`^0 of ${cards} cards studied`));
    const graded = await gradeOneCardGood(panel);
    assert.match(await progressTotals(panel), new RegExp(`^1 of ${cards} cards studied`));

    await openTab(panel, 'Data');
    await click(panel, byRole('button', 'Export…'));
    await find(panel, '::-p-text(Exported 1 review states, 1 reviews)');
    const exportPath = await waitForDownload(firefox.downloadDir, /^asyncio-copilot-backup-\d{4}-\d{2}-\d{2}\.json$/, 15_000);
    const exported = JSON.parse(await readFile(exportPath, 'utf8'));
    assert.equal(exported.format, 'asyncio-copilot-backup');
    assert.deepEqual(exported.data.reviewStates.map((state: { cardId: string }) => state.cardId), [graded]);

    // A second card graded after the export; importing the export replaces it away.
    await gradeOneCardGood(panel);
    assert.match(await progressTotals(panel), new RegExp(`^2 of ${cards} cards studied`));

    await openTab(panel, 'Data');
    const fileInput = await panel.waitForSelector('input[type=file]');
    await (fileInput as import('puppeteer-core').ElementHandle<HTMLInputElement>).uploadFile(exportPath);
    await find(panel, '::-p-text(1 review states, 1 reviews)');
    await click(panel, byRole('button', 'Replace my progress'));
    await find(panel, `::-p-text(Imported “${path.basename(exportPath)}”.)`);
    assert.match(await progressTotals(panel), new RegExp(`^1 of ${cards} cards studied`));
  });

  it('no request left the add-on: the proxy saw only the control request, the page server only the control page', () => {
    assert.deepEqual(firefox.proxy.requests, ['GET http://proxy-control.invalid/ping']);
    assert.deepEqual(pageServer.requests.filter((url) => url !== '/favicon.ico'), ['/control.html']);
  });
});
