import { applyGrade, type GradeValue, type SchedulingState } from './scheduler';

/**
 * The review log is the source of truth for scheduling: a card's state is what replaying its
 * logged grades, in order, through the scheduler gives. These functions are pure (no
 * database); utils/database.ts uses them to verify and rebuild what it stores.
 */

export interface LoggedGrade {
  id?: number;
  cardId: string;
  reviewedAt: number;
  grade: number;
}

/** Log rows in the order they happened: by time, then by id (two grades in one millisecond). */
export function inReviewOrder<T extends LoggedGrade>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => a.reviewedAt - b.reviewedAt || (a.id ?? 0) - (b.id ?? 0));
}

/** The state one card's log produces, or undefined for an empty log. */
export function replayCardLog(rows: readonly LoggedGrade[]): SchedulingState | undefined {
  let state: SchedulingState | undefined;
  for (const row of inReviewOrder(rows)) state = applyGrade(state, row.grade as GradeValue, row.reviewedAt);
  return state;
}

/** Every card's replayed state, by card id. */
export function replayLog(rows: readonly LoggedGrade[]): Map<string, SchedulingState> {
  const byCard = new Map<string, LoggedGrade[]>();
  for (const row of rows) byCard.set(row.cardId, [...(byCard.get(row.cardId) ?? []), row]);
  const states = new Map<string, SchedulingState>();
  for (const [cardId, cardRows] of byCard) {
    const state = replayCardLog(cardRows);
    if (state) states.set(cardId, state);
  }
  return states;
}

const STATE_FIELDS = ['due', 'stability', 'difficulty', 'elapsedDays', 'scheduledDays', 'learningSteps', 'reps', 'lapses', 'state', 'lastReview'] as const;

/** Whether two states schedule alike (numbers equal up to float noise). */
export function sameSchedulingState(a: SchedulingState, b: SchedulingState): boolean {
  return STATE_FIELDS.every((field) => {
    const x = a[field];
    const y = b[field];
    if (x === undefined || y === undefined) return x === y;
    return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  });
}

export interface ProgressMismatch {
  cardId: string;
  /** What is wrong: a stored state the log does not produce, a logged card with no state. */
  problem: 'differs-from-log' | 'missing-state' | 'invalid-state';
  expected?: SchedulingState;
}

/**
 * Compares stored states with the log's replay. A stored state with no log at all (a
 * profile from before the log existed) cannot be checked and is left alone; a stored state
 * that the scheduler could not use (non-finite or out-of-range numbers) is reported.
 */
export function findLogMismatches(
  states: ReadonlyMap<string, SchedulingState> | ReadonlyArray<SchedulingState & { cardId: string }>,
  log: readonly LoggedGrade[],
): ProgressMismatch[] {
  const stored = states instanceof Map ? states : new Map((states as ReadonlyArray<SchedulingState & { cardId: string }>).map((s) => [s.cardId, s]));
  const replayed = replayLog(log);
  const mismatches: ProgressMismatch[] = [];
  for (const [cardId, expected] of replayed) {
    const actual = stored.get(cardId);
    if (!actual) mismatches.push({ cardId, problem: 'missing-state', expected });
    else if (!sameSchedulingState(actual, expected)) mismatches.push({ cardId, problem: 'differs-from-log', expected });
  }
  for (const [cardId, actual] of stored) {
    if (!replayed.has(cardId) && !isUsableSchedulingState(actual)) mismatches.push({ cardId, problem: 'invalid-state' });
  }
  return mismatches;
}

/** FSRS's ranges: difficulty 1–10 and positive stability once reviewed; finite, non-negative counts. */
export const MAX_DIFFICULTY = 10;
export const MIN_DIFFICULTY = 1;
/** ts-fsrs caps stability and intervals at 100 years (36,500 days). */
export const MAX_STABILITY_DAYS = 36_500;
/** The largest time a JavaScript Date can hold (±8.64e15 ms). */
export const MAX_DATE_MS = 8.64e15;

export function isUsableSchedulingState(state: SchedulingState): boolean {
  const finite = STATE_FIELDS.every((field) => state[field] === undefined || Number.isFinite(state[field]));
  if (!finite) return false;
  if (state.due < 0 || state.due > MAX_DATE_MS) return false;
  if (state.lastReview !== undefined && (state.lastReview < 0 || state.lastReview > MAX_DATE_MS)) return false;
  if (![0, 1, 2, 3].includes(state.state)) return false;
  if (state.elapsedDays < 0 || state.scheduledDays < 0 || state.reps < 0 || state.lapses < 0 || state.learningSteps < 0) return false;
  if (state.state === 0) return state.stability >= 0 && state.difficulty >= 0 && state.difficulty <= MAX_DIFFICULTY;
  return (
    state.stability > 0 &&
    state.stability <= MAX_STABILITY_DAYS &&
    state.difficulty >= MIN_DIFFICULTY &&
    state.difficulty <= MAX_DIFFICULTY
  );
}
