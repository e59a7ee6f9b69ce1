import type { Locator, Page } from '@playwright/test';
import type { Card, KnowledgeBase } from '../../knowledge/schema';
import { expect } from './fixtures';

export { targetPositions } from '../support/parsons-targets';

/** Drill steps more than one spec takes, through the panel's own controls. */

const tab = (panel: Page, name: string) => panel.getByRole('tab', { name });

/** The cards the panel ships, read from the extension. */
export function shippedCards(panel: Page): Promise<Card[]> {
  return panel.evaluate(async () => ((await (await fetch('/knowledge.json')).json()) as KnowledgeBase).cards);
}

/**
 * Starts a drill of one new card (the daily limit set to 1 under Data), grades it Good as
 * "what does this print?" and Hard as its question, so it comes back a third time: as a
 * Parsons problem when its snippet makes one. Returns that card's id.
 */
export async function drillToThirdReview(panel: Page): Promise<string> {
  await tab(panel, 'Data').click();
  await panel.getByLabel('New cards a day').fill('1');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(panel.getByText('Now 1.')).toBeVisible();
  await tab(panel, 'Drill').click();
  await panel.getByRole('button', { name: 'Start drill' }).click();
  const card = panel.locator('[data-drill-card]');
  await expect(card).toHaveAttribute('data-drill-mode', 'output');
  const id = (await card.getAttribute('data-drill-card'))!;
  await panel.getByRole('button', { name: /Show answer/ }).click();
  await panel.locator('[data-grade=good]').click();
  await expect(card).toHaveAttribute('data-drill-mode', 'recall');
  await panel.getByRole('button', { name: /Show answer/ }).click();
  await panel.locator('[data-grade=hard]').click();
  await expect(card).toHaveAttribute('data-drill-card', id);
  return id;
}

/** The movable lines of the Parsons problem on screen, in their order. */
export function parsonsLines(panel: Page): Locator {
  return panel.getByRole('list', { name: 'Program lines, in your order' }).getByRole('button', { name: /^Line \d+ of \d+: / });
}

/** The code text of each line on screen, as shown (indentation kept). */
export async function shownLineTexts(panel: Page): Promise<string[]> {
  return parsonsLines(panel).evaluateAll((lines) => lines.map((line) => (line.querySelector('pre') as HTMLElement).innerText.replace(/\n$/, '')));
}

