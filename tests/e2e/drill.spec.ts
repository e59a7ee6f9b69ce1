/// <reference types="chrome" />
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { Rating } from 'ts-fsrs';
import type { KnowledgeBase } from '../../knowledge/schema';
import { drillModeFor } from '../../utils/drill';
import { localDayAfter } from '../../utils/interview-date';
import { applyGrade, type SchedulingState } from '../../utils/scheduler';
import { expect, launchWithExtension, test } from './fixtures';

test.use({ viewport: { width: 420, height: 900 }, actionTimeout: 15_000 });

const DAY = 86_400_000;

async function openPanel(context: BrowserContext, extensionId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  await expect(page.getByRole('combobox', { name: 'Search asyncio cards' })).toBeFocused();
  return page;
}

const tab = (panel: Page, name: string) => panel.getByRole('tab', { name });

async function expectProgressKept(panel: Page) {
  await tab(panel, 'Progress').click();
  await expect(panel.getByTestId('progress-totals')).toContainText(/^2 of \d+ cards studied/);
  await tab(panel, 'Drill').click();
  // Both new cards of today are done and neither is due again yet.
  await expect(panel.getByTestId('drill-counts')).toHaveText(/^0 due · 0 new \(up to 2 new a day\)$/);
  await tab(panel, 'Saved').click();
  await expect(panel.getByRole('list', { name: 'Bookmarked cards' }).getByRole('button')).toHaveText(['The event loop']);
}

/** Reveals the answer and checks that each of the four grade buttons shows its next interval. */
async function expectFourIntervals(panel: Page) {
  const intervals = panel.getByTestId('grade-interval');
  await expect(intervals).toHaveCount(4);
  for (const text of await intervals.allInnerTexts()) expect(text).toMatch(/^(<1m|\d+m|\d+h|\d+d|[\d.]+mo|[\d.]+y)$/);
}

test('a whole drill session through the panel; progress survives reloads, a worker restart, a browser restart, and export → import into a fresh profile', async () => {
  test.setTimeout(120_000);
  // This test owns its profile: it restarts the browser on it.
  const profileDir = await mkdtemp(path.join(os.tmpdir(), 'copilot-drill-profile-'));
  let context = await launchWithExtension(profileDir);
  try {
    await drillSessionThenPersistence(profileDir, () => context, (next) => (context = next));
  } finally {
    await context.close();
    await rm(profileDir, { recursive: true, force: true });
  }
});

