import type { Card } from '../knowledge/schema';
import type { CardCatalog, CardSource } from './card-catalog';
import type { PendingLookup, SessionStore } from './pending-lookup';
import type { CardSearch, SearchResponse } from './search';

/**
 * A selection lookup answered ahead of the panel: the background runs the same search on the
 * selection it hands over (utils/pending-lookup.ts) and stores what the panel needs to show
 * the best card (the search's response, the card's related cards, the titles its follow-ups
 * link to). A panel opening on that lookup shows the card from it at once, in its first
 * frames, and parses the 2.5 MB of cards and index after; a panel that gets no answer in time
 * searches itself, as before. Either way the card and the list are the search's own.
 */

export const LOOKUP_ANSWER_KEY = 'lookupAnswer';

export interface LookupAnswer {
  /** The lookup answered (PendingLookup.requestedAt and .text). */
  requestedAt: number;
  text: string;
  /** The knowledge base the answer came from (KnowledgeBase.version). */
  version: string;
  /** The search's response to the lookup's text; it lists at least one card. */
  response: SearchResponse;
  /** The best card's related cards (CardCatalog.related). */
  related: Card[];
  /** The titles of the cards the best card's follow-ups open. */
  followUpTitles: Record<string, string>;
}

/** The answer to a lookup, or undefined when the search lists no card for it (the panel says so itself). */
export function answerLookup(
  { search, catalog, version }: { search: CardSearch; catalog: CardCatalog; version: string },
  lookup: PendingLookup,
): LookupAnswer | undefined {
  if (!lookup.text || lookup.problem) return undefined;
  const response = search.search(lookup.text);
  const best = response.results[0]?.card;
  if (!best) return undefined;
  const followUpTitles: Record<string, string> = {};
  for (const { card } of best.followUps) {
    const title = catalog.byId.get(card)?.title;
    if (title !== undefined) followUpTitles[card] = title;
  }
  return { requestedAt: lookup.requestedAt, text: lookup.text, version, response, related: catalog.related(best), followUpTitles };
}

/** Whether a stored value is an answer to this very lookup (not to an earlier one, not malformed). */
export function isAnswerFor(value: unknown, lookup: PendingLookup): value is LookupAnswer {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<LookupAnswer>;
  return (
    v.requestedAt === lookup.requestedAt &&
    v.text === lookup.text &&
    typeof v.version === 'string' &&
    Array.isArray(v.response?.results) &&
    v.response.results.length > 0 &&
    v.response.results.every((r) => typeof r?.card?.id === 'string') &&
    Array.isArray(v.related) &&
    !!v.followUpTitles &&
    typeof v.followUpTitles === 'object'
  );
}

/** The answer's cards, for the panel while the cards load: the listed ones and the best card's related ones. */
export function answeredCards(answer: LookupAnswer): CardSource {
  const byId = new Map<string, Card>();
  for (const card of [...answer.response.results.map((r) => r.card), ...answer.related]) byId.set(card.id, card);
  const best = answer.response.results[0]!.card;
  return {
    byId: (cardId) => byId.get(cardId),
    related: (card) => (card.id === best.id ? answer.related : []),
    titleOf: (cardId) => answer.followUpTitles[cardId] ?? byId.get(cardId)?.title,
  };
}

export async function saveLookupAnswer(store: SessionStore, answer: LookupAnswer): Promise<void> {
  await store.set({ [LOOKUP_ANSWER_KEY]: answer });
}

/** Reads and removes the stored answer, whichever lookup it answers (the caller checks with
 * isAnswerFor); the removal is issued, not waited for. */
export async function takeLookupAnswer(store: SessionStore): Promise<unknown> {
  const value = (await store.get(LOOKUP_ANSWER_KEY))[LOOKUP_ANSWER_KEY];
  if (value !== undefined) void store.remove(LOOKUP_ANSWER_KEY).catch(() => undefined);
  return value;
}
