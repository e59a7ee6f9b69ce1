import { mkdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { drillToThirdReview, parsonsLines, shippedCards, shownLineTexts, targetPositions } from './drill-steps';
import { expect, test } from './fixtures';

test.use({ viewport: { width: 360, height: 900 }, actionTimeout: 15_000 });

const announcement = (panel: Page) => panel.getByTestId('parsons-announcement');

test('a Parsons problem in a drill: a wrong order is run and marked, then the right one is put together by keyboard and mouse', async ({ openPanelPage }) => {
  test.setTimeout(180_000);
  const panel = await openPanelPage();
  const cards = await shippedCards(panel);
  const id = await drillToThirdReview(panel);
  const source = cards.find((card) => card.id === id)!.code!.source;
  const card = panel.locator('[data-drill-card]');

  // The third review of a code card whose snippet makes a Parsons problem.
  await expect(card).toHaveAttribute('data-drill-mode', 'parsons');
  await expect(panel.getByRole('heading', { name: 'Put the lines in order' })).toBeFocused();
  await expect(panel.getByText(/Lines keep their indentation/)).toBeVisible();
  // The imports are fixed above; every other line of the snippet is there once, not in the snippet's order.
  await expect(panel.getByTestId('parsons-fixed')).toHaveText(source.split('\n')[0]!);
  const shuffled = await shownLineTexts(panel);
  const nonBlank = source.split('\n').filter((line) => line.trim() !== '');
  expect([...shuffled, source.split('\n')[0]!].sort()).toEqual([...nonBlank].sort());
  const targets = targetPositions(source, shuffled);
  expect(targets).not.toEqual(targets.map((_, i) => i));
  await mkdir('test-results/screens', { recursive: true });
  await panel.screenshot({ path: 'test-results/screens/parsons-prompt-360-light.png', fullPage: true });

  // Checked as shuffled: the lines in the snippet's place are marked, the order runs in the panel's Python and fails.
  await panel.keyboard.press('Control+Enter');
  const placed = targets.filter((target, i) => target === i).length;
  await expect(panel.getByTestId('parsons-placed')).toHaveText(`${placed} of ${targets.length} lines in the snippet’s place.`);
  const checkedList = panel.getByRole('list', { name: 'Your order, checked' }).getByRole('listitem');
  await expect(checkedList).toHaveCount(targets.length);
  for (const [i, target] of targets.entries()) {
    await expect(checkedList.nth(i)).toContainText(target === i ? `Line ${i + 1}, in place:` : `Line ${i + 1}, not in place:`);
  }
  const verdict = panel.getByTestId('parsons-verdict');
  await expect(verdict).toHaveAttribute('data-verdict', 'different-output', { timeout: 90_000 });
  await expect(verdict).toHaveText('✗ Not right: in this order it prints something else.');
  await expect(panel.getByTestId('run-status')).toHaveAttribute('data-exit', /ok|error/);
  await expect(panel.getByTestId('parsons-answer')).toHaveText(source.replace(/\n$/, ''));
  // Again is suggested and focused; the user confirms it with its key.
  await expect(panel.getByTestId('suggested-grade')).toHaveText(/^Suggested: Again \(the order is not right\)/);
  await expect(panel.locator('[data-grade=again]')).toBeFocused();
  await panel.screenshot({ path: 'test-results/screens/parsons-wrong-360-light.png', fullPage: true });
  await panel.keyboard.press('1');

  // Again: back as "what does this print?", then its question, then a new Parsons problem.
  await expect(card).toHaveAttribute('data-drill-mode', 'output');
  await panel.getByRole('button', { name: /Show answer/ }).click();
  await panel.locator('[data-grade=hard]').click();
  await expect(card).toHaveAttribute('data-drill-mode', 'recall');
  await panel.getByRole('button', { name: /Show answer/ }).click();
  await panel.locator('[data-grade=hard]').click();
  await expect(card).toHaveAttribute('data-drill-mode', 'parsons');
  await expect(card).toHaveAttribute('data-drill-card', id);
  const reshuffled = await shownLineTexts(panel);
  expect(reshuffled, 'each Parsons review of a card has its own shuffle').not.toEqual(shuffled);

  const lines = parsonsLines(panel);
  const count = reshuffled.length;
  /** Where the line that belongs at `target` is now. */
  const positionOf = async (target: number) => targetPositions(source, await shownLineTexts(panel)).indexOf(target);

  // Mouse: drag the line that belongs first onto the top half of the first line.
  let from = await positionOf(0);
  if (from === 0) from = await positionOf(1); // already first: put the second in place instead
  const dragTarget = from === (await positionOf(0)) ? 0 : 1;
  await lines.nth(from).dragTo(lines.nth(dragTarget), { targetPosition: { x: 8, y: 2 } });
  await expect.poll(() => positionOf(dragTarget)).toBe(dragTarget);
  await expect(announcement(panel)).toHaveText(new RegExp(`^Moved .*: now line ${dragTarget + 1} of ${count}\\.$`));

  // A drag held near the panel's bottom edge scrolls the panel (the browser's own drag
  // autoscroll), so a list taller than the panel can be crossed by mouse.
  await panel.setViewportSize({ width: 360, height: 420 });
  await panel.evaluate(() => window.scrollTo(0, 0));
  await lines.first().scrollIntoViewIfNeeded();
  const grip = (await lines.first().boundingBox())!;
  const scrolledBefore = await panel.evaluate(() => window.scrollY);
  await panel.mouse.move(grip.x + 8, grip.y + grip.height / 2);
  await panel.mouse.down();
  for (let i = 0; i < 10; i++) await panel.mouse.move(grip.x + 8 + (i % 2), 420 - 12);
  await expect.poll(() => panel.evaluate(() => window.scrollY)).toBeGreaterThan(scrolledBefore);
  await panel.mouse.up();
  await panel.setViewportSize({ width: 360, height: 900 });

  // Keyboard, Alt+↑: the focused line moves and keeps the focus.
  for (let target = 0; target < count; target++) {
    let at = await positionOf(target);
    if (at === target) continue;
    if (target % 2 === 0) {
      await lines.nth(at).focus();
      while (at > target) {
        await panel.keyboard.press('Alt+ArrowUp');
        at--;
        await expect(lines.nth(at)).toBeFocused();
      }
      await expect(announcement(panel)).toHaveText(new RegExp(`^Moved .*: now line ${target + 1} of ${count}\\.$`));
    } else {
      // Keyboard, grab mode: Space picks the line up, ↑ carries it, Space drops it.
      await lines.nth(at).focus();
      await panel.keyboard.press('Space');
      await expect(lines.nth(at)).toHaveAttribute('aria-pressed', 'true');
      await expect(announcement(panel)).toHaveText(/^Picked up .*Up and down arrows move it, Space drops it, Escape puts it back\.$/);
      while (at > target) {
        await panel.keyboard.press('ArrowUp');
        at--;
        await expect(lines.nth(at)).toBeFocused();
      }
      await panel.keyboard.press('Space');
      await expect(lines.nth(at)).toHaveAttribute('aria-pressed', 'false');
      await expect(announcement(panel)).toHaveText(`Dropped ${(await lines.nth(at).getAttribute('aria-label'))!.replace(/^Line \d+ of \d+: /, '')} at line ${target + 1} of ${count}.`);
    }
    // The drill did not take Space for its reveal.
    await expect(panel.getByTestId('parsons-verdict')).toHaveCount(0);
  }
  expect(targetPositions(source, await shownLineTexts(panel))).toEqual([...Array(count).keys()]);
  // End and Home go to the last and the first line; Tab goes on to the focused line's buttons.
  await panel.keyboard.press('End');
  await expect(lines.last()).toBeFocused();
  await panel.keyboard.press('Home');
  await expect(lines.first()).toBeFocused();
  await panel.keyboard.press('Tab');
  await expect(panel.getByRole('button', { name: /^Move down: / }).first()).toBeFocused();
  await panel.keyboard.press('Tab');
  await expect(panel.getByRole('button', { name: /Check order/ })).toBeFocused();

  // The buttons: Move down then Move up on a line puts it back (each named with its line).
  const firstText = (await lines.first().getAttribute('aria-label'))!.replace(/^Line 1 of \d+: /, '');
  await panel.getByRole('button', { name: `Move down: ${firstText}`, exact: true }).click();
  await expect(lines.nth(1)).toHaveAccessibleName(`Line 2 of ${count}: ${firstText}`);
  await expect(panel.getByRole('button', { name: `Move down: ${firstText}`, exact: true })).toBeFocused();
  await panel.getByRole('button', { name: `Move up: ${firstText}`, exact: true }).click();
  await expect(lines.first()).toHaveAccessibleName(`Line 1 of ${count}: ${firstText}`);
  await expect(panel.getByRole('button', { name: `Move up: ${firstText}`, exact: true })).toBeDisabled();

  // Esc in grab mode puts a carried line back where it was.
  await lines.nth(2).focus();
  await panel.keyboard.press('Space');
  await panel.keyboard.press('ArrowUp');
  await panel.keyboard.press('Escape');
  expect(targetPositions(source, await shownLineTexts(panel))).toEqual([...Array(count).keys()]);
  await expect(announcement(panel)).toHaveText(/^Put back: .* is line 3 of \d+ again\.$/);

  // Checked: right at once, no run needed; Good is suggested and focused.
  await panel.screenshot({ path: 'test-results/screens/parsons-ordered-360-light.png', fullPage: true });
  await panel.getByRole('button', { name: /Check order/ }).click();
  await expect(verdict).toHaveText('✓ Right: the snippet’s own order.');
  await expect(panel.getByTestId('parsons-placed')).toHaveText(`${count} of ${count} lines in the snippet’s place.`);
  await expect(panel.getByTestId('run-status')).toHaveCount(0);
  await expect(panel.getByTestId('suggested-grade')).toHaveText(/^Suggested: Good \(the order is right\)/);
  await expect(panel.locator('[data-grade=good]')).toBeFocused();
  await panel.screenshot({ path: 'test-results/screens/parsons-right-360-light.png', fullPage: true });
  await panel.keyboard.press('Enter');
  await expect(panel.getByTestId('drill-remaining')).toHaveText(/ · 6 done$/);
  await panel.getByRole('button', { name: 'End session' }).click();

  // The summary counts the Parsons problems.
  const summary = panel.getByTestId('drill-summary');
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('Parsons problems: 1 of 2 put in a working order.');
});