async function drillSessionThenPersistence(
  profileDir: string,
  getContext: () => BrowserContext,
  setContext: (context: BrowserContext) => void,
) {
  let context = getContext();
  const extensionId = new URL((context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }))).url()).host;
  const panel = await openPanel(context, extensionId);
  const knowledgeBase = await panel.evaluate(async () => (await fetch('/knowledge.json')).json() as Promise<KnowledgeBase>);
  const [first, second] = knowledgeBase.cards;
  expect(first!.code && second!.code).toBeTruthy();

  // Settings: two new cards a day.
  await tab(panel, 'Data').click();
  await panel.getByLabel('New cards a day').fill('2');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(panel.getByText('Now 2.')).toBeVisible();

  // A bookmark from the card view.
  await tab(panel, 'Search').click();
  await panel.getByRole('combobox', { name: 'Search asyncio cards' }).fill('event loop');
  await panel.locator('[role=option][data-card-id="event-loop"]').click();
  await panel.getByRole('button', { name: '☆ Bookmark' }).click();
  await expect(panel.getByRole('button', { name: '★ Bookmarked' })).toHaveAttribute('aria-pressed', 'true');

  await tab(panel, 'Drill').click();
  await expect(panel.getByTestId('drill-counts')).toHaveText(/^0 due · 2 new/);
  await panel.getByRole('button', { name: 'Start drill' }).click();
  // Reviews left, learning steps included: a new card takes two Goods (the second after a 10-minute step).
  const remaining = panel.getByTestId('drill-remaining');
  await expect(remaining).toHaveText('4 reviews to go · 0 done');

  // Card 1, new, has code: "what does this print?" — typed right.
  const card = panel.locator('[data-drill-card]');
  await expect(card).toHaveAttribute('data-drill-card', first!.id);
  await expect(card).toHaveAttribute('data-drill-mode', 'output');
  await expect(panel.getByRole('heading', { name: 'What does this print?' })).toBeVisible();
  const answer = panel.getByLabel('Your answer (what it prints)');
  await expect(answer).toBeFocused();
  await answer.fill(first!.code!.output);
  await answer.press('Control+Enter');
  await expect(panel.getByTestId('output-verdict')).toHaveText('✓ Exactly what it prints.');
  await expect(panel.getByTestId('real-output')).toHaveText(first!.code!.output);
  await expectFourIntervals(panel);
  await expect(panel.locator('[data-grade=again]')).toContainText('1m');
  await panel.screenshot({ path: 'test-results/drill-card.png' });
  await panel.emulateMedia({ colorScheme: 'dark' });
  await panel.screenshot({ path: 'test-results/drill-card-dark.png' });
  await panel.emulateMedia({ colorScheme: 'light' });
  await panel.locator('[data-grade=good]').click();

  // Card 2: typed wrong, then Easy; undone and graded again, so the undo is exercised.
  await expect(card).toHaveAttribute('data-drill-card', second!.id);
  await expect(remaining).toHaveText('3 reviews to go · 1 done');
  await panel.getByLabel('Your answer (what it prints)').fill('no idea');
  await panel.getByRole('button', { name: /Show answer/ }).click();
  await expect(panel.getByTestId('output-verdict')).toHaveText('✗ Not what it prints.');
  await panel.locator('[data-grade=easy]').click();
  await expect(card).toHaveAttribute('data-drill-card', first!.id);
  await panel.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(card).toHaveAttribute('data-drill-card', second!.id);
  await panel.getByRole('button', { name: /Show answer/ }).click();
  await panel.locator('[data-grade=easy]').click();

  // Card 1 comes back within the session (a 10-minute learning step): now its recall question, by keyboard.
  await expect(card).toHaveAttribute('data-drill-card', first!.id);
  await expect(remaining).toHaveText('1 review to go · 2 done');
  await expect(card).toHaveAttribute('data-drill-mode', 'recall');
  await expect(panel.locator('#drill-prompt')).toHaveText(first!.drill.prompt);
  await expect(panel.locator('#drill-prompt')).toBeFocused();
  await panel.keyboard.press('Space');
  await expect(panel.getByTestId('drill-answer')).toHaveText(first!.drill.answer);
  await expectFourIntervals(panel);
  await panel.keyboard.press('2');
  // Again (as a Parsons problem, checked as shuffled: its snippet makes one), then Easy (as
  // output), which graduates it and ends the session.
  await expect(card).toHaveAttribute('data-drill-mode', 'parsons');
  await panel.getByRole('button', { name: /Check order/ }).click();
  await panel.keyboard.press('1');
  await expect(card).toHaveAttribute('data-drill-mode', 'output');
  await panel.getByRole('button', { name: /Show answer/ }).click();
  await panel.locator('[data-grade=easy]').click();

  const summary = panel.getByTestId('drill-summary');
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('5 reviews of 2 cards');
  for (const [grade, count] of [['again', 1], ['hard', 1], ['good', 1], ['easy', 2]] as const) {
    await expect(panel.getByTestId(`summary-${grade}`)).toHaveText(String(count));
  }
  await expect(summary).toContainText('“What does this print?”: 1 of 3 answered exactly.');
  // Graded before its run had finished: not counted as put in order.
  await expect(summary).toContainText('Parsons problems: 0 of 1 put in a working order.');
  await panel.screenshot({ path: 'test-results/drill-summary.png' });
  await expectProgressKept(panel);
  await tab(panel, 'Progress').click();
  await expect(panel.locator(`[data-concept="${first!.concept}"]`)).not.toHaveAttribute('data-level', 'unstarted');
  await expect(panel.locator('[data-level]').first()).toHaveAttribute('data-concept', first!.concept);
  await panel.screenshot({ path: 'test-results/drill-progress.png' });

  // Panel reload.
  await panel.reload();
  await expectProgressKept(panel);

  // Service worker stopped (as Chrome does when it idles), then the panel opened again.
  const cdp = await context.newCDPSession(panel);
  const workerTargets = async () =>
    (await cdp.send('Target.getTargets')).targetInfos.filter((t) => t.type === 'service_worker' && t.url.includes(extensionId));
  const [workerTarget] = await workerTargets();
  await cdp.send('Target.closeTarget', { targetId: workerTarget!.targetId });
  await expect.poll(async () => (await workerTargets()).length).toBe(0);
  await panel.close();
  const afterWorkerRestart = await openPanel(context, extensionId);
  await expectProgressKept(afterWorkerRestart);

  // The whole extension restarted: the browser closes and starts again on the same profile,
  // so the worker, the panel and IndexedDB connections all start anew. (chrome.runtime.reload()
  // unloads an extension loaded with --load-extension in this headless Chromium and does not
  // bring it back, so a browser restart stands in for an extension update.)
  await context.close();
  context = await launchWithExtension(profileDir);
  setContext(context);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  expect(new URL(worker.url()).host).toBe(extensionId);
  const afterReload = await openPanel(context, extensionId);
  await expectProgressKept(afterReload);

  // Export to a file.
  await tab(afterReload, 'Data').click();
  const downloading = afterReload.waitForEvent('download');
  await afterReload.getByRole('button', { name: 'Export…' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^asyncio-copilot-backup-\d{4}-\d{2}-\d{2}\.json$/);
  const exportPath = test.info().outputPath('backup.json');
  await download.saveAs(exportPath);
  const exported = JSON.parse(await readFile(exportPath, 'utf8'));
  expect(exported.format).toBe('asyncio-copilot-backup');
  expect(exported.data.reviewLog).toHaveLength(5);
  expect(exported.data.reviewLog.map((row: { mode: string }) => row.mode)).toEqual(['output', 'output', 'recall', 'parsons', 'output']);
  expect(exported.data.reviewStates).toHaveLength(2);

  // A fresh profile: a bad file is refused and changes nothing; the export restores everything.
  const freshDir = await mkdtemp(path.join(os.tmpdir(), 'copilot-fresh-profile-'));
  const fresh = await launchWithExtension(freshDir);
  try {
    const worker = fresh.serviceWorkers()[0] ?? (await fresh.waitForEvent('serviceworker', { timeout: 15_000 }));
    const freshPanel = await openPanel(fresh, new URL(worker.url()).host);
    await tab(freshPanel, 'Progress').click();
    await expect(freshPanel.getByTestId('progress-totals')).toContainText(/^0 of \d+ cards studied/);

    await tab(freshPanel, 'Data').click();
    const fileInput = freshPanel.locator('input[type=file]');
    const broken = structuredClone(exported);
    broken.data.reviewLog[3].grade = 9;
    await fileInput.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
    const refusal = freshPanel.getByRole('alert');
    await expect(refusal).toContainText('“broken.json” was not imported; nothing was changed.');
    await expect(refusal).toContainText('review log entry 4 (reviewLog[3]), field "grade": must be 1 (Again) to 4 (Easy)');
    await fileInput.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not json at all') });
    await expect(refusal).toContainText('The file is not JSON');
    await tab(freshPanel, 'Progress').click();
    await expect(freshPanel.getByTestId('progress-totals')).toContainText(/^0 of \d+ cards studied/);

    await tab(freshPanel, 'Data').click();
    await fileInput.setInputFiles(exportPath);
    const confirm = freshPanel.getByRole('alertdialog');
    await expect(confirm).toContainText('2 review states, 5 reviews, 1 bookmarks');
    await confirm.getByRole('button', { name: 'Replace my progress' }).click();
    await expect(freshPanel.getByText(/^Imported “backup\.json”\.$/)).toBeVisible();
    await expect(freshPanel.getByLabel('New cards a day')).toHaveValue('2');
    await expectProgressKept(freshPanel);
    await freshPanel.reload();
    await expectProgressKept(freshPanel);
  } finally {
    await fresh.close();
    await rm(freshDir, { recursive: true, force: true });
  }
}

