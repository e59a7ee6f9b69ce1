import type { Card } from '../../knowledge/schema';
import { buildDrillQueue } from '../drill';
import type { SchedulingState } from '../scheduler';
import type { AnswerGrade } from './grading';
import { isInterviewable } from './grading';

/** A session asks this many opening questions at most (the 5–10). */
export const MAX_SESSION_QUESTIONS = 7;
/** Follow-ups go at most this deep below an opening question. */
export const MAX_FOLLOW_UP_DEPTH = 3;

export type InterviewScope = { kind: 'weak-and-due' } | { kind: 'concept'; concept: string } | { kind: 'tag'; tag: string };

export function describeScope(scope: InterviewScope): string {
  return scope.kind === 'weak-and-due' ? 'weak and due' : scope.kind === 'concept' ? `concept:${scope.concept}` : `tag:${scope.tag}`;
}

/**
 * The opening questions: interviewable cards of the scope, the due ones first (most overdue
 * first), then those with lapses, then new ones — the drill's own order.
 */
export function pickInterviewCards(
  cards: readonly Card[],
  states: ReadonlyMap<string, SchedulingState>,
  scope: InterviewScope,
  now: number,
  count = MAX_SESSION_QUESTIONS,
): Card[] {
  const inScope = cards.filter(
    (card) =>
      isInterviewable(card) &&
      (scope.kind === 'weak-and-due' || (scope.kind === 'concept' ? card.concept === scope.concept : card.tags.includes(scope.tag))),
  );
  const queue = buildDrillQueue({ cards: inScope, states, now, dailyNewLimit: inScope.length, newIntroducedToday: 0 }).cards;
  const weak = inScope.filter((card) => (states.get(card.id)?.lapses ?? 0) > 0 && !queue.includes(card));
  const ordered = [...queue.filter((c) => states.has(c.id)), ...weak, ...queue.filter((c) => !states.has(c.id))];
  // One opening question per concept before a second one, so a session ranges widely.
  const seen = new Set<string>();
  const first = ordered.filter((card) => !seen.has(card.concept) && seen.add(card.concept));
  return [...first, ...ordered.filter((card) => !first.includes(card))].slice(0, count);
}

/** How an interviewer would ask for a card: its title or one of its askedAs phrasings, varied by `turn`. */
export function questionFor(card: Card, turn: number): string {
  const phrasings = [card.title, ...(card.askedAs ?? []).filter((q) => q.length >= 20 && /[?]$|^(how|what|why|when|explain|can|does|is)\b/i.test(q))];
  return phrasings[turn % phrasings.length]!;
}

/** The follow-up to ask next: the first one whose card can be graded and was not asked yet. */
export function nextFollowUp(card: Card, byId: ReadonlyMap<string, Card>, asked: ReadonlySet<string>): { question: string; card: Card } | undefined {
  for (const followUp of card.followUps) {
    const target = byId.get(followUp.card);
    if (target && isInterviewable(target) && !asked.has(target.id)) return { question: followUp.question, card: target };
  }
  return undefined;
}

export interface MissedPoint {
  cardId: string;
  cardTitle: string;
  point: string;
  /** Answers in which it was missed or only partly covered. */
  count: number;
}

/** The summary's "points missed most": missed counts 1, partial ½, most first. */
export function pointsMissedMost(graded: ReadonlyArray<{ card: Card; grade: AnswerGrade }>, limit = 8): MissedPoint[] {
  const tally = new Map<string, MissedPoint & { weight: number }>();
  for (const { card, grade } of graded) {
    for (const point of grade.points) {
      if (point.coverage === 'covered') continue;
      const key = `${card.id}#${point.index}`;
      const entry = tally.get(key) ?? { cardId: card.id, cardTitle: card.title, point: point.text, count: 0, weight: 0 };
      entry.count++;
      entry.weight += point.coverage === 'missed' ? 1 : 0.5;
      tally.set(key, entry);
    }
  }
  return [...tally.values()]
    .sort((a, b) => b.weight - a.weight)
    .slice(0, limit)
    .map(({ weight: _w, ...rest }) => rest);
}
