import type { Card, Concept } from '../knowledge/schema';
import type { SchedulingState } from './scheduler';
import { outputMatches } from './python/compare-output';
import { qualifiesForParsons } from './parsons';

/**
 * What a drill session holds and how a card is asked. Pure functions over the knowledge
 * base and the user's scheduling states; the panel and the tests call the same ones.
 */

export type DrillScope =
  | { kind: 'all' }
  | { kind: 'guide' }
  | { kind: 'bookmarked' }
  | { kind: 'concept'; concept: string }
  | { kind: 'tag'; tag: string };

export const DEFAULT_DAILY_NEW_LIMIT = 10;
export const MAX_DAILY_NEW_LIMIT = 999;

export function describeScope(scope: DrillScope, conceptTitle: (id: string) => string | undefined): string {
  switch (scope.kind) {
    case 'all':
      return 'All cards';
    case 'guide':
      return "The guide's topics";
    case 'bookmarked':
      return 'Bookmarked cards';
    case 'concept':
      return conceptTitle(scope.concept) ?? scope.concept;
    case 'tag':
      return `Tag: ${scope.tag}`;
  }
}

export function cardsInScope(
  cards: readonly Card[],
  concepts: readonly Concept[],
  scope: DrillScope,
  bookmarked: ReadonlySet<string>,
): Card[] {
  switch (scope.kind) {
    case 'all':
      return [...cards];
    case 'guide': {
      const guide = new Set(concepts.filter((c) => c.guide).map((c) => c.id));
      return cards.filter((card) => guide.has(card.concept));
    }
    case 'bookmarked':
      return cards.filter((card) => bookmarked.has(card.id));
    case 'concept':
      return cards.filter((card) => card.concept === scope.concept);
    case 'tag':
      return cards.filter((card) => card.tags.includes(scope.tag));
  }
}

/** Every tag on the cards, sorted, for the scope picker. */
export function allTags(cards: readonly Card[]): string[] {
  return [...new Set(cards.flatMap((card) => card.tags))].sort();
}

export interface DrillQueue {
  /** Due cards first (most overdue first), then cards brought forward for an interview (least
   * likely recalled on the day first), then new cards in knowledge-base order. */
  cards: Card[];
  dueCount: number;
  /** Reviewed cards not due yet that would be below the target retention on the interview day. */
  broughtForwardCount: number;
  newCount: number;
  /** New cards in scope left for later days because today's limit is reached. */
  newHeldBack: number;
}

/**
 * While an interview date lies ahead (utils/interview-date.ts builds this): the scheduler's
 * recall prediction for the interview day. Handed in, so this module stays free of the
 * scheduler, which the panel's start-up does not load.
 */
export interface InterviewForecast {
  /** The predicted recall (0–1) of a reviewed card at the interview. */
  recallAtInterview(state: SchedulingState): number;
  /** A card predicted below this at the interview is brought forward. */
  targetRetention: number;
}

export interface DrillQueueInput {
  /** The cards of the scope, in knowledge-base order. Ids not in the knowledge base never get here. */
  cards: readonly Card[];
  states: ReadonlyMap<string, SchedulingState>;
  now: number;
  dailyNewLimit: number;
  /** New cards already introduced today (their first review was today). */
  newIntroducedToday: number;
  /** Set while an interview date lies ahead; without it the queue is the normal schedule. */
  interview?: InterviewForecast;
}

/**
 * The cards of a drill session. With an interview ahead, reviewed cards that are not due but
 * would be below the target retention on the day come after the due ones. A card reviewed
 * today is not brought forward again today: right after a review its next interval may still
 * end before the interview, and it would otherwise come straight back after every session.
 */
export function buildDrillQueue({ cards, states, now, dailyNewLimit, newIntroducedToday, interview }: DrillQueueInput): DrillQueue {
  const due: { card: Card; due: number }[] = [];
  const ahead: { card: Card; recall: number }[] = [];
  const fresh: Card[] = [];
  const today = startOfDay(now);
  for (const card of cards) {
    const state = states.get(card.id);
    if (!state || state.reps === 0) fresh.push(card);
    else if (state.due <= now) due.push({ card, due: state.due });
    else if (interview && (state.lastReview ?? 0) < today) {
      const recall = interview.recallAtInterview(state);
      if (recall < interview.targetRetention) ahead.push({ card, recall });
    }
  }
  due.sort((a, b) => a.due - b.due);
  ahead.sort((a, b) => a.recall - b.recall);
  const newAllowed = Math.max(0, dailyNewLimit - newIntroducedToday);
  const newCards = fresh.slice(0, newAllowed);
  return {
    cards: [...due.map((d) => d.card), ...ahead.map((a) => a.card), ...newCards],
    dueCount: due.length,
    broughtForwardCount: ahead.length,
    newCount: newCards.length,
    newHeldBack: fresh.length - newCards.length,
  };
}

/** Local midnight at the start of the day containing `now`. */
export function startOfDay(now: number): number {
  const day = new Date(now);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

/** How a card is asked: its drill question, "what does this print?", or its snippet as a Parsons problem. */
export const DRILL_MODES = ['recall', 'output', 'parsons'] as const;
export type DrillMode = (typeof DRILL_MODES)[number];

/**
 * Code cards take turns by their review count. A snippet that makes a Parsons problem
 * (utils/parsons.ts) rotates "what does this print?" → the drill question → Parsons, so a
 * new card is first met as a whole program, and the program is put back together only after
 * a review that did not show it (not minutes after reading it). Other code cards alternate
 * "what does this print?" and the drill question; cards without code ask the question.
 */
export function drillModeFor(card: Card, state: SchedulingState | undefined): DrillMode {
  if (!card.code) return 'recall';
  const reps = state?.reps ?? 0;
  if (qualifiesForParsons(card)) return (['output', 'recall', 'parsons'] as const)[reps % 3]!;
  return reps % 2 === 0 ? 'output' : 'recall';
}

/**
 * Whether a typed answer is what the snippet prints: compared as the knowledge check compares
 * (utils/python/compare-output.ts, masks included); blank lines typed before the answer and
 * trailing whitespace do not count.
 */
export function typedOutputMatches(typed: string, expected: string): boolean {
  return outputMatches(expected, typed.replace(/^(?:[ \t]*\n)+/, ''));
}
