/// <reference types="chrome" />
import { copyFile, mkdir } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { KnowledgeBase } from '../../knowledge/schema';
import { localDayAfter } from '../../utils/interview-date';
import { drillToThirdReview, parsonsLines } from './drill-steps';
import { expect, test } from './fixtures';

/**
 * WCAG 2.2 AA in every view of the panel, light and dark, checked by axe-core at the width
 * of a side panel; the layout from 240 to 600 px (and 360 px at 200 % zoom, i.e. 180 CSS px)
 * has one scrollbar and nothing wider than the panel; the README's screenshots are taken here.
 */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const PANEL = { width: 360, height: 725 };
const SCHEMES = ['light', 'dark'] as const;

test.use({ viewport: PANEL, actionTimeout: 15_000 });

async function expectNoAxeViolations(panel: Page, view: string, scheme: string) {
  const { violations } = await new AxeBuilder({ page: panel }).withTags(AXE_TAGS).analyze();
  const found = violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(' | ')}`);
  console.log(`axe ${scheme.padEnd(5)} ${view.padEnd(16)} ${violations.length} violations${found.length ? `: ${found.join('; ')}` : ''}`);
  expect.soft(found, `axe violations in ${view} (${scheme})`).toEqual([]);
}

const search = (panel: Page) => panel.getByRole('combobox', { name: 'Search asyncio cards' });

/** Searches a broad word that lists as many results as the panel shows (8), more than fit.
 * Which broad word lists that many depends on the fitted ranker's margin, so a few are tried. */
async function searchLongList(panel: Page): Promise<void> {
  for (const word of ['task', 'cancel', 'loop', 'await', 'event']) {
    await search(panel).fill(word);
    await expect(panel.getByRole('option').first()).toBeAttached();
    const listsEight = await panel.getByRole('option').nth(7).waitFor({ state: 'attached', timeout: 2_000 }).then(() => true, () => false);
    if (listsEight) return;
  }
  throw new Error('no broad word listed 8 results');
}
const tab = (panel: Page, name: string) => panel.getByRole('tab', { name });

async function openCard(panel: Page, query: string, concept: string) {
  await tab(panel, 'Search').click();
  await search(panel).fill(query);
  await expect(panel.getByRole('option').first()).toHaveAttribute('data-concept', concept);
  await search(panel).press('Enter');
  await expect(panel.locator('article')).toHaveAttribute('data-concept', concept);
}

for (const scheme of SCHEMES) {
  test(`axe finds no WCAG 2.2 AA violation in any view (${scheme})`, async ({ openPanelPage }) => {
    test.setTimeout(180_000);
    const panel = await openPanelPage();
    await panel.emulateMedia({ colorScheme: scheme });
    await expectNoAxeViolations(panel, 'empty search', scheme);

    await search(panel).fill('gather vs wait');
    await expect(panel.getByRole('option').first()).toBeVisible();
    await expectNoAxeViolations(panel, 'results', scheme);

    await search(panel).fill('the weather in Lisbon tomorrow');
    await expect(panel.getByText(/No close match for/)).toBeVisible();
    await expectNoAxeViolations(panel, 'no match', scheme);

    await openCard(panel, 'asyncio.gather results order', 'gather');
    await expectNoAxeViolations(panel, 'card', scheme);

    await panel.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(panel.getByTestId('run-status')).toBeVisible();
    await expectNoAxeViolations(panel, 'code running', scheme);
    await expect(panel.getByTestId('run-status')).toHaveAttribute('data-exit', 'ok', { timeout: 60_000 });
    await expectNoAxeViolations(panel, 'code ran', scheme);

    await tab(panel, 'Drill').click();
    await panel.getByRole('button', { name: 'Start drill' }).click();
    await expect(panel.locator('[data-drill-card]')).toBeVisible();
    await expectNoAxeViolations(panel, 'drill prompt', scheme);
    // A hovered primary button keeps its contrast too (axe reads the colours as they are).
    await panel.getByRole('button', { name: /Show answer/ }).hover();
    await expectNoAxeViolations(panel, 'hovered button', scheme);
    await panel.getByRole('button', { name: /Show answer/ }).click();
    await expect(panel.getByTestId('grade-interval')).toHaveCount(4);
    await expectNoAxeViolations(panel, 'drill revealed', scheme);
    await panel.locator('[data-grade=good]').click();
    await panel.getByRole('button', { name: 'End session' }).click();
    await expect(panel.getByTestId('drill-summary')).toBeVisible();
    await expectNoAxeViolations(panel, 'drill summary', scheme);

    await tab(panel, 'Progress').click();
    await expect(panel.getByTestId('progress-totals')).toBeVisible();
    await expectNoAxeViolations(panel, 'progress', scheme);

    await tab(panel, 'Saved').click();
    await expect(panel.getByRole('heading', { name: /Bookmarks/ })).toBeVisible();
    await expectNoAxeViolations(panel, 'saved', scheme);

    await tab(panel, 'Data').click();
    await expect(panel.getByRole('button', { name: 'Export…' })).toBeEnabled();
    await expectNoAxeViolations(panel, 'data', scheme);
    await panel.locator('input[type=file]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not json at all') });
    await expect(panel.getByRole('alert')).toContainText('The file is not JSON');
    await expectNoAxeViolations(panel, 'import error', scheme);

    // An interview date: set, refused, and the views that work toward it.
    const dateHelp = panel.locator('#interview-date-help');
    await panel.getByLabel('Interview date').fill(localDayAfter(Date.now(), 14));
    await panel.getByRole('button', { name: 'Set date' }).click();
    await expect(dateHelp).toContainText('in 14 days');
    await expectNoAxeViolations(panel, 'interview date', scheme);
    await panel.getByLabel('Interview date').fill(localDayAfter(Date.now(), -1));
    await expect(dateHelp).toContainText('That day has passed');
    await expectNoAxeViolations(panel, 'interview date refused', scheme);
    await tab(panel, 'Drill').click();
    await expect(panel.getByTestId('interview-countdown')).toBeVisible();
    await expectNoAxeViolations(panel, 'drill setup, interview', scheme);
    await tab(panel, 'Progress').click();
    await expect(panel.getByRole('heading', { name: 'Progress: recall at your interview' })).toBeVisible();
    await expectNoAxeViolations(panel, 'progress, interview', scheme);
  });
}

for (const scheme of SCHEMES) {
  test(`a Parsons problem: axe finds nothing as asked, with a line picked up, and checked; it fits from 240 px (${scheme})`, async ({ openPanelPage }) => {
    test.setTimeout(180_000);
    const panel = await openPanelPage();
    await panel.emulateMedia({ colorScheme: scheme });
    await drillToThirdReview(panel);
    await expect(panel.locator('[data-drill-card]')).toHaveAttribute('data-drill-mode', 'parsons');
    await expectNoAxeViolations(panel, 'parsons prompt', scheme);
    const lines = parsonsLines(panel);
    await lines.nth(1).focus();
    await panel.keyboard.press('Space');
    await expect(lines.nth(1)).toHaveAttribute('aria-pressed', 'true');
    await expectNoAxeViolations(panel, 'parsons grabbed', scheme);
    await panel.keyboard.press('Space');
    await mkdir('test-results/screens', { recursive: true });
    for (const width of [240, 360]) {
      await panel.setViewportSize({ width, height: PANEL.height });
      expect(await layoutProblems(panel), `parsons prompt at ${width} px`).toEqual([]);
      // Every line and its Move buttons are whole targets of at least 24×24 px.
      const small = await panel.getByRole('list', { name: 'Program lines, in your order' }).evaluate((list) =>
        [...list.querySelectorAll<HTMLElement>('[role=button], button')]
          .map((el) => ({ name: el.getAttribute('aria-label'), box: el.getBoundingClientRect() }))
          .filter(({ box }) => box.width < 24 || box.height < 24)
          .map(({ name }) => name),
      );
      expect(small, `targets under 24×24 px at ${width} px`).toEqual([]);
      await panel.screenshot({ path: `test-results/screens/parsons-${width}-${scheme}.png`, fullPage: true });
    }
    await panel.setViewportSize(PANEL);
    await panel.getByRole('button', { name: /Check order/ }).click();
    await expect(panel.getByTestId('parsons-placed')).toBeVisible();
    await expectNoAxeViolations(panel, 'parsons checking', scheme);
    await expect(panel.getByTestId('parsons-verdict')).not.toHaveAttribute('data-verdict', 'running', { timeout: 90_000 });
    await expect(panel.getByTestId('suggested-grade')).toHaveText(/^Suggested: /);
    await expectNoAxeViolations(panel, 'parsons checked', scheme);
    for (const width of [240, 360]) {
      await panel.setViewportSize({ width, height: PANEL.height });
      expect(await layoutProblems(panel), `parsons checked at ${width} px`).toEqual([]);
      await panel.evaluate(() => window.scrollTo(0, 0));
      await panel.screenshot({ path: `test-results/screens/parsons-checked-${width}-${scheme}.png`, fullPage: true });
    }
  });
}

test('the grade buttons show their keys and are named by their visible text', async ({ openPanelPage }) => {
  const panel = await openPanelPage();
  await tab(panel, 'Drill').click();
  await panel.getByRole('button', { name: 'Start drill' }).click();
  await panel.getByRole('button', { name: /Show answer/ }).click();
  for (const [key, label] of [['1', 'Again'], ['2', 'Hard'], ['3', 'Good'], ['4', 'Easy']]) {
    const button = panel.locator(`[data-grade=${label!.toLowerCase()}]`);
    const visible = (await button.innerText()).replace(/\s+/g, ' ').trim();
    expect(visible).toMatch(new RegExp(`^${key} ${label} \\S+$`));
    await expect(button).toHaveAccessibleName(visible);
    await expect(button).toHaveAttribute('aria-keyshortcuts', key!);
  }
});

/** What must hold at every width: the document is the one scroller, nothing sticks out sideways. */
async function layoutProblems(panel: Page): Promise<string[]> {
  return panel.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) problems.push(`page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} “${(el.textContent ?? '').slice(0, 30)}”`;
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const style = getComputedStyle(el);
      if (/(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1 && el.tagName !== 'TEXTAREA') {
        problems.push(`nested vertical scroller: ${describe(el)}`);
      }
      const box = el.getBoundingClientRect();
      const clipped = el.closest('.sr-only, [aria-hidden=true], .code-off');
      if (!clipped && box.width > 0 && box.right > root.clientWidth + 0.5) problems.push(`wider than the panel: ${describe(el)} ends at ${Math.round(box.right)}`);
    }
    // Hidden text must not make the document taller than what it shows.
    const content = document.getElementById('root')!.getBoundingClientRect().bottom + window.scrollY;
    if (root.scrollHeight > Math.max(content, window.innerHeight) + 1) problems.push(`document ${root.scrollHeight} px tall for ${Math.round(content)} px of content`);
    // Every tab is whole and inside the panel.
    for (const tabEl of document.querySelectorAll<HTMLElement>('[role=tab]')) {
      const box = tabEl.getBoundingClientRect();
      if (box.left < 0 || box.right > root.clientWidth || tabEl.scrollWidth > tabEl.clientWidth) problems.push(`tab cut: ${tabEl.textContent}`);
      if (box.height < 24 || box.width < 24) problems.push(`tab under 24×24 px: ${tabEl.textContent}`);
    }
    return problems;
  });
}

const WIDTHS = [180, 240, 360, 480, 600];

/** The header as laid out now: its height and the tabs on each of its rows, top to bottom. */
async function headerLayout(panel: Page): Promise<{ height: number; tabRows: number[] }> {
  return panel.evaluate(() => {
    const rows = new Map<number, number>();
    for (const tabEl of document.querySelectorAll('[role=tab]')) {
      const top = Math.round(tabEl.getBoundingClientRect().top);
      rows.set(top, (rows.get(top) ?? 0) + 1);
    }
    return { height: document.querySelector('header')!.getBoundingClientRect().height, tabRows: [...rows].sort(([a], [b]) => a - b).map(([, n]) => n) };
  });
}

test('the header is the same in every view: at most 15 % of a 360×725 panel, the tabs whole in even rows from 180 to 600 px', async ({
  openPanelPage,
}) => {
  test.setTimeout(120_000);
  const panel = await openPanelPage();
  // A long result list, so the views differ in height as they do in use.
  await searchLongList(panel);
  for (const width of WIDTHS) {
    await panel.setViewportSize({ width, height: PANEL.height });
    const layouts: string[] = [];
    for (const view of ['Search', 'Drill', 'Interview', 'Progress', 'Saved', 'Data']) {
      await tab(panel, view).click();
      await expect(tab(panel, view)).toHaveAttribute('aria-selected', 'true');
      await expect(panel.getByRole('tabpanel', { name: view })).not.toContainText('Loading…');
      const { height, tabRows } = await headerLayout(panel);
      if (width === PANEL.width) expect(height, `header of ${view} at 360 px`).toBeLessThanOrEqual(0.15 * PANEL.height);
      // Rows that hold the same number of tabs (6, 3 + 3, 2 + 2 + 2): never one tab left over on a row of its own.
      expect(Math.max(...tabRows) - Math.min(...tabRows), `tab rows of ${view} at ${width} px: ${tabRows.join(' + ')}`).toBe(0);
      expect(await layoutProblems(panel), `${view} at ${width} px`).toEqual([]);
      layouts.push(`${Math.round(height)} px, tabs ${tabRows.join(' + ')}`);
    }
    // Switching views never moves the tabs or the search box.
    expect(new Set(layouts).size, `header at ${width} px in the six views: ${layouts.join('; ')}`).toBe(1);
    console.log(`header at ${width} px: ${layouts[0]}`);
  }
  // The search box heads every view: typing there from another view shows the results.
  await panel.setViewportSize(PANEL);
  await tab(panel, 'Progress').click();
  await search(panel).fill('semaphore limit');
  await expect(tab(panel, 'Search')).toHaveAttribute('aria-selected', 'true');
  await expect(panel.getByRole('option').first()).toHaveAttribute('data-concept', 'semaphore');
});

test('from 240 to 600 px and at 200 % zoom: one scrollbar, nothing clipped, code wraps with its indentation; screenshots', async ({ openPanelPage }) => {
  test.setTimeout(180_000);
  const panel = await openPanelPage();
  await mkdir('test-results/screens', { recursive: true });

  // The header: the icon and the tabs, at most 15 % of a 360×725 panel.
  const headerHeight = await panel.locator('header').first().evaluate((el) => el.getBoundingClientRect().height);
  console.log(`header: ${headerHeight.toFixed(0)} px of ${PANEL.height} (${((100 * headerHeight) / PANEL.height).toFixed(1)} %)`);
  expect(headerHeight).toBeLessThanOrEqual(0.15 * PANEL.height);
  await expect(panel.getByRole('heading', { level: 1 }).getByRole('img', { name: 'asyncio Interview Copilot' })).toBeVisible();
  // The icon set: every size the manifest names is a PNG of that size, for the toolbar, menus and store.
  const icons = await panel.evaluate(async () => {
    const manifest = chrome.runtime.getManifest() as chrome.runtime.Manifest & { action?: { default_icon?: Record<string, string> } };
    const sizes = async (set: Record<string, string> = {}) =>
      Promise.all(
        Object.entries(set).map(async ([size, file]) => {
          const image = new Image();
          image.src = `/${file}`;
          await image.decode();
          return [Number(size), image.naturalWidth];
        }),
      );
    return { icons: await sizes(manifest.icons as Record<string, string> | undefined), action: await sizes(manifest.action?.default_icon) };
  });
  for (const set of [icons.icons, icons.action]) {
    expect(set.map(([size]) => size)).toEqual([16, 32, 48, 128]);
    for (const [size, width] of set) expect(width).toBe(size);
  }

  // Compact result rows: a title of at most two lines, the badges inline with the answer's start.
  await searchLongList(panel);
  for (const width of WIDTHS) {
    await panel.setViewportSize({ width, height: PANEL.height });
    expect(await layoutProblems(panel), `results at ${width} px`).toEqual([]);
    if (width === 360) expect(await panel.getByRole('option').evaluateAll((rows) => rows.filter((row) => row.getBoundingClientRect().bottom <= 725).length)).toBeGreaterThanOrEqual(6);
    if (width !== 180 && width !== 600) await panel.screenshot({ path: `test-results/screens/results-${width}-light.png` });
  }
  await panel.setViewportSize(PANEL);

  await openCard(panel, 'asyncio.gather results order', 'gather');
  const code = panel.getByTestId('code-source');
  // Wrapped by default: a long line takes more than one row and its continuation keeps the indentation.
  await expect(code).toHaveAttribute('data-layout', 'hanging');
  for (const width of WIDTHS) {
    await panel.setViewportSize({ width, height: PANEL.height });
    expect(await layoutProblems(panel), `card at ${width} px`).toEqual([]);
    await panel.getByRole('region', { name: 'Code example' }).evaluate((section) => section.scrollIntoView({ block: 'start' }));
    for (const scheme of SCHEMES) {
      await panel.emulateMedia({ colorScheme: scheme });
      if (width !== 180 && width !== 600) await panel.screenshot({ path: `test-results/screens/card-${width}-${scheme}.png` });
    }
  }
  await panel.emulateMedia({ colorScheme: 'light' });
  await panel.setViewportSize({ width: 240, height: PANEL.height });
  const wrappedLine = await code.evaluate((pre) => {
    const lineHeight = parseFloat(getComputedStyle(pre).lineHeight);
    const lines = [...pre.querySelectorAll<HTMLElement>('.code-line')];
    const wrapped = lines.find((line) => line.getBoundingClientRect().height > 1.5 * lineHeight && /^\s+\S/.test(line.textContent ?? ''));
    if (!wrapped) return undefined;
    // The continuation row starts to the right of where the line's own text starts.
    const range = document.createRange();
    const text = wrapped.textContent!;
    const node = [...wrapped.querySelectorAll('span')].map((span) => span.firstChild!).at(-1)!;
    range.setStart(node, Math.max(0, (node.textContent ?? '').length - 1));
    range.setEnd(node, (node.textContent ?? '').length);
    const lastRow = range.getBoundingClientRect();
    const start = wrapped.getBoundingClientRect().left;
    const indent = text.length - text.trimStart().length;
    const ch = lastRow.width || 7;
    return { indent, lastRowStartsAfter: (wrapped.getBoundingClientRect().left + parseFloat(getComputedStyle(wrapped).paddingLeft) - start) / ch };
  });
  expect(wrappedLine, 'an indented line of the gather snippet wraps at 240 px').toBeDefined();
  expect(wrappedLine!.lastRowStartsAfter).toBeGreaterThan(wrappedLine!.indent);

  // The no-wrap toggle: lines keep to one row and the code scrolls sideways in its own box.
  const wrapToggle = panel.getByRole('button', { name: 'Wrap lines' }).first();
  await expect(wrapToggle).toHaveAttribute('aria-pressed', 'true');
  await wrapToggle.click();
  await expect(wrapToggle).toHaveAttribute('aria-pressed', 'false');
  await expect(code).toHaveAttribute('data-layout', 'off');
  expect(await layoutProblems(panel), 'card without wrapping at 240 px').toEqual([]);
  // Sideways-scrolling code and output are focusable, named regions.
  await expectNoAxeViolations(panel, 'card, no wrap', 'light');
  await wrapToggle.click();
  await expect(code).toHaveAttribute('data-layout', 'hanging');

  // The drill's "what does this print?": the program is readable without sideways scrolling.
  await tab(panel, 'Drill').click();
  await panel.getByRole('button', { name: 'Start drill' }).click();
  const program = panel.getByTestId('drill-code');
  if (await program.count()) {
    expect(await program.evaluate((pre) => pre.scrollWidth <= pre.clientWidth)).toBe(true);
  }
  // Answered right, as in the README's picture: the real output, read from the shipped cards.
  const cardId = await panel.locator('[data-drill-card]').getAttribute('data-drill-card');
  const output = await panel.evaluate(
    async (id) => ((await (await fetch('/knowledge.json')).json()) as KnowledgeBase).cards.find((card) => card.id === id)?.code?.output,
    cardId,
  );
  if (output) await panel.getByLabel('Your answer (what it prints)').fill(output);
  await panel.getByRole('button', { name: /Show answer/ }).click();
  for (const width of WIDTHS) {
    await panel.setViewportSize({ width, height: PANEL.height });
    expect(await layoutProblems(panel), `drill at ${width} px`).toEqual([]);
    await panel.evaluate(() => window.scrollTo(0, 0));
    for (const scheme of SCHEMES) {
      await panel.emulateMedia({ colorScheme: scheme });
      if (width !== 180 && width !== 600) await panel.screenshot({ path: `test-results/screens/drill-${width}-${scheme}.png`, fullPage: true });
    }
  }
  // The Data tab's settings, an interview date among them, and the Progress it changes.
  await panel.emulateMedia({ colorScheme: 'light' });
  await panel.setViewportSize(PANEL);
  await tab(panel, 'Data').click();
  await panel.getByLabel('Interview date').fill(localDayAfter(Date.now(), 14));
  await panel.getByRole('button', { name: 'Set date' }).click();
  await expect(panel.locator('#interview-date-help')).toContainText('in 14 days');
  for (const [view, shown] of [
    ['Data', panel.getByLabel('Interview date')],
    ['Progress', panel.getByRole('heading', { name: 'Progress: recall at your interview' })],
  ] as const) {
    await tab(panel, view).click();
    await expect(shown).toBeVisible();
    for (const width of WIDTHS) {
      await panel.setViewportSize({ width, height: PANEL.height });
      expect(await layoutProblems(panel), `${view} with an interview date at ${width} px`).toEqual([]);
    }
    await panel.setViewportSize({ width: 240, height: PANEL.height });
    await panel.emulateMedia({ colorScheme: 'dark' });
    await panel.screenshot({ path: `test-results/screens/${view.toLowerCase()}-interview-240-dark.png` });
    await panel.emulateMedia({ colorScheme: 'light' });
  }
  await panel.setViewportSize(PANEL);

  // The README shows the 360 px screenshots.
  await mkdir('docs', { recursive: true });
  for (const scheme of SCHEMES) {
    await copyFile(`test-results/screens/card-360-${scheme}.png`, `docs/card-${scheme}.png`);
    await copyFile(`test-results/screens/drill-360-${scheme}.png`, `docs/drill-${scheme}.png`);
  }
});

test('keyboard: the active result stays in view, other matches and related cards are reached by Tab and arrows, focus clears the header', async ({
  openPanelPage,
}) => {
  const panel = await openPanelPage();
  await panel.setViewportSize({ width: 360, height: 500 });
  const box = search(panel);
  await searchLongList(panel);
  const options = panel.getByRole('option');
  // One small polite status says what the search found; no live region spans the results.
  await expect(panel.getByRole('status').filter({ hasText: /^\d+ matching cards?$/ })).toHaveCount(1);
  expect(await panel.locator('main[aria-live], [role=tabpanel][aria-live]').count()).toBe(0);
  await expect(panel.getByRole('main').getByRole('tabpanel', { name: 'Search' })).toBeVisible();
  const last = options.last();
  await expect(options.nth(5)).toBeAttached();
  const count = await options.count();
  for (let i = 1; i < count; i++) await box.press('ArrowDown');
  await expect(last).toHaveAttribute('aria-selected', 'true');
  await expect(last).toBeInViewport({ ratio: 1 });
  const headerBottom = await panel.locator('header').first().evaluate((el) => el.getBoundingClientRect().bottom);
  expect((await last.boundingBox())!.y).toBeGreaterThanOrEqual(headerBottom - 1);

  await box.press('Enter');
  await expect(panel.locator('article')).toBeVisible();
  const others = panel.getByRole('list', { name: 'Other matches' }).getByRole('button');
  expect(await others.count()).toBeGreaterThan(1);
  // ↓ from the search box goes to the card's first link, then on through every link by ↓.
  await box.focus();
  await box.press('ArrowDown');
  const focusedNav = () => panel.evaluate(() => document.activeElement?.hasAttribute('data-nav-item') ?? false);
  expect(await focusedNav()).toBe(true);
  const links = await panel.locator('[data-nav-item]').count();
  for (let i = 1; i < links; i++) await panel.keyboard.press('ArrowDown');
  await expect(others.last()).toBeFocused();
  await panel.keyboard.press('ArrowUp');
  await expect(others.nth((await others.count()) - 2)).toBeFocused();
  // Shift+Tab back through them: every link is a Tab stop, and focus never sits under the sticky header.
  for (let i = 0; i < links - 1; i++) {
    await panel.keyboard.press('Shift+Tab');
    const focused = await panel.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const header = document.querySelector('header')!.getBoundingClientRect();
      return { top: el.getBoundingClientRect().top, headerBottom: header.bottom, inHeader: !!el.closest('header') };
    });
    if (!focused.inHeader) expect(focused.top).toBeGreaterThanOrEqual(focused.headerBottom - 1);
  }
  // Enter on another match opens it.
  await others.first().focus();
  const target = await panel.getByRole('list', { name: 'Other matches' }).getByRole('listitem').first().getAttribute('data-card-id');
  await panel.keyboard.press('Enter');
  await expect(panel.locator('article')).toHaveAttribute('data-card-id', target!);
});