/**
 * A backup with three reviewed cards, graded by the real scheduler: one overdue, one learned
 * yesterday with two Goods (due in about a day) and one learned yesterday with Easy (due in
 * about a week); an interview date that has passed. Import rebuilds every schedule from this
 * review log.
 */
function backupWithReviews(knowledgeBase: KnowledgeBase, cardIds: readonly [string, string, string]) {
  const now = Date.now();
  const [overdue, fragile, easy] = cardIds;
  const grades: Array<[string, Rating.Good | Rating.Easy, number]> = [
    [overdue, Rating.Good, now - 20 * DAY],
    [overdue, Rating.Good, now - 20 * DAY + 600_000],
    [fragile, Rating.Good, now - DAY],
    [fragile, Rating.Good, now - DAY + 600_000],
    [easy, Rating.Easy, now - DAY],
  ];
  const states = new Map<string, SchedulingState>();
  const reviewLog = grades.map(([cardId, grade, reviewedAt], i) => {
    const previous = states.get(cardId) ?? null;
    const next = applyGrade(previous ?? undefined, grade, reviewedAt);
    states.set(cardId, next);
    return { id: i + 1, cardId, reviewedAt, grade, mode: 'recall', previous, next };
  });
  return {
    format: 'asyncio-copilot-backup',
    version: 1,
    exportedAt: new Date(now).toISOString(),
    knowledgeBaseVersion: knowledgeBase.version,
    retiredCardIds: [],
    data: {
      userCards: [],
      reviewStates: [...states].map(([cardId, state]) => ({ ...state, cardId, updatedAt: state.lastReview! })),
      reviewLog,
      bookmarks: [],
      history: [],
      // An interview that was yesterday: kept, and the drill is its normal self.
      settings: [{ key: 'interviewDate', value: localDayAfter(now, -1) }],
    },
  };
}

