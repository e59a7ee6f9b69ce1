import type { Card, Concept } from './schema';
import { countWords, MAX_ANSWER_WORDS, MIN_ASKED_AS } from './schema';

/**
 * What knowledge base v2 asks of every card beyond the schema: `askedAs` phrasings, answers of
 * at most 60 words, Interview cues on every point, a third-party example beside runnable code,
 * and at least 3 cards per concept. The compiler rejects the shipped knowledge base when any
 * rule fails; npm run kb:gaps lists them all at once.
 */
export const MIN_CARDS_PER_CONCEPT = 3;
export const MIN_CARDS = 230;

export interface CompletenessGap {
  card: string;
  rule: 'askedAs' | 'answer-words' | 'cues' | 'cards-per-concept' | 'card-count' | 'example-needs-code';
  message: string;
}

export function findCompletenessGaps(cards: readonly Card[], concepts: readonly Concept[]): CompletenessGap[] {
  const gaps: CompletenessGap[] = [];
  for (const card of cards) {
    if ((card.askedAs?.length ?? 0) < MIN_ASKED_AS) {
      gaps.push({ card: card.id, rule: 'askedAs', message: `has ${card.askedAs?.length ?? 0} askedAs phrasings, needs ${MIN_ASKED_AS}` });
    }
    const words = countWords(card.answer);
    if (words > MAX_ANSWER_WORDS) gaps.push({ card: card.id, rule: 'answer-words', message: `answer has ${words} words, at most ${MAX_ANSWER_WORDS}` });
    const missing = card.points.filter((_, i) => !card.pointCues?.[i]).length;
    if (missing > 0) gaps.push({ card: card.id, rule: 'cues', message: `${missing} of ${card.points.length} points have no {cues: …}` });
    if (card.example && !card.code) gaps.push({ card: card.id, rule: 'example-needs-code', message: 'a not-run example needs a runnable standard-library snippet beside it' });
  }
  for (const concept of concepts) {
    const n = cards.filter((c) => c.concept === concept.id).length;
    if (n < MIN_CARDS_PER_CONCEPT) gaps.push({ card: concept.id, rule: 'cards-per-concept', message: `concept has ${n} cards, needs ${MIN_CARDS_PER_CONCEPT}` });
  }
  if (cards.length < MIN_CARDS) gaps.push({ card: '(all)', rule: 'card-count', message: `${cards.length} cards, needs ${MIN_CARDS}` });
  return gaps;
}
