import type { Card } from '../../knowledge/schema';
import { buildDrillQueue, type InterviewForecast } from '../drill';
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
 * first), then — while an interview date lies ahead — those the drill brings forward for it,
 * then those with lapses, then new ones: the drill's own order.
 */
export function pickInterviewCards(
  cards: readonly Card[],
  states: ReadonlyMap<string, SchedulingState>,
  scope: InterviewScope,
  now: number,
  { count = MAX_SESSION_QUESTIONS, interview }: { count?: number; interview?: InterviewForecast } = {},
): Card[] {
  const inScope = cards.filter(
    (card) =>
      isInterviewable(card) &&
      (scope.kind === 'weak-and-due' || (scope.kind === 'concept' ? card.concept === scope.concept : card.tags.includes(scope.tag))),
  );
  const queue = buildDrillQueue({ cards: inScope, states, now, dailyNewLimit: inScope.length, newIntroducedToday: 0, interview }).cards;
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
  text: string;
  /** Answers in which it was missed or only partly covered. */
  count: number;
  /** Missed in at least one answer (not only partly covered). */
  everMissed: boolean;
}

/** A card whose key points the session's answers missed: what to read again. */
export interface CardToReview {
  cardId: string;
  cardTitle: string;
  points: MissedPoint[];
}

/**
 * The summary's "points missed most", grouped by card so each card is linked once: missed
 * counts 1 and partly covered ½; cards with the most weight first, their points likewise.
 * A card whose points were all covered is not listed.
 */
export function cardsToReview(graded: ReadonlyArray<{ card: Card; grade: AnswerGrade }>, limit = 5): CardToReview[] {
  const byCard = new Map<string, { cardTitle: string; weight: number; points: Map<number, MissedPoint & { weight: number }> }>();
  for (const { card, grade } of graded) {
    for (const point of grade.points) {
      if (point.coverage === 'covered') continue;
      const entry = byCard.get(card.id) ?? { cardTitle: card.title, weight: 0, points: new Map() };
      const missed = entry.points.get(point.index) ?? { text: point.text, count: 0, everMissed: false, weight: 0 };
      const weight = point.coverage === 'missed' ? 1 : 0.5;
      missed.count++;
      missed.weight += weight;
      missed.everMissed ||= point.coverage === 'missed';
      entry.weight += weight;
      entry.points.set(point.index, missed);
      byCard.set(card.id, entry);
    }
  }
  return [...byCard]
    .sort(([, a], [, b]) => b.weight - a.weight)
    .slice(0, limit)
    .map(([cardId, { cardTitle, points }]) => ({
      cardId,
      cardTitle,
      points: [...points.values()].sort((a, b) => b.weight - a.weight).map(({ weight: _weight, ...point }) => point),
    }));
}
