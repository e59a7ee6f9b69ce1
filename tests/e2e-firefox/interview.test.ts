import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { ElementHandle, Page } from 'puppeteer-core';
import type { Card, KnowledgeBase } from '../../knowledge/schema';
import { axeViolations, setColorScheme } from './axe';
import { findFirefox, launchFirefox, missingFirefoxMessage, openExtensionPage, type FirefoxWithAddon } from './firefox';
import { byRole, click, escapeRegExp, find, openTab, waitForText } from './page-helpers';

const firefoxPath = findFirefox();
if (!firefoxPath) console.warn(missingFirefoxMessage);

const interviewable = (card: Card) => !!card.pointCues && card.pointCues.length === card.points.length && card.pointCues.every((cues) => !!cues && cues.length > 0);

/** Sets a textarea's value as typing would (React listens for input events), without typing thousands of keys. */
async function fillTextarea(field: ElementHandle<Element>, text: string): Promise<void> {
  await field.evaluate((element, value) => {
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
    setter.call(element, value);
    element.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}

/** The graded points' texts, once the list of graded points is shown. */
async function gradedPoints(panel: Page): Promise<string[]> {
  const list = await find(panel, byRole('list', 'Key points graded'));
  return list.$$eval('li', (items) => items.map((item) => item.textContent ?? ''));
}

/** The accessible name of the checked grade radio (e.g. "Good (suggested)"). */
async function checkedGrade(panel: Page): Promise<string> {
  await find(panel, 'input[type=radio]:checked');
  return panel.$eval('input[type=radio]:checked', (radio) => radio.closest('label')?.textContent?.replace(/\s+/g, ' ').trim() ?? '');
}

/** The focused element's id, once it is `expected` or after 3 s (focus moves in an effect after the render). */
async function focusedId(panel: Page, expected: string): Promise<string | undefined> {
  for (let waited = 0; ; waited += 100) {
    const id = await panel.evaluate(() => document.activeElement?.id);
    if (id === expected || waited >= 3_000) return id;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the view's heading is exactly `text` (the setup's own heading shows until the question renders). */
async function headingText(panel: Page, text: string): Promise<string> {
  return waitForText(panel, 'h2', new RegExp(`^${escapeRegExp(text)}$`));
}

describe('Firefox: an Interview session (headless)', { skip: firefoxPath ? false : missingFirefoxMessage }, () => {
  let firefox: FirefoxWithAddon;
  let panel: Page;
  let knowledgeBase: KnowledgeBase;

  before(async () => {
    firefox = await launchFirefox(firefoxPath!);
    panel = await openExtensionPage(firefox.browser);
    knowledgeBase = await panel.evaluate(async () => (await fetch('/knowledge.json')).json() as Promise<KnowledgeBase>);
    await mkdir('test-results', { recursive: true });
  });

  after(async () => {
    await firefox?.close();
  });

  it('asks, grades a typed answer per point, follows up, ends on a summary that links to cards; axe-clean light and dark; the grades are saved as reviews', { timeout: 120_000 }, async () => {
    const byId = new Map(knowledgeBase.cards.map((card) => [card.id, card]));
    const gradableFollowUp = (card: Card) => card.followUps.find((f) => f.card !== card.id && byId.has(f.card) && interviewable(byId.get(f.card)!));
    const firstOfConcept = (card: Card) => knowledgeBase.cards.find((other) => other.concept === card.concept && interviewable(other)) === card;
    const firstCard = knowledgeBase.cards.find((card) => interviewable(card) && firstOfConcept(card) && gradableFollowUp(card));
    assert.ok(firstCard, 'a concept whose first interviewable card has an interviewable follow-up');
    const followUp = gradableFollowUp(firstCard)!;
    const themed = await setColorScheme(firefox.browser, 'light');

    // Control: the check sees a violation when there is one (an unnamed button), then it is removed.
    await panel.evaluate(() => document.body.append(Object.assign(document.createElement('button'), { id: 'axe-control' })));
    assert.ok((await axeViolations(panel)).some((line) => line.startsWith('button-name: #axe-control')));
    await panel.evaluate(() => document.getElementById('axe-control')?.remove());

    await openTab(panel, 'Interview');
    const scopePicker = (await find(panel, byRole('combobox', 'Questions from'))) as ElementHandle<HTMLSelectElement>;
    await scopePicker.select(`concept:${firstCard.concept}`);
    assert.deepEqual(await axeViolations(panel), [], 'light: interview setup');
    await click(panel, byRole('button', 'Start interview'));

    // The question, with the answer box focused.
    assert.equal(await headingText(panel, firstCard.title), firstCard.title);
    const answerBox = await find(panel, 'textarea#interview-answer');
    assert.equal(await focusedId(panel, 'interview-answer'), 'interview-answer');

    // The model answer typed back misses no key point and is suggested Good or Easy; Ctrl+Enter submits.
    await fillTextarea(answerBox, `${firstCard.answer}\n${firstCard.points.join('\n')}`);
    await answerBox.focus();
    await panel.keyboard.down('Control');
    await panel.keyboard.press('Enter');
    await panel.keyboard.up('Control');
    const points = await gradedPoints(panel);
    assert.equal(points.length, firstCard.points.length);
    for (const point of points) assert.doesNotMatch(point, /Missed:/);
    assert.match(await checkedGrade(panel), /^(Good|Easy) \(suggested\)$/);
    await find(panel, "h3::-p-text(The card's answer)");
    assert.deepEqual(await axeViolations(panel), [], 'light: graded answer');
    await panel.screenshot({ path: 'test-results/firefox-interview-graded.png', fullPage: true });

    // The follow-up comes from the card's own list; an answer about something else misses every point.
    await click(panel, byRole('button', 'Save grade and take the follow-up'));
    assert.equal(await headingText(panel, followUp.question), followUp.question);
    await find(panel, '::-p-text(follow-up 1)');
    await (await find(panel, 'textarea#interview-answer')).type('I would water the plants and bake some bread.');
    await click(panel, byRole('button', 'Submit answer'));
    for (const point of await gradedPoints(panel)) assert.match(point, /Missed:/);
    assert.equal(await checkedGrade(panel), 'Again (suggested)');

    // Through the rest to the summary, in the dark theme.
    if (themed) await setColorScheme(firefox.browser, 'dark');
    let checkedDark = false;
    for (let i = 0; i < 30 && !(await panel.$(byRole('heading', 'Interview summary'))); i++) {
      const submit = await panel.$(byRole('button', 'Submit answer'));
      if (submit) {
        await submit.click();
        await find(panel, byRole('list', 'Key points graded'));
        if (themed && !checkedDark) {
          assert.equal(await panel.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), true);
          assert.deepEqual(await axeViolations(panel), [], 'dark: graded answer');
          checkedDark = true;
        }
      }
      const next = (await panel.$(byRole('button', 'Save grade and skip the follow-ups'))) ?? (await find(panel, byRole('button', 'Save grade and continue')));
      await next.click();
      await panel.waitForSelector(`${byRole('button', 'Submit answer')}, ${byRole('heading', 'Interview summary')}`);
    }
    await find(panel, byRole('heading', 'Interview summary'));
    if (themed) assert.deepEqual(await axeViolations(panel), [], 'dark: summary');
    await panel.screenshot({ path: 'test-results/firefox-interview-summary.png', fullPage: true });

    // Every saved grade is a review: Progress counts the cards the interview graded.
    const openCard = await find(panel, 'button::-p-text(Open card: )');
    await openCard.click();
    await find(panel, '[role=tab][aria-selected=true]::-p-text(Search)');
    await find(panel, `article[data-card-id]`);

    await openTab(panel, 'Progress');
    const totals = await waitForText(panel, '[data-testid=progress-totals]', /cards studied/);
    const studied = Number(/^(\d+) of/.exec(totals)?.[1]);
    assert.ok(studied >= 2, `the interview's grades were saved as reviews (${totals})`);
    if (themed) await setColorScheme(firefox.browser, 'light');
  });
});
