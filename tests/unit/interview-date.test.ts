import { Rating } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../knowledge/compile';
import { bringForwardForInterview, predictedRecallByConcept, TARGET_RETENTION } from '../../utils/interview/interview-date';
import { applyGrade, retrievability, type SchedulingState } from '../../utils/scheduler';

const kb = await loadKnowledgeBase();
const DAY = 86_400_000;
const t0 = Date.UTC(2026, 0, 5, 9);

/** Graded Good each time it fell due, `times` reviews in all (the real scheduler). */
function studied(times: number, from = t0): SchedulingState {
  let state = applyGrade(undefined, Rating.Good, from);
  for (let i = 1; i < times; i++) state = applyGrade(state, Rating.Good, state.due);
  return state;
}

describe('interview date', () => {
  const [weak, strong, fresh] = kb.cards;
  const strongState = studied(8);
  // The weak card is learned just before now; the strong one has years of reviews behind it.
  const weakState = studied(2, strongState.lastReview!);
  const states = new Map([
    [weak!.id, weakState],
    [strong!.id, strongState],
  ]);
  const now = weakState.lastReview! + 1;

  it('brings forward a reviewed card that would be forgotten by the date, not one that will still be recalled, nor a new card', () => {
    const interviewAt = weakState.due + 2 * DAY;
    expect(weakState.due).toBeGreaterThan(now);
    expect(retrievability(weakState, interviewAt)).toBeLessThan(TARGET_RETENTION);
    expect(retrievability(states.get(strong!.id)!, interviewAt)).toBeGreaterThanOrEqual(TARGET_RETENTION);
    expect(bringForwardForInterview([weak!, strong!, fresh!], states, now, interviewAt).map((c) => c.id)).toEqual([weak!.id]);
    // An interview tomorrow, before the weak card's recall drops: nothing moves.
    expect(bringForwardForInterview([weak!, strong!], states, now, now + 60_000)).toEqual([]);
  });

  it('goes back to the normal schedule once the date has passed', () => {
    expect(bringForwardForInterview([weak!, strong!], states, now + 400 * DAY, now + 300 * DAY)).toEqual([]);
  });

  it('predicts recall per concept on the date, lower the later the date', () => {
    const soon = predictedRecallByConcept([weak!], states, now + DAY).get(weak!.concept)!;
    const later = predictedRecallByConcept([weak!], states, now + 60 * DAY).get(weak!.concept)!;
    expect(soon).toBeGreaterThan(later);
    expect(later).toBeGreaterThan(0);
  });
});
