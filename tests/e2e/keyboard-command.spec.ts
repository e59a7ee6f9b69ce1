/// <reference types="chrome" />
import { execFileSync } from 'node:child_process';
import { hasXdotool } from '../support/xdotool';
import { expect, launchWithExtension, readSidePanel, requestsLeavingTheExtension, test } from './fixtures';

const PAGE = `<!doctype html><html><head><title>Shortcut notes</title></head><body>
<p id="error">Task was destroyed but it is pending!</p>
</body></html>`;


// A real key press reaches extension commands only through a display (Playwright's own
// keyboard does not fire them). npm test runs the browser tests under xvfb-run when it is
// installed (.ci/run installs it); without a display this test cannot run and says so.
test('pressing Alt+Shift+K on a page with a selection opens the side panel on the matching card', async ({ profileDir, pageServer }) => {
  test.skip(!process.env.DISPLAY || !hasXdotool(), 'needs an X display and xdotool for a real key press (run under xvfb-run)');
  const context = await launchWithExtension(profileDir, undefined, { headless: false });
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const extensionId = new URL(worker.url()).host;
    pageServer.pages.set('/shortcut.html', PAGE);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(pageServer.url('/shortcut.html'));
    await page.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById('error')!);
      window.getSelection()!.removeAllRanges();
      window.getSelection()!.addRange(range);
    });
    await page.bringToFront();

    // The real keyboard shortcut, to the browser window showing the page. A freshly started
    // browser may not take keyboard focus at once, so the press is repeated until the panel
    // opens (a second press only opens it again).
    const panelsOpen = () => worker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['SIDE_PANEL'] })).length);
    for (let attempt = 0; attempt < 5 && (await panelsOpen()) === 0; attempt++) {
      execFileSync('xdotool', ['search', '--sync', '--onlyvisible', '--name', 'Shortcut notes', 'windowfocus', '--sync']);
      execFileSync('xdotool', ['key', '--clearmodifiers', 'alt+shift+k']);
      await expect.poll(panelsOpen, { timeout: 3_000 }).toBe(1).catch(() => undefined);
    }
    expect(await panelsOpen()).toBe(1);
    const reader = await context.newPage();
    await reader.goto(`chrome-extension://${extensionId}/sidepanel.html`);
    await expect.poll(() => readSidePanel(reader, 'article', 'data-card-id'), { timeout: 15_000 }).toBe('task-reference-gc');
    expect(requestsLeavingTheExtension(requests, extensionId)).toEqual([]);
  } finally {
    await context.close();
  }
});
