import { applyGrade, GOOD, type SchedulingState } from './scheduler';

/**
 * What happens inside one drill session: which graded cards come back before it ends, and how
 * many reviews are left. Pure functions over the scheduler's states (utils/drill.ts builds the
 * queue a session starts from). Kept apart from utils/drill.ts because it runs the scheduler
 * (ts-fsrs), which the panel's start-up does not load.
 */

/** Like Anki's learn-ahead limit: a card graded again due within this comes back in the same session. */
export const LEARN_AHEAD_MS = 20 * 60_000;

/** Whether a card just graded comes back in the same session: its next review falls within the learn-ahead limit. */
export function comesBackInSession(next: SchedulingState, reviewedAt: number): boolean {
  return next.due <= reviewedAt + LEARN_AHEAD_MS;
}

/** More than any card needs (FSRS' default learning steps take two Goods); a guard, not a rule. */
const MAX_REVIEWS_PER_CARD = 10;

/**
 * The reviews a card still needs in this session if each from now on is graded Good: the one
 * about to be asked, plus the learning or relearning steps that bring it back within the
 * learn-ahead limit. Worked out with the real scheduler, so it follows its steps: a new card
 * needs 2 (Good leaves it in a 10-minute step, a second Good graduates it); after Again it
 * still needs 2, after a first Good 1; a due review card needs 1.
 */
export function reviewsLeftFor(state: SchedulingState | undefined, now: number): number {
  let reviews = 0;
  let current = state;
  do {
    current = applyGrade(current, GOOD, now);
    reviews += 1;
  } while (comesBackInSession(current, now) && reviews < MAX_REVIEWS_PER_CARD);
  return reviews;
}

/** The reviews left in a session: over the cards still to be asked (each once), what each still needs. */
export function reviewsLeftInSession(
  cardIds: readonly string[],
  states: ReadonlyMap<string, SchedulingState>,
  now: number,
): number {
  return [...new Set(cardIds)].reduce((sum, id) => sum + reviewsLeftFor(states.get(id), now), 0);
}


/** Where a session stands: the cards in the order asked (a card coming back is appended) and the one being asked. */
export interface SessionQueue {
  queue: readonly string[];
  position: number;
}

/** The session after grading the card at its position: the card comes back at the end if it is due again within the session; the session is done when no card is left to ask. */
export function advanceSession(session: SessionQueue, next: SchedulingState, reviewedAt: number): SessionQueue & { done: boolean } {
  const cardId = session.queue[session.position];
  const queue = cardId !== undefined && comesBackInSession(next, reviewedAt) ? [...session.queue, cardId] : session.queue;
  const position = session.position + 1;
  return { queue, position, done: position >= queue.length };
}
