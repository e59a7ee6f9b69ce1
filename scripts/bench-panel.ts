/// <reference types="chrome" />
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { EXTENSION_PATH, launchWithExtension } from '../tests/e2e/chromium';

/**
 * npm run bench:panel — how soon the side panel shows a pending selection lookup, next to
 * how soon a blank extension page paints, in the same real Chromium (DESIGN: the lookup's
 * card within 3× the blank page's paint time).
 *
 * The built extension (npm run build) is copied to a temporary folder with one extra page,
 * bench-blank.html (a line of text, no script), so the blank page is an extension page like
 * the panel but is never shipped. Each run hands the panel a selection through the
 * background's own lookup handler (which stores the selection, then the search's answer to
 * it, without waiting for the answer: the panel opens while the background answers, as when
 * the menu item opens it), then opens sidepanel.html in a tab and reads, from the
 * page's own performance timeline: the first contentful paint (the shell: tabs and search
 * box), the marks main.tsx sets, and the Element Timing paint of the card's title (the
 * lookup's card on screen). The first open in the fresh profile (nothing cached, the
 * database created and seeded) is reported apart; then RUNS of each, interleaved.
 *
 * Then Python's cold load: in PYTHON_RUNS new panel pages (each starts its own Python
 * worker), the first Run of the gather card's snippet, timed by the worker from its start to
 * Python ready (the "Python loaded in" of the run's status line). The README quotes it.
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
/** Python's first Run in a panel: loads of 14 MB of WebAssembly and standard library each take seconds. */
const PYTHON_RUNS = Number(process.env.BENCH_PYTHON_RUNS ?? 3);
const SELECTION = 'Calling it from my notebook cell fails with RuntimeError: asyncio.run() cannot be called from a running event loop';
const BLANK_PAGE = 'bench-blank.html';

interface PageTimes {
  /** First contentful paint, ms after navigation start. */
  fcp: number;
  /** The lookup's card title painted (Element Timing), ms after navigation start. */
  card?: number;
  marks: Record<string, number>;
  timeOrigin: number;
  /** Scripts the page requested before the card was painted. */
  scriptsBeforeCard?: string[];
}

/**
 * Reads paint timings from inside the page, waiting until the wanted entries exist. Passed
 * as source text: tsx would wrap a compiled function's inner functions in a helper the page
 * does not have.
 */
const READ_TIMES_IN_PAGE = `(waitForCard) => new Promise((resolve, reject) => {
  const found = {};
  const marks = () => Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('copilot:')).map((m) => [m.name.slice(8), Math.round(m.startTime)]));
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.entryType === 'paint' && entry.name === 'first-contentful-paint') found.fcp = entry.startTime;
      if (entry.entryType === 'element' && entry.identifier === 'card-title') found.card ??= entry.renderTime || entry.loadTime;
    }
    // The panel's marks up to the search built over the parsed cards (after the card, when the background answered).
    if (found.fcp === undefined || (waitForCard && (found.card === undefined || marks()['search-ready'] === undefined))) return;
    observer.disconnect();
    resolve({ ...found, marks: marks(), timeOrigin: performance.timeOrigin });
  });
  observer.observe({ type: 'paint', buffered: true });
  observer.observe({ type: 'element', buffered: true });
  observer.observe({ type: 'mark', buffered: true });
  setTimeout(() => reject(new Error('timed out; seen ' + JSON.stringify(found))), 15000);
})`;

async function readTimes(page: Page, waitForCard: boolean): Promise<PageTimes> {
  const read = await page.evaluateHandle(READ_TIMES_IN_PAGE);
  return (await read.evaluate((fn, wait) => (fn as unknown as (w: boolean) => Promise<PageTimes>)(wait), waitForCard)) as PageTimes;
}

