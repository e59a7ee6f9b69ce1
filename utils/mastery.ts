import type { Card, Concept } from '../knowledge/schema';
import { retrievability, type SchedulingState } from './scheduler';

/** How well each concept is known, from the scheduler's retrievability of its cards. */
export interface ConceptMastery {
  concept: Concept;
  cardCount: number;
  /** Cards of the concept reviewed at least once. */
  studied: number;
  /** Mean recall probability over all the concept's cards; a card never studied counts 0. */
  mastery: number;
  /** Mean recall probability over the studied cards only (undefined when none is studied). */
  recallOfStudied: number | undefined;
  /** Studied cards due by the end of today. */
  dueToday: number;
}

export type MasteryLevel = 'unstarted' | 'weak' | 'shaky' | 'strong';

/** Thresholds on the recall of studied cards: below 70 % is weak, 90 % and above strong. */
export function masteryLevel(entry: ConceptMastery): MasteryLevel {
  if (entry.recallOfStudied === undefined) return 'unstarted';
  if (entry.recallOfStudied < 0.7) return 'weak';
  if (entry.recallOfStudied < 0.9) return 'shaky';
  return 'strong';
}

/**
 * Per concept, sorted so that weak concepts come first: studied concepts by recall
 * (lowest first), then concepts not started, in the knowledge base's order.
 * Only cards in the current knowledge base count; rows kept for removed cards do not.
 */
export function computeMastery(
  concepts: readonly Concept[],
  cards: readonly Card[],
  states: ReadonlyMap<string, SchedulingState>,
  now: number,
  endOfToday: number,
): ConceptMastery[] {
  const entries = concepts.map((concept): ConceptMastery => {
    const own = cards.filter((card) => card.concept === concept.id);
    let studied = 0;
    let recallSum = 0;
    let dueToday = 0;
    for (const card of own) {
      const state = states.get(card.id);
      if (!state || state.reps === 0) continue;
      studied += 1;
      recallSum += retrievability(state, now);
      if (state.due < endOfToday) dueToday += 1;
    }
    return {
      concept,
      cardCount: own.length,
      studied,
      mastery: own.length ? recallSum / own.length : 0,
      recallOfStudied: studied ? recallSum / studied : undefined,
      dueToday,
    };
  });
  const order = new Map(concepts.map((c, i) => [c.id, i]));
  return entries.sort((a, b) => {
    if (a.recallOfStudied === undefined || b.recallOfStudied === undefined) {
      if (a.recallOfStudied !== b.recallOfStudied) return a.recallOfStudied === undefined ? 1 : -1;
      return (order.get(a.concept.id) ?? 0) - (order.get(b.concept.id) ?? 0);
    }
    return a.recallOfStudied - b.recallOfStudied;
  });
}
