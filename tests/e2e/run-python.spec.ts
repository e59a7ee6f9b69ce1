import { readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { KnowledgeBase } from '../../knowledge/schema';
import { EXTENSION_PATH, expect, launchWithExtension, requestsLeavingTheExtension, test } from './fixtures';

test.use({ viewport: { width: 420, height: 900 } });

// The gather card's own output, as compiled (npm test compiles the cards before the browser tests).
const GATHER_OUTPUT = (JSON.parse(readFileSync('knowledge/generated/cards.json', 'utf8')) as KnowledgeBase).cards.find((c) => c.id === 'gather')!.code!.output;

/** Resident memory (MiB) of this test's Chromium processes, found under its profile folder. */
function chromiumMemoryMiB(profileMarker: string): { total: number; extensionRenderer: number } {
  const processes = new Map<number, { ppid: number; rssPages: number; cmdline: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      processes.set(Number(entry), { ppid: Number(fields[1]), rssPages: Number(fields[21]), cmdline });
    } catch {
      // The process ended while we looked.
    }
  }
  const root = [...processes].find(([, p]) => p.cmdline.includes(profileMarker) && !p.cmdline.includes('--type='))?.[0];
  const family = new Set(root === undefined ? [] : [root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, p] of processes) {
      if (!family.has(pid) && family.has(p.ppid)) {
        family.add(pid);
        grew = true;
      }
    }
  }
  const mib = (pages: number) => (pages * 4096) / 2 ** 20;
  let total = 0;
  let extensionRenderer = 0;
  for (const pid of family) {
    const p = processes.get(pid)!;
    total += mib(p.rssPages);
    if (p.cmdline.includes('--extension-process')) extensionRenderer += mib(p.rssPages);
  }
  return { total: Math.round(total), extensionRenderer: Math.round(extensionRenderer) };
}

async function openGatherCard(panel: Page) {
  const box = panel.getByRole('combobox', { name: 'Search asyncio cards' });
  await box.fill('asyncio.gather');
  await box.press('Enter');
  await expect(panel.locator('article')).toHaveAttribute('data-card-id', 'gather');
}

/** Clicks Run in the page and returns the milliseconds until the first output is in the DOM. */
async function runAndTimeFirstOutput(panel: Page, output: Locator): Promise<number> {
  const ms = await panel.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const started = performance.now();
        const observer = new MutationObserver(() => {
          if (document.querySelector('[data-testid="run-output"]')?.textContent) {
            observer.disconnect();
            resolve(performance.now() - started);
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        const run = [...document.querySelectorAll('button')].find((button) => button.textContent === 'Run');
        run!.click();
      }),
  );
  await expect(output).not.toBeEmpty();
  return Math.round(ms);
}

