import { gradeAnswer } from '../utils/interview/grading';
import type { SynonymEntry } from '../utils/interview/text-analysis';
import type { Card, Concept } from './schema';
import { countWords, MAX_ANSWER_WORDS, MIN_ASKED_AS } from './schema';

/**
 * What knowledge base v2 asks of every card beyond the schema: `askedAs` phrasings, answers of
 * at most 60 words, Interview cues on every point that the point's own wording covers, a
 * third-party example beside runnable code, and at least 3 cards per concept. The compiler
 * rejects the shipped knowledge base when any rule fails; npm run kb:gaps lists them all at once.
 */
export const MIN_CARDS_PER_CONCEPT = 3;
export const MIN_CARDS = 230;

export interface CompletenessGap {
  card: string;
  rule: 'askedAs' | 'answer-words' | 'cues' | 'cues-own-words' | 'cards-per-concept' | 'card-count' | 'example-needs-code';
  message: string;
}

/**
 * `synonyms`: the list the Interview panel grades with (the compiled knowledge/synonyms.yaml),
 * so the cues are checked exactly as a typed answer is graded.
 */
export function findCompletenessGaps(cards: readonly Card[], concepts: readonly Concept[], synonyms: readonly SynonymEntry[]): CompletenessGap[] {
  const gaps: CompletenessGap[] = [];
  for (const card of cards) {
    if ((card.askedAs?.length ?? 0) < MIN_ASKED_AS) {
      gaps.push({ card: card.id, rule: 'askedAs', message: `has ${card.askedAs?.length ?? 0} askedAs phrasings, needs ${MIN_ASKED_AS}` });
    }
    const words = countWords(card.answer);
    if (words > MAX_ANSWER_WORDS) gaps.push({ card: card.id, rule: 'answer-words', message: `answer has ${words} words, at most ${MAX_ANSWER_WORDS}` });
    const missing = card.points.filter((_, i) => !card.pointCues?.[i]).length;
    if (missing > 0) gaps.push({ card: card.id, rule: 'cues', message: `${missing} of ${card.points.length} points have no {cues: …}` });
    gaps.push(...ownWordsGaps(card, synonyms));
    if (card.example && !card.code) gaps.push({ card: card.id, rule: 'example-needs-code', message: 'a not-run example needs a runnable standard-library snippet beside it' });
  }
  for (const concept of concepts) {
    const n = cards.filter((c) => c.concept === concept.id).length;
    if (n < MIN_CARDS_PER_CONCEPT) gaps.push({ card: concept.id, rule: 'cards-per-concept', message: `concept has ${n} cards, needs ${MIN_CARDS_PER_CONCEPT}` });
  }
  if (cards.length < MIN_CARDS) gaps.push({ card: '(all)', rule: 'card-count', message: `${cards.length} cards, needs ${MIN_CARDS}` });
  return gaps;
}

/**
 * A candidate who answers in the card's own words must see the point covered: each point's
 * text, graded by the Interview grader against that point's cues, has to find every idea.
 */
function ownWordsGaps(card: Card, synonyms: readonly SynonymEntry[]): CompletenessGap[] {
  const gaps: CompletenessGap[] = [];
  card.points.forEach((text, index) => {
    const ideas = card.pointCues?.[index];
    if (!ideas) return;
    const graded = gradeAnswer(card, text, { synonyms }).points[index]!;
    const unfound = ideas.filter((_, i) => !graded.ideasFound[i]).map((phrasings) => phrasings.join(', '));
    if (unfound.length > 0) {
      gaps.push({
        card: card.id,
        rule: 'cues-own-words',
        message: `point ${index + 1} ("${text.length > 60 ? `${text.slice(0, 57)}...` : text}") does not cover itself; no phrasing of ${unfound.map((u) => `{${u}}`).join(' or ')} is found in it`,
      });
    }
  });
  return gaps;
}