test('an interview date set in the Data tab brings cards forward in the drill and moves Progress to the interview day; cleared, both are back to normal', async ({
  context,
  extensionId,
}) => {
  test.setTimeout(90_000);
  const panel = await openPanel(context, extensionId);
  const knowledgeBase = await panel.evaluate(async () => (await fetch('/knowledge.json')).json() as Promise<KnowledgeBase>);
  // Cards the drill asks as a recall question after the imported reviews (two for the first two,
  // one for the third): code cards rotate through other forms (drillModeFor).
  const askedAsRecall = (reps: number) => knowledgeBase.cards.filter((card) => drillModeFor(card, { reps } as SchedulingState) === 'recall').map((card) => card.id);
  const [overdue, fragile] = askedAsRecall(2) as [string, string];
  const easy = askedAsRecall(1).find((id) => id !== overdue && id !== fragile)!;
  expect([overdue, fragile, easy].every(Boolean), 'three cards asked as recall questions').toBe(true);

  await tab(panel, 'Data').click();
  await panel.locator('input[type=file]').setInputFiles({
    name: 'reviews.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(backupWithReviews(knowledgeBase, [overdue, fragile, easy]))),
  });
  await panel.getByRole('alertdialog').getByRole('button', { name: 'Replace my progress' }).click();
  await expect(panel.getByText(/^Imported “reviews\.json”\.$/)).toBeVisible();

  // The imported interview was yesterday: the normal queue, and the Data tab says it has passed.
  const counts = panel.getByTestId('drill-counts');
  await tab(panel, 'Drill').click();
  await expect(counts).toHaveText('1 due · 10 new (up to 10 new a day)');
  await expect(panel.getByTestId('interview-countdown')).toHaveCount(0);
  await tab(panel, 'Data').click();
  const dateInput = panel.getByLabel('Interview date');
  const setDate = panel.getByRole('button', { name: 'Set date' });
  const dateHelp = panel.locator('#interview-date-help');
  await expect(dateInput).toHaveValue(localDayAfter(Date.now(), -1));
  await expect(dateHelp).toHaveText(/^Your interview on .+ has passed: the drill is back to its normal schedule\.$/);
  await expect(dateInput).toHaveAttribute('aria-invalid', 'false');

  // A day that has passed, or one years away: a short message, and nothing is stored.
  await dateInput.fill(localDayAfter(Date.now(), -2));
  await expect(dateHelp).toHaveText('That day has passed: pick today or a later day.');
  await expect(dateInput).toHaveAttribute('aria-invalid', 'true');
  await panel.screenshot({ path: 'test-results/interview-date-refused.png' });
  await expect(setDate).toBeDisabled();
  await dateInput.fill(localDayAfter(Date.now(), 800));
  await expect(dateHelp).toHaveText(/^That is more than a year away: pick a day up to .+\.$/);
  await expect(setDate).toBeDisabled();
  await dateInput.press('Enter');
  await tab(panel, 'Drill').click();
  await expect(counts).toHaveText('1 due · 10 new (up to 10 new a day)');

  // In 3 days: only the card learned with two Goods would be forgotten by then.
  await tab(panel, 'Data').click();
  await dateInput.fill(localDayAfter(Date.now(), 3));
  await setDate.click();
  await expect(dateHelp).toHaveText(/^Interview on .+ — in 3 days\. The drill brings forward the cards you would otherwise forget by then\.$/);
  await tab(panel, 'Drill').click();
  await expect(counts).toHaveText('1 due · 1 brought forward for your interview · 10 new (up to 10 new a day)');

  // In 14 days: the Easy card too.
  await tab(panel, 'Data').click();
  await dateInput.fill(localDayAfter(Date.now(), 14));
  await setDate.click();
  await expect(dateHelp).toHaveText(/^Interview on .+ — in 14 days\./);
  await panel.screenshot({ path: 'test-results/interview-date-data.png' });
  await tab(panel, 'Drill').click();
  await expect(panel.getByTestId('interview-countdown')).toHaveText(/^Interview on .+ — in 14 days$/);
  await expect(counts).toHaveText('1 due · 2 brought forward for your interview · 10 new (up to 10 new a day)');
  await panel.screenshot({ path: 'test-results/interview-date-drill-setup.png' });

  await tab(panel, 'Progress').click();
  const heading = panel.getByRole('heading', { level: 2 });
  await expect(heading).toHaveText('Progress: recall at your interview');
  await expect(panel.getByTestId('interview-countdown')).toHaveText(/— in 14 days\. Recall is predicted for the end of that day\.$/);
  const studiedConcept = panel.locator(`[data-concept="${knowledgeBase.cards[0]!.concept}"]`);
  await expect(studiedConcept).toContainText(/\d+% recall at your interview/);
  await expect(studiedConcept.getByRole('meter')).toHaveAccessibleName(/recall at your interview$/);
  await panel.screenshot({ path: 'test-results/interview-date-progress.png' });

  // The session: the due card, then the brought-forward ones, least likely recalled first.
  await tab(panel, 'Drill').click();
  await panel.getByRole('button', { name: 'Start drill' }).click();
  const card = panel.locator('[data-drill-card]');
  for (const id of [overdue, fragile, easy]) {
    await expect(card).toHaveAttribute('data-drill-card', id);
    await panel.getByRole('button', { name: /Show answer/ }).click();
    await panel.locator('[data-grade=good]').click();
  }
  // Then the new cards; the three were normal reviews with intervals of days, and none comes back.
  await expect(card).not.toHaveAttribute('data-drill-card', easy);
  await panel.getByRole('button', { name: 'End session' }).click();
  await expect(panel.getByTestId('drill-summary')).toContainText('3 reviews of 3 cards');
  await panel.getByRole('button', { name: 'Back to drill' }).click();
  // Reviewed today, so not brought forward again today.
  await expect(counts).toHaveText(/^0 due · 0 brought forward for your interview · \d+ new/);

  // Kept across a reload; cleared, the drill and Progress are back to the normal schedule.
  await panel.reload();
  await tab(panel, 'Data').click();
  await expect(dateInput).toHaveValue(localDayAfter(Date.now(), 14));
  await panel.getByRole('button', { name: 'Clear date' }).click();
  await expect(dateHelp).toHaveText(/^Not set\./);
  await expect(dateInput).toHaveValue('');
  await tab(panel, 'Drill').click();
  await expect(counts).toHaveText(/^0 due · \d+ new/);
  await tab(panel, 'Progress').click();
  await expect(heading).toHaveText('Progress');
  await expect(studiedConcept).toContainText(/\d+% recall in 7 days/);
});

