import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { loadKnowledgeBase } from '../../knowledge/compile';
import { createCardCatalog } from '../../utils/card-catalog';
import { answeredCards, answerLookup, isAnswerFor, LOOKUP_ANSWER_KEY, saveLookupAnswer, takeLookupAnswer } from '../../utils/lookup-answer';
import { createPendingLookup } from '../../utils/pending-lookup';
import { createCardSearch } from '../../utils/search';

const knowledgeBase = await loadKnowledgeBase();
const knowledge = { search: createCardSearch(knowledgeBase), catalog: createCardCatalog(knowledgeBase.cards), version: knowledgeBase.version };
const SELECTION = 'Calling it from my notebook cell fails with RuntimeError: asyncio.run() cannot be called from a running event loop';

beforeEach(() => fakeBrowser.reset());

describe("the background's answer to a selection", () => {
  it("is the search's own response, with the best card's related cards and follow-up titles", () => {
    const lookup = createPendingLookup(SELECTION, 'context-menu', undefined, 7);
    const answer = answerLookup(knowledge, lookup)!;
    expect(answer.response).toEqual(knowledge.search.search(SELECTION));
    const best = answer.response.results[0]!.card;
    expect(answer.related.map((c) => c.id)).toEqual(knowledge.catalog.related(best).map((c) => c.id));
    for (const { card } of best.followUps) expect(answer.followUpTitles[card]).toBe(knowledge.catalog.byId.get(card)!.title);
    expect(answer).toMatchObject({ requestedAt: 7, text: lookup.text, version: knowledgeBase.version });
  });

  it('gives the panel the cards it shows: the listed and related ones, and follow-up titles', () => {
    const answer = answerLookup(knowledge, createPendingLookup(SELECTION, 'context-menu'))!;
    const cards = answeredCards(answer);
    const best = answer.response.results[0]!.card;
    for (const { card } of answer.response.results) expect(cards.byId(card.id)).toEqual(card);
    expect(cards.related(best)).toEqual(answer.related);
    expect(cards.titleOf(best.followUps[0]!.card)).toBe(knowledge.catalog.byId.get(best.followUps[0]!.card)!.title);
    expect(cards.byId('no-such-card')).toBeUndefined();
  });

  it('is not made when there is no card to show: no text, a problem, nothing matching', () => {
    expect(answerLookup(knowledge, createPendingLookup('', 'command'))).toBeUndefined();
    expect(answerLookup(knowledge, createPendingLookup('', 'command', 'cannot read this page'))).toBeUndefined();
    expect(answerLookup(knowledge, createPendingLookup('the weather in Lisbon tomorrow', 'context-menu'))).toBeUndefined();
  });

  it('is taken for that lookup only, and survives the trip through storage', async () => {
    const session = fakeBrowser.storage.session;
    const lookup = createPendingLookup('asyncio.gather', 'context-menu', undefined, 1);
    const answer = answerLookup(knowledge, lookup)!;
    // storage.session keeps JSON-like values: nothing in an answer is lost on the way.
    expect(JSON.parse(JSON.stringify(answer))).toEqual(answer);
    await saveLookupAnswer(session, answer);
    const stored = await takeLookupAnswer(session);
    expect(isAnswerFor(stored, lookup)).toBe(true);
    expect(isAnswerFor(stored, { ...lookup, requestedAt: 2 })).toBe(false);
    expect(isAnswerFor(stored, { ...lookup, text: 'asyncio.wait' })).toBe(false);
    // Taken once: it is removed from storage.
    expect(await takeLookupAnswer(session)).toBeUndefined();
  });

  it('rejects a malformed stored value', async () => {
    const lookup = createPendingLookup('asyncio.gather', 'context-menu', undefined, 1);
    const session = fakeBrowser.storage.session;
    for (const value of [null, 5, { requestedAt: 1, text: 'asyncio.gather' }, { requestedAt: 1, text: 'asyncio.gather', version: 'v', response: { results: [] }, related: [], followUpTitles: {} }]) {
      await session.set({ [LOOKUP_ANSWER_KEY]: value });
      expect(isAnswerFor(await takeLookupAnswer(session), lookup)).toBe(false);
    }
  });
});
