import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { Card, KnowledgeBase } from '../../knowledge/schema';
import { expect, test } from './fixtures';

test.use({ viewport: { width: 420, height: 900 }, actionTimeout: 15_000 });

const interviewable = (card: Card) => !!card.pointCues && card.pointCues.length === card.points.length && card.pointCues.every((c) => !!c && c.length > 0);

async function expectAxeClean(panel: Page, theme: string) {
  const results = await new AxeBuilder({ page: panel }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(results.violations.map((v) => `${theme}: ${v.id} ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
}

test('an interview session: question, typed answer graded per point, follow-up, summary linking to cards', async ({ openPanelPage }) => {
  test.setTimeout(90_000);
  const panel = await openPanelPage();
  const kb = await panel.evaluate(async () => (await fetch('/knowledge.json')).json() as Promise<KnowledgeBase>);
  const byId = new Map(kb.cards.map((c) => [c.id, c]));
  // A concept whose first interviewable card has a follow-up that can be graded too.
  const gradable = (c: Card) => c.followUps.find((f) => f.card !== c.id && byId.has(f.card) && interviewable(byId.get(f.card)!));
  const firstOfConcept = (c: Card) => kb.cards.find((other) => other.concept === c.concept && interviewable(other)) === c;
  const firstCard = kb.cards.find((c) => interviewable(c) && firstOfConcept(c) && gradable(c))!;
  const concept = kb.concepts.find((c) => c.id === firstCard.concept)!;

  await panel.getByRole('tab', { name: 'Interview' }).click();
  await panel.getByLabel('Questions from').selectOption({ label: concept.title });
  await expectAxeClean(panel, 'light setup');
  await panel.getByRole('button', { name: 'Start interview' }).click();

  await expect(panel.getByRole('heading', { level: 2 })).toHaveText(firstCard.title);
  const answerBox = panel.getByLabel(/Your answer/);
  await expect(answerBox).toBeFocused();
  await panel.screenshot({ path: 'test-results/interview-question.png' });

  // The model answer typed back misses no key point (a cue may use other words than its point, so
  // some can be only partly covered) and is suggested Good; Ctrl+Enter submits.
  await answerBox.fill(`${firstCard.answer}\n${firstCard.points.join('\n')}`);
  await answerBox.press('Control+Enter');
  const graded = panel.getByRole('list', { name: 'Key points graded' }).getByRole('listitem');
  await expect(graded).toHaveCount(firstCard.points.length);
  for (const item of await graded.all()) await expect(item).not.toContainText('Missed:');
  await expect(panel.getByRole('radio', { name: /^(Good|Easy) \(suggested\)$/ })).toBeChecked();
  await expect(panel.getByRole('heading', { name: "The card's answer" })).toBeVisible();
  await expectAxeClean(panel, 'light graded');
  await panel.screenshot({ path: 'test-results/interview-graded.png', fullPage: true });

  // The follow-up is asked next, from the card's own list.
  const firstFollow = gradable(firstCard)!;
  {
    await panel.getByRole('button', { name: 'Save grade and take the follow-up' }).click();
    await expect(panel.getByRole('heading', { level: 2 })).toHaveText(firstFollow.question);
    await expect(panel.getByText('follow-up 1')).toBeVisible();
    await panel.screenshot({ path: 'test-results/interview-follow-up.png' });
    // An answer about something else covers nothing: Again is suggested.
    await panel.getByLabel(/Your answer/).fill('I would water the plants and bake some bread.');
    await panel.getByRole('button', { name: 'Submit answer' }).click();
    for (const item of await panel.getByRole('list', { name: 'Key points graded' }).getByRole('listitem').all()) await expect(item).toContainText('Missed:');
    await expect(panel.getByRole('radio', { name: 'Again (suggested)' })).toBeChecked();
  }

  // Through the remaining questions to the summary.
  await panel.emulateMedia({ colorScheme: 'dark' });
  for (let i = 0; i < 30 && !(await panel.getByRole('heading', { name: 'Interview summary' }).isVisible()); i++) {
    if (await panel.getByRole('button', { name: 'Submit answer' }).isVisible()) {
      await panel.getByRole('button', { name: 'Submit answer' }).click();
      if (i === 0) await expectAxeClean(panel, 'dark graded');
    }
    const skip = panel.getByRole('button', { name: 'Save grade and skip the follow-ups' });
    await (await skip.isVisible() ? skip : panel.getByRole('button', { name: 'Save grade and continue' })).click();
  }
  await expect(panel.getByRole('heading', { name: 'Interview summary' })).toBeVisible();
  // One line per answer, the opening question first; each card to read again is linked once.
  await expect(panel.getByRole('list', { name: 'Your answers' }).getByRole('listitem').first()).toContainText(firstCard.title);
  const links = panel.getByRole('button', { name: /^Open card: / });
  const linkNames = await links.allTextContents();
  expect(new Set(linkNames).size).toBe(linkNames.length);
  await expect(links.first()).toBeVisible();
  await expectAxeClean(panel, 'dark summary');
  await panel.screenshot({ path: 'test-results/interview-summary.png', fullPage: true });
  await links.first().click();
  await expect(panel.getByRole('tab', { name: 'Search' })).toHaveAttribute('aria-selected', 'true');
});