/** The lookups as IndexedDB holds them, oldest first, read with the raw API. */
function storedHistory(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('asyncio-copilot');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('history').objectStore('history').getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve((request.result as Array<{ query: string; at: number }>).sort((a, b) => a.at - b.at).map((row) => row.query));
          };
        };
      }),
  );
}

test('lookups go into history, can be re-run and cleared', async ({ context, extensionId }) => {
  const panel = await openPanel(context, extensionId);
  const box = panel.getByRole('combobox', { name: 'Search asyncio cards' });
  await box.pressSequentially('semaphre', { delay: 20 });
  await expect(panel.getByRole('option').first()).toHaveAttribute('data-concept', 'semaphore');
  // Recorded once, when the query has settled (here: the user leaves for the Saved tab), not for every keystroke.
  await tab(panel, 'Saved').click();
  const history = panel.getByRole('list', { name: 'Lookup history' }).getByRole('button');
  await expect(history).toHaveText(['semaphre']);
  await tab(panel, 'Search').click();
  // "gath" settles when the box loses focus; typed on into "gather vs wait" (settled by leaving
  // for the Saved tab), only the full query stays.
  await box.fill('');
  await box.pressSequentially('gath', { delay: 20 });
  await box.blur();
  await tab(panel, 'Saved').click();
  await expect(history).toHaveText(['gath', 'semaphre']);
  await tab(panel, 'Search').click();
  await box.press('End');
  await box.pressSequentially('er vs wait', { delay: 20 });
  await expect(box).toHaveValue('gather vs wait');
  await tab(panel, 'Saved').click();
  await expect(history).toHaveText(['gather vs wait', 'semaphre']);
  // Shown at once, stored a moment later: reload only once the write has landed.
  await expect.poll(() => storedHistory(panel)).toEqual(['semaphre', 'gather vs wait']);
  await panel.reload();
  await tab(panel, 'Saved').click();
  await expect(history).toHaveText(['gather vs wait', 'semaphre']);
  await history.nth(1).click();
  await expect(box).toHaveValue('semaphre');
  await expect(panel.getByRole('option').first()).toHaveAttribute('data-concept', 'semaphore');
  await tab(panel, 'Saved').click();
  await panel.getByRole('button', { name: 'Clear history' }).click();
  await panel.getByRole('button', { name: 'Yes, clear history' }).click();
  await expect(panel.getByText('Your last 200 lookups will be listed here.')).toBeVisible();
  // Cleared on screen at once, in storage a moment later: a reload before then would abort the write.
  await expect.poll(() => storedHistory(panel)).toEqual([]);
  await panel.reload();
  await tab(panel, 'Saved').click();
  await expect(panel.getByText('Your last 200 lookups will be listed here.')).toBeVisible();
});

test('the tabs work from the keyboard and "/" returns to the search box', async ({ context, extensionId }) => {
  const panel = await openPanel(context, extensionId);
  await tab(panel, 'Search').focus();
  await panel.keyboard.press('ArrowRight');
  await expect(tab(panel, 'Drill')).toBeFocused();
  await expect(tab(panel, 'Drill')).toHaveAttribute('aria-selected', 'true');
  await expect(panel.getByRole('button', { name: 'Start drill' })).toBeVisible();
  await panel.keyboard.press('End');
  await expect(tab(panel, 'Data')).toHaveAttribute('aria-selected', 'true');
  await panel.keyboard.press('/');
  await expect(panel.getByRole('combobox', { name: 'Search asyncio cards' })).toBeFocused();
});