async function openBlank(context: BrowserContext, extensionId: string): Promise<PageTimes> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/${BLANK_PAGE}`);
  const times = await readTimes(page, false);
  await page.close();
  return times;
}

async function openPanelOnLookup(context: BrowserContext, worker: () => Promise<Worker>, extensionId: string): Promise<PageTimes> {
  // The background's handler for the context-menu item, as the e2e tests drive it.
  await (await worker()).evaluate(async (text) => {
    const handler = (globalThis as unknown as { copilotLookUpSelection: (s: string, t: unknown, x?: string) => Promise<void> }).copilotLookUpSelection;
    await handler('context-menu', undefined, text);
  }, SELECTION);
  const page = await context.newPage();
  // Resource Timing leaves out chrome-extension:// loads, so the browser's own request log is used.
  const scripts: { path: string; at: number }[] = [];
  page.on('requestfinished', (request) => {
    if (request.url().endsWith('.js')) scripts.push({ path: new URL(request.url()).pathname, at: request.timing().startTime });
  });
  await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  const times = await readTimes(page, true);
  // The card's frame is rendered right after the lookup-shown mark (set in the frame's
  // animation callback); what starts later cannot hold that frame back, even if the frame
  // reaches the screen (its Element Timing) a little after.
  const cardFrameAt = times.timeOrigin + (times.marks['lookup-shown'] ?? times.card!);
  times.scriptsBeforeCard = scripts.filter((s) => s.at < cardFrameAt).map((s) => s.path);
  const shown = await page.locator('article').getAttribute('data-card-id');
  if (!shown) throw new Error('the panel showed no card for the lookup');
  await page.close();
  return times;
}

/** Opens a panel, runs the gather card's snippet once and returns the load time the run reports. */
async function timePythonColdLoad(context: BrowserContext, extensionId: string): Promise<number> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  const box = page.getByRole('combobox', { name: 'Search asyncio cards' });
  await box.fill('asyncio.gather');
  await box.press('Enter');
  await page.locator('article[data-card-id="gather"]').waitFor();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const status = page.getByTestId('run-status');
  await page.locator('[data-testid="run-status"][data-exit="ok"]').waitFor({ timeout: 120_000 });
  const text = (await status.textContent()) ?? '';
  await page.close();
  const loaded = /Python loaded in (\d+\.\d+) s/.exec(text);
  if (!loaded) throw new Error(`no load time in the run status: ${text}`);
  return Number(loaded[1]) * 1000;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ms = (value: number | undefined) => (value === undefined ? '—' : `${Math.round(value)} ms`);

function describePanel(times: PageTimes): string {
  const steps = Object.entries(times.marks)
    .map(([name, at]) => `${name} ${at}`)
    .join(', ');
  return `shell painted ${ms(times.fcp)}, card painted ${ms(times.card)} (marks: ${steps})`;
}

const workDir = await mkdtemp(path.join(os.tmpdir(), 'copilot-bench-'));
const extensionCopy = path.join(workDir, 'extension');
const profileDir = path.join(workDir, 'profile');
await cp(EXTENSION_PATH, extensionCopy, { recursive: true });
await writeFile(
  path.join(extensionCopy, BLANK_PAGE),
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Blank</title></head><body><p>A blank extension page.</p></body></html>',
);

const context = await launchWithExtension(profileDir, extensionCopy);
try {
  const worker = async () => context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL((await worker()).url()).host;

  const firstPanel = await openPanelOnLookup(context, worker, extensionId);
  const firstBlank = await openBlank(context, extensionId);
  const blank: PageTimes[] = [];
  const panel: PageTimes[] = [];
  for (let run = 0; run < RUNS; run++) {
    blank.push(await openBlank(context, extensionId));
    panel.push(await openPanelOnLookup(context, worker, extensionId));
  }

  const blankPaint = median(blank.map((t) => t.fcp));
  const shellPaint = median(panel.map((t) => t.fcp));
  const cardPaint = median(panel.map((t) => t.card!));
  console.log(`First open in a fresh profile: panel ${describePanel(firstPanel)}${firstPanel.marks['lookup-shown']! < firstPanel.marks['knowledge-parse-start']! ? ", card from the background's answer" : ''}`);
  console.log(`                               blank page painted ${ms(firstBlank.fcp)}; ratio ${(firstPanel.card! / firstBlank.fcp).toFixed(2)}×`);
  console.log(`Later opens, median of ${RUNS} each:`);
  console.log(`  blank extension page painted  ${ms(blankPaint)}`);
  console.log(`  panel shell painted           ${ms(shellPaint)}`);
  console.log(`  lookup's card painted         ${ms(cardPaint)}`);
  console.log(`  ratio card / blank            ${(cardPaint / blankPaint).toFixed(2)}× (budget 3×, aim 2×)`);
  for (const name of Object.keys(panel[0]!.marks)) {
    console.log(`    mark ${name.padEnd(22)} ${ms(median(panel.map((t) => t.marks[name] ?? NaN)))}`);
  }
  const startUpScripts = [...new Set(panel.flatMap((t) => t.scriptsBeforeCard ?? []))].sort();
  console.log(`  scripts requested before the card's frame: ${startUpScripts.join(', ')}`);
  const python: number[] = [];
  for (let run = 0; run < PYTHON_RUNS; run++) python.push(await timePythonColdLoad(context, extensionId));
  if (python.length > 0) {
    const seconds = python.map((t) => (t / 1000).toFixed(2)).join(', ');
    console.log(`Python's first Run in a panel, load time: ${seconds} s (median ${(median(python) / 1000).toFixed(2)} s; the first is this profile's first load)`);
  }
  // main.tsx starts parsing once the shell's frame is painted; the compositor shows that frame
  // (the first contentful paint's time) while the main thread parses.
  const shellBeforeCards = panel.filter((t) => t.fcp < t.marks['knowledge-loaded']!).length;
  console.log(`  shell on screen before the card file was parsed in ${shellBeforeCards} of ${RUNS} runs`);
  // The card came from the background's answer (utils/lookup-answer.ts) when it was shown before the card file was parsed.
  const fromAnswer = panel.filter((t) => t.marks['lookup-shown']! < t.marks['knowledge-parse-start']!).length;
  console.log(`  card shown from the background's answer, before the card file was parsed, in ${fromAnswer} of ${RUNS} runs`);
} finally {
  await context.close();
  await rm(workDir, { recursive: true, force: true });
}
