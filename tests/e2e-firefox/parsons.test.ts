import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import type { KnowledgeBase } from '../../knowledge/schema';
import { targetPositions } from '../support/parsons-targets';
import { hasXdotool } from '../support/xdotool';
import { axeViolations } from './axe';
import { findFirefox, launchFirefox, missingFirefoxMessage, openExtensionPage, type FirefoxWithAddon } from './firefox';
import { byRole, click, find, openTab, waitForAttribute, waitForText } from './page-helpers';

const firefoxPath = findFirefox();
if (!firefoxPath) console.warn(missingFirefoxMessage);

const LIST = 'ol[aria-label="Program lines, in your order"]';

/** The code of each movable line, in the order shown. */
function shownLines(panel: Page): Promise<string[]> {
  return panel.$$eval(`${LIST} > li pre`, (blocks) => blocks.map((block) => (block as HTMLElement).innerText.replace(/\n$/, '')));
}

/** Grades the current drill card after revealing it, and waits for the card's next form. */
async function revealAndGrade(panel: Page, grade: 'good' | 'hard', nextMode: string): Promise<void> {
  await click(panel, '::-p-text(Show answer)');
  await click(panel, `[data-grade=${grade}]`);
  await waitForAttribute(panel, '[data-drill-card]', 'data-drill-mode', nextMode);
}

describe('Firefox: a Parsons problem in the drill', { skip: firefoxPath ? false : missingFirefoxMessage }, () => {
  let firefox: FirefoxWithAddon;
  let panel: Page;
  let knowledgeBase: KnowledgeBase;

  before(async () => {
    // A window on the X display when there is one, so the mouse drag is a real one.
    firefox = await launchFirefox(firefoxPath!, { headless: !process.env.DISPLAY });
    panel = await openExtensionPage(firefox.browser);
    knowledgeBase = await panel.evaluate(async () => (await fetch('/knowledge.json')).json() as Promise<KnowledgeBase>);
  });

  after(async () => {
    await firefox?.close();
  });

  it('the third review of a code card is a Parsons problem, put in order by mouse, keyboard and buttons, checked right; axe-clean', { timeout: 120_000 }, async () => {
    // One new card a day, so the session is that card's learning steps.
    await openTab(panel, 'Data');
    const limit = await find(panel, byRole('spinbutton', 'New cards a day'));
    await limit.click({ count: 3 });
    await limit.type('1');
    await click(panel, byRole('button', 'Save'));
    await find(panel, '::-p-text(Now 1.)');

    await openTab(panel, 'Drill');
    await click(panel, byRole('button', 'Start drill'));
    await waitForAttribute(panel, '[data-drill-card]', 'data-drill-mode', 'output');
    const id = (await panel.$eval('[data-drill-card]', (card) => card.getAttribute('data-drill-card')))!;
    await revealAndGrade(panel, 'good', 'recall');
    await revealAndGrade(panel, 'hard', 'parsons');
    assert.equal(await panel.$eval('[data-drill-card]', (card) => card.getAttribute('data-drill-card')), id);
    const source = knowledgeBase.cards.find((card) => card.id === id)!.code!.source;
    const positionOf = async (target: number) => targetPositions(source, await shownLines(panel)).indexOf(target);
    const count = (await shownLines(panel)).length;
    assert.ok(count >= 4);
    assert.notDeepEqual(targetPositions(source, await shownLines(panel)), [...Array(count).keys()], 'shuffled');
    assert.deepEqual(await axeViolations(panel), [], 'Parsons prompt');

    // Mouse: a real drag on the X display (xdotool), from a line onto the top edge of the
    // first line. WebDriver's synthesized pointer actions start no native drag in Firefox.
    if (process.env.DISPLAY && hasXdotool()) {
      let from = await positionOf(0);
      const dragTarget = from === 0 ? 1 : 0;
      if (from === 0) from = await positionOf(1);
      const [start, end] = await panel.$$eval(
        `${LIST} > li`,
        (items, from, to) => {
          // Screen coordinates of the content area (Firefox's mozInnerScreenX/Y), in device pixels.
          const screen = window as unknown as { mozInnerScreenX: number; mozInnerScreenY: number };
          const at = (item: Element, dy: (box: DOMRect) => number) => {
            const box = item.getBoundingClientRect();
            return [Math.round((screen.mozInnerScreenX + box.left + 12) * devicePixelRatio), Math.round((screen.mozInnerScreenY + dy(box)) * devicePixelRatio)];
          };
          return [at(items[from]!, (box) => box.top + box.height / 2), at(items[to]!, (box) => box.top + 3)];
        },
        from,
        dragTarget,
      );
      const xdotool = (...args: string[]) => execFileSync('xdotool', args);
      xdotool('mousemove', String(start![0]), String(start![1]));
      xdotool('mousedown', '1');
      for (let step = 1; step <= 10; step++) {
        xdotool('mousemove', String(start![0]), String(Math.round(start![1]! + ((end![1]! - start![1]!) * step) / 10)));
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      xdotool('mouseup', '1');
      assert.match(await waitForText(panel, '[data-testid=parsons-announcement]', /^Moved /), new RegExp(`now line ${dragTarget + 1} of ${count}\\.$`));
      assert.equal(await positionOf(dragTarget), dragTarget);
    } else {
      console.log('# skipped the mouse drag: it needs an X display and xdotool');
    }

    // Keyboard (Alt+↑ on the focused line) for even places, the Move up buttons for odd ones.
    for (let place = 0; place < count; place++) {
      let at = await positionOf(place);
      while (at > place) {
        const line = (await panel.$$(`${LIST} > li`))[at]!;
        if (place % 2 === 0) {
          await (await line.$('[role=button]'))!.focus();
          await panel.keyboard.down('Alt');
          await panel.keyboard.press('ArrowUp');
          await panel.keyboard.up('Alt');
        } else {
          await (await line.$('button[aria-label^="Move up: "]'))!.click();
        }
        await waitForText(panel, '[data-testid=parsons-announcement]', new RegExp(`now line ${at} of ${count}\\.$`));
        at--;
      }
    }
    assert.deepEqual(targetPositions(source, await shownLines(panel)), [...Array(count).keys()]);

    await click(panel, 'button::-p-text(Check order)');
    assert.equal(await waitForText(panel, '[data-testid=parsons-verdict]', /./), '✓ Right: the snippet’s own order.');
    assert.match(await waitForText(panel, '[data-testid=suggested-grade]', /./), /^Suggested: Good/);
    assert.deepEqual(await axeViolations(panel), [], 'Parsons checked');
    await panel.screenshot({ path: 'test-results/firefox-parsons-right.png', fullPage: true });
  });
});