/** Clicks Run in the page and records each output the page shows, with the run's state then. */
async function runAndRecordOutput(panel: Page): Promise<{ status: string; output: string }[]> {
  return panel.evaluate(
    () =>
      new Promise<{ status: string; output: string }[]>((resolve) => {
        const seen: { status: string; output: string }[] = [];
        const observer = new MutationObserver(() => {
          const status = document.querySelector('[data-testid="run-status"]')?.getAttribute('data-exit') ?? '';
          const output = document.querySelector('[data-testid="run-output"]')?.textContent ?? '';
          if (output && output !== seen[seen.length - 1]?.output) seen.push({ status, output });
          if (!['running', 'loading'].includes(status) && seen.length > 0) {
            observer.disconnect();
            resolve(seen);
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        [...document.querySelectorAll('button')].find((button) => button.textContent === 'Run')!.click();
      }),
  );
}

test('a card snippet runs offline in Python, streams its output, can be edited, and a runaway loop is stopped', async ({
  openPanelPage,
  requests,
  extensionId,
  profileDir,
}) => {
  test.setTimeout(120_000);
  const panel = await openPanelPage();
  const memoryBefore = chromiumMemoryMiB(profileDir);
  await openGatherCard(panel);

  const status = panel.getByTestId('run-status');
  const output = panel.getByTestId('run-output');
  const editor = panel.getByRole('textbox', { name: /Python code/ });

  // Cold: the first Run loads Python (with a loading state), then prints the card's output exactly.
  const coldMs = runAndTimeFirstOutput(panel, output);
  await expect(status).toContainText(/Loading Python|Compiling Python|Starting Python|Preparing asyncio/);
  // The same progress beside Run, in view with the button without scrolling.
  const progress = panel.getByTestId('run-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toBeInViewport();
  await expect(progress).toHaveAttribute('data-step', /runtime|compile|interpreter|asyncio|running/);
  const [besideRun, runButton] = [await progress.boundingBox(), await panel.getByRole('button', { name: 'Run', exact: true }).boundingBox()];
  expect(Math.abs(besideRun!.y + besideRun!.height / 2 - (runButton!.y + runButton!.height / 2))).toBeLessThan(runButton!.height);
  const cold = await coldMs; // the snippet's first line comes after its own 0.1 s sleep
  await expect(status).toHaveAttribute('data-exit', 'ok', { timeout: 30_000 });
  expect(await output.textContent()).toBe(`${GATHER_OUTPUT}\n`);
  await expect(panel.getByTestId('run-comparison')).toHaveText("Same as the card's output.");
  await expect(status).toContainText(/Finished in 0\.\d\d s, exit code 0 \(Python loaded in \d+\.\d\d s\)/);
  const memoryLoaded = chromiumMemoryMiB(profileDir);

  // Warm: the same Python, no loading.
  const warm = await runAndTimeFirstOutput(panel, output);
  await expect(status).toHaveAttribute('data-exit', 'ok');
  expect(await output.textContent()).toBe(`${GATHER_OUTPUT}\n`);

  // Edit a sleep: "fast" now takes 0.5 s. Output streams: the first line is on screen while it still runs.
  await editor.fill((await editor.inputValue()).replace('fetch("fast", 0.1)', 'fetch("fast", 0.5)'));
  await expect(panel.getByText('(edited)')).toBeVisible();
  const seen = await runAndRecordOutput(panel);
  expect(seen[0]).toEqual({ status: 'running', output: 'finished: mid\n' });
  expect(seen.map((s) => s.output)).toContain('finished: mid\nfinished: slow\n');
  await expect(status).toHaveAttribute('data-exit', 'ok');
  expect(await output.textContent()).toBe("finished: mid\nfinished: slow\nfinished: fast\n['SLOW', 'FAST', 'MID']\n");
  // Compared line by line with the card's output: lines 1, 2 and 3 changed.
  const comparison = panel.getByTestId('run-comparison');
  await expect(comparison).toHaveText("Differs from the card's output (the code was edited) from line 1 (3 of 4 lines differ)");
  await comparison.click();
  const line1 = panel.locator('[data-testid="run-comparison-details"] li[data-line="1"]');
  await expect(line1).toHaveAttribute('data-same', 'false');
  await expect(line1).toContainText('expected: finished: fast');
  await expect(line1).toContainText('printed: finished: mid');
  await expect(panel.locator('[data-testid="run-comparison-details"] li[data-line="4"]')).toHaveAttribute('data-same', 'true');
  await panel.getByTestId('run-comparison-details').scrollIntoViewIfNeeded();
  await panel.screenshot({ path: 'test-results/run-python-edited.png' });

  // Esc leaves the editor without leaving the card or losing the edit.
  await editor.focus();
  await panel.keyboard.press('Escape');
  await expect(editor).not.toBeFocused();
  await expect(panel.locator('article')).toHaveAttribute('data-card-id', 'gather');
  await expect(panel.getByText('(edited)')).toBeVisible();

  // An uncaught exception goes to stderr, shown apart, with exit code 1. Ctrl+Enter runs from the editor.
  await editor.fill('print("before")\nraise ValueError("boom")\n');
  await editor.press('Control+Enter');
  await expect(status).toHaveAttribute('data-exit', 'error');
  await expect(status).toContainText('exit code 1');
  await expect(output.locator('[data-stream="stderr"]')).toContainText('File "main.py", line 2, in <module>');
  await expect(output.locator('[data-stream="stderr"]')).toContainText('ValueError: boom');

  // A runaway loop is stopped by the time limit (picked like a user would), the panel stays usable.
  await panel.getByLabel('Time limit').selectOption({ label: '2 s' });
  await editor.fill('while True:\n    pass\n');
  await panel.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(status).toHaveAttribute('data-exit', 'running');
  // The loop runs in the worker: the panel still answers while it spins.
  await panel.getByLabel('Time limit').focus();
  expect(await panel.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(1))))).toBe(1);
  await expect(status).toHaveAttribute('data-exit', 'timeout', { timeout: 10_000 });
  await expect(status).toHaveText('Stopped by the 2 s time limit. The next run starts a fresh Python.');

  // Stop ends a run at once.
  await panel.getByLabel('Time limit').selectOption({ label: '30 s' });
  await panel.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(status).toHaveAttribute('data-exit', 'running', { timeout: 30_000 });
  await panel.getByRole('button', { name: 'Stop' }).click();
  await expect(status).toHaveAttribute('data-exit', 'stopped');

  // Reset restores the card's code; the next Run loads a fresh Python and prints the card's output again.
  await panel.getByRole('button', { name: 'Reset' }).click();
  await expect(panel.getByText('(edited)')).toHaveCount(0);
  expect(await editor.inputValue()).toContain('fetch("fast", 0.1)');
  await panel.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(status).toHaveAttribute('data-exit', 'ok', { timeout: 30_000 });
  expect(await output.textContent()).toBe(`${GATHER_OUTPUT}\n`);
  await panel.getByTestId('run-panel').scrollIntoViewIfNeeded();
  for (const colorScheme of ['light', 'dark'] as const) {
    await panel.emulateMedia({ colorScheme });
    await panel.screenshot({ path: `test-results/run-python-${colorScheme}.png` });
  }

  // Search still works after all that.
  await panel.keyboard.press('/');
  const box = panel.getByRole('combobox', { name: 'Search asyncio cards' });
  await box.fill('semaphore');
  await expect(panel.getByRole('option').first()).toHaveAttribute('data-concept', 'semaphore');

  expect(requestsLeavingTheExtension(requests, extensionId)).toEqual([]);
  // Python's files came from inside the extension.
  expect(requests.some((url) => url === `chrome-extension://${extensionId}/pyodide/pyodide.asm.wasm`)).toBe(true);

  const metrics = {
    coldFirstOutputMs: cold,
    warmFirstOutputMs: warm,
    memoryMiB: { beforeFirstRun: memoryBefore, afterPythonLoaded: memoryLoaded },
  };
  console.log('python run metrics', JSON.stringify(metrics));
  await mkdir('test-results', { recursive: true });
  await writeFile('test-results/python-run-metrics.json', JSON.stringify(metrics, null, 2));
});

test('a card whose snippet needs CPython says why instead of offering Run', async ({ openPanelPage }) => {
  const panel = await openPanelPage();
  const box = panel.getByRole('combobox', { name: 'Search asyncio cards' });
  await box.fill('asyncio.to_thread');
  await box.press('Enter');
  await expect(panel.locator('article')).toHaveAttribute('data-card-id', 'to-thread');
  await expect(panel.getByTestId('cpython-only')).toContainText('cannot start threads');
  await expect(panel.getByRole('button', { name: 'Run', exact: true })).toHaveCount(0);
  await expect(panel.getByRole('button', { name: 'Copy' })).toBeVisible();
});

test('without the WebAssembly CSP, Run says Python cannot load and the card still works', async ({ profileDir }) => {
  // A copy of the built extension whose manifest lacks the 'wasm-unsafe-eval' addition.
  const extensionCopy = await mkdtemp(path.join(os.tmpdir(), 'copilot-no-wasm-'));
  await cp(EXTENSION_PATH, extensionCopy, { recursive: true });
  const manifestPath = path.join(extensionCopy, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
  delete manifest.content_security_policy;
  await writeFile(manifestPath, JSON.stringify(manifest));
  const context = await launchWithExtension(profileDir, extensionCopy);
  try {
    const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const panel = await context.newPage();
    await panel.goto(`chrome-extension://${new URL(serviceWorker.url()).host}/sidepanel.html`);
    await openGatherCard(panel);
    await panel.getByRole('button', { name: 'Run', exact: true }).click();
    const status = panel.getByTestId('run-status');
    await expect(status).toHaveAttribute('data-exit', 'load-failed');
    await expect(status).toContainText('Python could not load: this page may not run WebAssembly');
    await expect(status).toContainText('The card still works');
    // The card is still usable: its output, its follow-ups, and Run can be tried again.
    await expect(panel.getByTestId('code-output')).toContainText("['SLOW', 'FAST', 'MID']");
    await expect(panel.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
    const followUp = panel.locator('[data-follow-up]').first();
    const target = await followUp.getAttribute('data-follow-up');
    await followUp.click();
    await expect(panel.locator('article')).toHaveAttribute('data-card-id', target!);
  } finally {
    await context.close();
    await rm(extensionCopy, { recursive: true, force: true });
  }
});

test('in "what does this print?", running the snippet after answering compares its real output with the answer, line by line', async ({
  openPanelPage,
  requests,
  extensionId,
}) => {
  test.setTimeout(60_000);
  const panel = await openPanelPage();
  const knowledgeBase = await panel.evaluate(async () => (await fetch('/knowledge.json')).json() as Promise<KnowledgeBase>);
  await panel.getByRole('tab', { name: 'Drill' }).click();
  await panel.getByLabel('Cards to drill').selectOption('concept:gather');
  await panel.getByRole('button', { name: 'Start drill' }).click();

  const drillCard = panel.locator('[data-drill-card]');
  await expect(drillCard).toHaveAttribute('data-drill-mode', 'output');
  const cardId = await drillCard.getAttribute('data-drill-card');
  const card = knowledgeBase.cards.find((c) => c.id === cardId)!;
  expect(card.code && !card.code.cpythonOnly && !card.code.output.includes('<')).toBeTruthy();
  const lines = card.code!.output.split('\n');

  // The answer gets the first line wrong and the rest right.
  await panel.getByLabel('Your answer (what it prints)').fill(['a wrong first line', ...lines.slice(1)].join('\n'));
  await panel.getByRole('button', { name: /Show answer/ }).click();
  await expect(panel.getByTestId('output-verdict')).toHaveText('✗ Not what it prints.');

  await panel.getByTestId('drill-run').click();
  await expect(panel.getByTestId('run-status')).toHaveAttribute('data-exit', 'ok', { timeout: 30_000 });
  await expect(panel.getByTestId('run-output')).toHaveText(card.code!.output);
  await expect(panel.getByTestId('run-comparison')).toHaveText(`Differs from your answer from line 1 (1 of ${lines.length} lines differ)`);
  await panel.getByTestId('run-comparison').click();
  const firstLine = panel.getByTestId('run-comparison-details').locator('li[data-line="1"]');
  await expect(firstLine).toHaveAttribute('data-same', 'false');
  await expect(firstLine).toContainText('you said: a wrong first line');
  await expect(firstLine).toContainText(`printed: ${lines[0]}`);
  await expect(panel.getByTestId('run-comparison-details').locator('li[data-same="true"]')).toHaveCount(lines.length - 1);
  await panel.getByTestId('run-comparison').scrollIntoViewIfNeeded();
  await panel.screenshot({ path: 'test-results/drill-run-compare.png' });

  // Grading still works after the run, and no request left the extension.
  await panel.getByRole('button', { name: /^3 Good\b/ }).click();
  await expect(panel.getByTestId('drill-run')).toHaveCount(0);
  expect(requestsLeavingTheExtension(requests, extensionId)).toEqual([]);
});
