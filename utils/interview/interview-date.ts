import { default_request_retention } from 'ts-fsrs';
import type { Card } from '../../knowledge/schema';
import { retrievability, type SchedulingState } from '../scheduler';

/**
 * An interview date the schedule works toward: cards whose predicted recall on that date is
 * below the scheduler's target retention are brought forward now. After the date nothing
 * changes (the normal schedule applies again). Not wired into the drill or Progress yet.
 */

/** The retention ts-fsrs schedules for (the drill's own target). */
export const TARGET_RETENTION = default_request_retention;

/** Reviewed cards not due yet whose recall on `interviewAt` would fall below the target, least likely recalled first. */
export function bringForwardForInterview(
  cards: readonly Card[],
  states: ReadonlyMap<string, SchedulingState>,
  now: number,
  interviewAt: number,
  targetRetention = TARGET_RETENTION,
): Card[] {
  if (interviewAt <= now) return [];
  return cards
    .map((card) => ({ card, state: states.get(card.id) }))
    .filter(({ state }) => state && state.reps > 0 && state.due > now)
    .map(({ card, state }) => ({ card, recall: retrievability(state, interviewAt) }))
    .filter(({ recall }) => recall < targetRetention)
    .sort((a, b) => a.recall - b.recall)
    .map(({ card }) => card);
}

/** Predicted recall on `at` per concept: the mean over its cards (a card never reviewed counts 0). */
export function predictedRecallByConcept(cards: readonly Card[], states: ReadonlyMap<string, SchedulingState>, at: number): Map<string, number> {
  const sums = new Map<string, { total: number; count: number }>();
  for (const card of cards) {
    const entry = sums.get(card.concept) ?? { total: 0, count: 0 };
    entry.total += retrievability(states.get(card.id), at);
    entry.count++;
    sums.set(card.concept, entry);
  }
  return new Map([...sums].map(([concept, { total, count }]) => [concept, total / count]));
}
