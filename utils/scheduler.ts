import { createEmptyCard, fsrs, Rating, State, type Card as FsrsCard, type Grade } from 'ts-fsrs';

/**
 * Spaced-repetition scheduling by ts-fsrs (FSRS-6). This module only converts between the
 * rows the database stores (plain numbers, so IndexedDB and the export file hold them
 * as-is) and ts-fsrs' cards; every scheduling decision is the library's.
 */

/** The FSRS state of one card as stored: ts-fsrs' card with dates as epoch milliseconds. */
export interface SchedulingState {
  due: number;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  /** ts-fsrs State: 0 new, 1 learning, 2 review, 3 relearning. */
  state: number;
  lastReview?: number;
}

export const GRADES = [
  { grade: Rating.Again, label: 'Again', key: '1' },
  { grade: Rating.Hard, label: 'Hard', key: '2' },
  { grade: Rating.Good, label: 'Good', key: '3' },
  { grade: Rating.Easy, label: 'Easy', key: '4' },
] as const satisfies readonly { grade: Grade; label: string; key: string }[];

export type GradeValue = (typeof GRADES)[number]['grade'];

/** The grade "I recalled it": what the session's count of reviews left assumes from now on. */
export const GOOD: GradeValue = Rating.Good;

export function gradeLabel(grade: number): string {
  return GRADES.find((g) => g.grade === grade)?.label ?? `grade ${grade}`;
}

// Fuzz spreads reviews of cards learned together over nearby days, as Anki does; it is
// deterministic for the same card and time, so a preview equals the grade it previews.
const scheduler = fsrs({ enable_fuzz: true });

/** The recall probability the scheduler plans for: a card falls due when its predicted recall
 * drops to this (ts-fsrs' request_retention, 0.9 by default). */
export const TARGET_RETENTION = scheduler.parameters.request_retention;

function toFsrsCard(state: SchedulingState): FsrsCard {
  return {
    due: new Date(state.due),
    stability: state.stability,
    difficulty: state.difficulty,
    elapsed_days: state.elapsedDays,
    scheduled_days: state.scheduledDays,
    learning_steps: state.learningSteps,
    reps: state.reps,
    lapses: state.lapses,
    state: state.state as State,
    ...(state.lastReview === undefined ? {} : { last_review: new Date(state.lastReview) }),
  };
}

function fromFsrsCard(card: FsrsCard): SchedulingState {
  return {
    due: card.due.getTime(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    ...(card.last_review ? { lastReview: card.last_review.getTime() } : {}),
  };
}

/** The state of a card never reviewed, due now. */
export function newSchedulingState(now: number): SchedulingState {
  return fromFsrsCard(createEmptyCard(new Date(now)));
}

/** What each grade would do to the card now: the next state and its interval. */
export function previewGrades(current: SchedulingState | undefined, now: number): Record<GradeValue, SchedulingState> {
  const preview = scheduler.repeat(toFsrsCard(current ?? newSchedulingState(now)), new Date(now));
  return {
    [Rating.Again]: fromFsrsCard(preview[Rating.Again].card),
    [Rating.Hard]: fromFsrsCard(preview[Rating.Hard].card),
    [Rating.Good]: fromFsrsCard(preview[Rating.Good].card),
    [Rating.Easy]: fromFsrsCard(preview[Rating.Easy].card),
  } as Record<GradeValue, SchedulingState>;
}

/** The card's state after grading it now. */
export function applyGrade(current: SchedulingState | undefined, grade: GradeValue, now: number): SchedulingState {
  return fromFsrsCard(scheduler.next(toFsrsCard(current ?? newSchedulingState(now)), new Date(now), grade).card);
}

/** The probability (0–1) that the card is recalled now; 0 for a card never reviewed. */
export function retrievability(state: SchedulingState | undefined, now: number): number {
  if (!state || state.state === State.New) return 0;
  return scheduler.get_retrievability(toFsrsCard(state), new Date(now), false);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** An interval the way Anki's buttons show it: "<1m", "10m", "3h", "4d", "2.5mo", "1.2y". */
export function formatInterval(milliseconds: number): string {
  if (milliseconds < MINUTE) return '<1m';
  if (milliseconds < HOUR) return `${Math.round(milliseconds / MINUTE)}m`;
  if (milliseconds < DAY) return `${Math.round(milliseconds / HOUR)}h`;
  const days = milliseconds / DAY;
  if (days < 30) return `${Math.round(days)}d`;
  if (days < 365) return `${trimDecimal(days / 30)}mo`;
  return `${trimDecimal(days / 365)}y`;
}

function trimDecimal(value: number): string {
  return value.toFixed(1).replace(/\.0$/, '');
}
