/// <reference types="chrome" />
import type { Page } from '@playwright/test';
import { findLogMismatches, replayLog, sameSchedulingState } from '../../utils/review-replay';
import type { SchedulingState } from '../../utils/scheduler';
import { expect, test } from './fixtures';

test.use({ viewport: { width: 420, height: 900 }, actionTimeout: 15_000 });

interface StoredProgress {
  states: Array<SchedulingState & { cardId: string }>;
  log: Array<{ id: number; cardId: string; reviewedAt: number; grade: number }>;
}

/** The review states and log as IndexedDB holds them, read with the raw API from an extension page. */
function readStoredProgress(page: Page): Promise<StoredProgress> {
  return page.evaluate(
    () =>
      new Promise<StoredProgress>((resolve, reject) => {
        const open = indexedDB.open('asyncio-copilot');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['reviewStates', 'reviewLog'], 'readonly');
          const states = tx.objectStore('reviewStates').getAll();
          const log = tx.objectStore('reviewLog').getAll();
          tx.oncomplete = () => {
            db.close();
            resolve({ states: states.result, log: log.result });
          };
        };
      }),
  );
}

async function startDrill(panel: Page) {
  await panel.getByRole('tab', { name: 'Drill' }).click();
  await panel.getByRole('button', { name: 'Start drill' }).click();
  await expect(panel.locator('[data-drill-card]')).toBeVisible();
}

/** Reveals the current drill card and grades it; returns the card's id. */
async function gradeCurrent(panel: Page, grade: 'again' | 'hard' | 'good' | 'easy'): Promise<string> {
  const card = panel.locator('[data-drill-card]');
  const id = (await card.getAttribute('data-drill-card'))!;
  await panel.getByRole('button', { name: /Show answer/ }).click();
  await panel.locator(`[data-grade=${grade}]`).click();
  return id;
}

test('two panels grading the same cards alternately: every card’s stored state is the replay of its whole log, and each panel shows the other’s reviews', async ({ openPanelPage }) => {
  test.setTimeout(90_000);
  const left = await openPanelPage();
  const right = await openPanelPage();
  await startDrill(left);
  await startDrill(right);
  const grades = ['good', 'hard', 'again', 'easy', 'good', 'good'] as const;
  const graded: string[] = [];
  for (const [i, grade] of grades.entries()) graded.push(await gradeCurrent(i % 2 === 0 ? left : right, grade));
  // The two sessions started on the same queue, so the same cards were graded in both windows.
  expect(new Set(graded).size).toBeLessThan(graded.length);

  const stored = await readStoredProgress(left);
  expect(stored.log).toHaveLength(grades.length);
  expect(findLogMismatches(stored.states, stored.log)).toEqual([]);
  const replayed = replayLog(stored.log);
  for (const cardId of new Set(graded)) {
    const state = stored.states.find((s) => s.cardId === cardId)!;
    expect(sameSchedulingState(state, replayed.get(cardId)!)).toBe(true);
    expect(state.reps).toBe(graded.filter((id) => id === cardId).length);
  }
  // The other window's Progress tab counts every studied card, live.
  await right.getByRole('tab', { name: 'Progress' }).click();
  await expect(right.getByTestId('progress-totals')).toContainText(`${new Set(graded).size} of `);
});

