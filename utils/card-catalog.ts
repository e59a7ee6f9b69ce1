import type { Card } from '../knowledge/schema';

/** Lookups over a set of cards that the panel needs: by id, by concept, and related cards. */
export interface CardCatalog {
  cards: readonly Card[];
  byId: ReadonlyMap<string, Card>;
  /** Cards of the same concept, then cards that name this card as a follow-up, then the
   * cards it follows up to — each once, never the card itself. */
  related(card: Card, limit?: number): Card[];
}

/** What the card view reads about other cards: the catalog's answers, or while the cards load
 * the background's answer to a lookup (utils/lookup-answer.ts). */
export interface CardSource {
  byId(cardId: string): Card | undefined;
  related(card: Card): Card[];
  titleOf(cardId: string): string | undefined;
}

export function catalogCards(catalog: CardCatalog): CardSource {
  return { byId: (cardId) => catalog.byId.get(cardId), related: (card) => catalog.related(card), titleOf: (cardId) => catalog.byId.get(cardId)?.title };
}

export function createCardCatalog(cards: readonly Card[]): CardCatalog {
  const byId = new Map(cards.map((card) => [card.id, card]));
  const byConcept = new Map<string, Card[]>();
  const linkingTo = new Map<string, Card[]>();
  for (const card of cards) {
    byConcept.set(card.concept, [...(byConcept.get(card.concept) ?? []), card]);
    for (const followUp of card.followUps) linkingTo.set(followUp.card, [...(linkingTo.get(followUp.card) ?? []), card]);
  }
  return {
    cards,
    byId,
    related(card, limit = 6) {
      const followUpIds = new Set(card.followUps.map((f) => f.card));
      const seen = new Set<string>([card.id, ...followUpIds]);
      const out: Card[] = [];
      for (const other of [...(byConcept.get(card.concept) ?? []), ...(linkingTo.get(card.id) ?? [])]) {
        if (out.length >= limit) break;
        if (seen.has(other.id)) continue;
        seen.add(other.id);
        out.push(other);
      }
      return out;
    },
  };
}
