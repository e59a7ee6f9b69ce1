import type { Card, Concept } from '../knowledge/schema';
import type { UpcomingInterview } from './interview-date';
import { retrievability, type SchedulingState } from './scheduler';

/** By default mastery is the recall predicted a week ahead: what a user can count on soon,
 * not the near-certain recall just after a review. */
export const DEFAULT_MASTERY_HORIZON_MS = 7 * 86_400_000;

/** The moment Progress predicts recall for: the end of the interview day while it lies ahead, else the default horizon. */
export function masteryMoment(now: number, interview: UpcomingInterview | undefined): number {
  return interview?.at ?? now + DEFAULT_MASTERY_HORIZON_MS;
}

/** How well each concept is known: the recall of its cards the scheduler predicts at a moment ahead. */
export interface ConceptMastery {
  concept: Concept;
  cardCount: number;
  /** Cards of the concept reviewed at least once. */
  studied: number;
  /** Mean predicted recall over all the concept's cards; a card never studied counts 0. */
  mastery: number;
  /** Mean predicted recall over the studied cards only (undefined when none is studied). */
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
 *
 * `recallAt` is the moment recall is predicted for: `now` + DEFAULT_MASTERY_HORIZON_MS unless
 * given (an interview date, say). A card graded Again a moment ago is weak at that horizon
 * even though the scheduler's recall right after a review is close to 100 %.
 */
export function computeMastery(
  concepts: readonly Concept[],
  cards: readonly Card[],
  states: ReadonlyMap<string, SchedulingState>,
  now: number,
  endOfToday: number,
  recallAt: number = now + DEFAULT_MASTERY_HORIZON_MS,
): ConceptMastery[] {
  const at = Math.max(now, recallAt);
  const entries = concepts.map((concept): ConceptMastery => {
    const own = cards.filter((card) => card.concept === concept.id);
    let studied = 0;
    let recallSum = 0;
    let dueToday = 0;
    for (const card of own) {
      const state = states.get(card.id);
      if (!state || state.reps === 0) continue;
      studied += 1;
      recallSum += retrievability(state, at);
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