test('a bad stored value does not blank the panel: the view says so, Repair rebuilds from the log, and the drill works again', async ({ openPanelPage }) => {
  const panel = await openPanelPage();
  // The first open seeds the database and checks progress against the log; write only after it.
  await panel.getByRole('tab', { name: 'Data' }).click();
  await expect(panel.getByTestId('sync-status')).toHaveText(/^Synced at /, { timeout: 15_000 });
  const cardId = await panel.evaluate(async () => ((await (await fetch('/knowledge.json')).json()) as { cards: Array<{ id: string }> }).cards[0]!.id);
  // A state the scheduler refuses (negative stability), due now, written past the extension's own checks.
  await panel.evaluate(
    (cardId) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('asyncio-copilot');
        open.onsuccess = () => {
          const tx = open.result.transaction('reviewStates', 'readwrite');
          const now = Date.now();
          tx.objectStore('reviewStates').put({
            cardId, due: now - 60_000, stability: -5, difficulty: 5, elapsedDays: 3, scheduledDays: 3,
            learningSteps: 0, reps: 4, lapses: 0, state: 2, lastReview: now - 3 * 86_400_000, updatedAt: now - 3 * 86_400_000,
          });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    cardId,
  );
  await panel.reload();
  // The bad state stops the drill wherever the scheduler first meets it: when the session is
  // planned, or when the card's grades are previewed.
  await panel.getByRole('tab', { name: 'Drill' }).click();
  const alert = panel.getByRole('alert').filter({ hasText: 'stopped the Drill view from showing' });
  for (const step of [panel.getByRole('button', { name: 'Start drill' }), panel.getByRole('button', { name: /Show answer/ })]) {
    await expect(alert.or(step)).toBeVisible();
    if (await alert.isVisible()) break;
    await step.click();
  }
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('stability: -5');
  await expect(alert.getByRole('button', { name: 'Export what is there' })).toBeEnabled();
  // The tabs still work around the broken view.
  await expect(panel.getByRole('tab', { name: 'Search' })).toBeEnabled();
  await alert.getByRole('button', { name: 'Repair' }).click();
  await expect(alert).toBeHidden();
  await panel.getByRole('button', { name: 'Start drill' }).click();
  // The repaired card is new again (its state had no review log to rebuild from).
  await expect(panel.locator('[data-drill-card]')).toHaveAttribute('data-drill-card', cardId);
  await gradeCurrent(panel, 'good');
  const stored = await readStoredProgress(panel);
  expect(findLogMismatches(stored.states, stored.log)).toEqual([]);
});

test('a database held open by an old connection: the panel says within a second that saving waits, search works, and the grades land once it opens', async ({ context, extensionId }) => {
  test.setTimeout(60_000);
  // An extension page holds an old version of the database open and ignores requests to close it.
  const blocker = await context.newPage();
  await blocker.goto(`chrome-extension://${extensionId}/manifest.json`);
  await blocker.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        indexedDB.deleteDatabase('asyncio-copilot').onsuccess = () => {
          const open = indexedDB.open('asyncio-copilot', 1);
          open.onupgradeneeded = () => open.result.createObjectStore('placeholder');
          open.onsuccess = () => {
            (window as unknown as { held: IDBDatabase }).held = open.result; // never closed, ignores versionchange
            resolve();
          };
          open.onerror = () => reject(open.error);
        };
      }),
  );

  const panel = await context.newPage();
  const opened = Date.now();
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  const notice = panel.getByRole('status').filter({ hasText: /not opened yet/ });
  await expect(notice).toBeVisible({ timeout: 2_000 });
  expect(Date.now() - opened).toBeLessThan(2_000);
  await panel.getByRole('combobox', { name: 'Search asyncio cards' }).fill('semaphore');
  await expect(panel.getByRole('option').first()).toBeVisible();
  await startDrill(panel);
  const graded = await gradeCurrent(panel, 'good');

  await blocker.evaluate(() => (window as unknown as { held: IDBDatabase }).held.close());
  await expect(notice).toBeHidden({ timeout: 10_000 });
  await expect.poll(async () => (await readStoredProgress(blocker)).log.map((row) => row.cardId)).toEqual([graded]);
});

test('two browser profiles sharing a sync area: a review and a bookmark made in one arrive in the other', async () => {
  test.setTimeout(90_000);
  const { mkdtemp, rm } = await import('node:fs/promises');
  const os = await import('node:os');
  const path = await import('node:path');
  const { launchWithExtension } = await import('./fixtures');
  const dirs = [await mkdtemp(path.join(os.tmpdir(), 'copilot-sync-a-')), await mkdtemp(path.join(os.tmpdir(), 'copilot-sync-b-'))];
  const contexts = await Promise.all(dirs.map((dir) => launchWithExtension(dir)));
  try {
    const panels = await Promise.all(
      contexts.map(async (context) => {
        const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
        const page = await context.newPage();
        await page.goto(`chrome-extension://${new URL(worker.url()).host}/sidepanel.html`);
        await expect(page.getByRole('combobox', { name: 'Search asyncio cards' })).toBeVisible();
        return page;
      }),
    );
    const [a, b] = panels as [Page, Page];
    await a.getByRole('combobox', { name: 'Search asyncio cards' }).fill('semaphore');
    await a.getByRole('option').first().click();
    await a.getByRole('button', { name: /Bookmark/ }).click();
    await expect(a.getByRole('button', { name: /Bookmark/ })).toHaveAttribute('aria-pressed', 'true');
    await startDrill(a);
    const graded = await gradeCurrent(a, 'good');
    await a.getByRole('tab', { name: 'Data' }).click();
    await expect(a.getByTestId('sync-status')).toHaveText(/^Synced at /, { timeout: 15_000 });

    // The browser's sync service, played by the test: profile A's sync area is copied to B's.
    const area = await a.evaluate(() => chrome.storage.sync.get(null));
    expect(Object.keys(area)).toContain(`c:${graded}`);
    await b.evaluate((items) => chrome.storage.sync.set(items), area);

    await expect.poll(async () => (await readStoredProgress(b)).log.map((row) => row.cardId), { timeout: 15_000 }).toEqual([graded]);
    const stored = await readStoredProgress(b);
    expect(findLogMismatches(stored.states, stored.log)).toEqual([]);
    await b.getByRole('tab', { name: 'Progress' }).click();
    await expect(b.getByTestId('progress-totals')).toContainText('1 of ');
    await b.getByRole('tab', { name: 'Saved' }).click();
    await expect(b.getByRole('list', { name: 'Bookmarked cards' }).getByRole('button')).toHaveCount(1);

    // Turning sync off in B keeps what arrived and stops writing.
    await b.getByRole('tab', { name: 'Data' }).click();
    await b.getByRole('checkbox', { name: /Sync reviews, bookmarks and settings/ }).uncheck();
    await expect(b.getByTestId('sync-status')).toHaveText('Sync is off: progress stays in this browser.');
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
});
