import { describe, expect, it } from 'vitest';
import { Rating } from 'ts-fsrs';
import { loadKnowledgeBase } from '../../knowledge/compile';
import type { Card } from '../../knowledge/schema';
import { allTags, buildDrillQueue, cardsInScope, drillModeFor, typedOutputMatches } from '../../utils/drill';
import { qualifiesForParsons } from '../../utils/parsons';
import { advanceSession, reviewsLeftFor, reviewsLeftInSession, type SessionQueue } from '../../utils/drill-session';
import { computeMastery, DEFAULT_MASTERY_HORIZON_MS, masteryLevel } from '../../utils/mastery';
import { applyGrade, formatInterval, GRADES, newSchedulingState, previewGrades, retrievability, type SchedulingState } from '../../utils/scheduler';

const kb = await loadKnowledgeBase();
const DAY = 86_400_000;
const t0 = Date.UTC(2026, 0, 5, 9);

/** A card graded Good from `reviewedAt` on, each time it fell due, until it graduated to
 * review; then graded `grade` when next due. */
function studied(reviewedAt: number, grade: Rating.Again | Rating.Good = Rating.Good): SchedulingState {
  let state = applyGrade(undefined, Rating.Good, reviewedAt);
  while (state.state !== 2) state = applyGrade(state, Rating.Good, state.due);
  return applyGrade(state, grade, state.due);
}

describe('scheduling with ts-fsrs', () => {
  it('previews four different intervals for a new card, growing from Again to Easy, and grading applies the preview', () => {
    const preview = previewGrades(undefined, t0);
    const intervals = GRADES.map(({ grade }) => preview[grade].due - t0);
    expect(intervals).toEqual([...intervals].sort((a, b) => a - b));
    expect(new Set(intervals).size).toBe(4);
    expect(formatInterval(intervals[0]!)).toBe('1m');
    for (const { grade } of GRADES) expect(applyGrade(undefined, grade, t0)).toEqual(preview[grade]);
  });

  it('lowers the next interval after a lapse and counts it', () => {
    const good = studied(t0, Rating.Good);
    const again = studied(t0, Rating.Again);
    expect(again.lapses).toBe(1);
    expect(again.due).toBeLessThan(good.due);
  });

  it('gives retrievability 0 for new cards and a recall probability that decays with time', () => {
    expect(retrievability(undefined, t0)).toBe(0);
    expect(retrievability(newSchedulingState(t0), t0)).toBe(0);
    const state = studied(t0);
    const soon = retrievability(state, state.lastReview! + DAY);
    const later = retrievability(state, state.lastReview! + 60 * DAY);
    expect(soon).toBeGreaterThan(0.9);
    expect(later).toBeLessThan(soon);
    expect(later).toBeGreaterThan(0);
  });

  it('formats intervals like Anki buttons', () => {
    expect(formatInterval(30_000)).toBe('<1m');
    expect(formatInterval(10 * 60_000)).toBe('10m');
    expect(formatInterval(5 * 3_600_000)).toBe('5h');
    expect(formatInterval(4 * DAY)).toBe('4d');
    expect(formatInterval(75 * DAY)).toBe('2.5mo');
    expect(formatInterval(730 * DAY)).toBe('2y');
  });
});

describe('the drill queue', () => {
  it('puts due cards first (most overdue first), then new cards up to what is left of the daily limit', () => {
    const [a, b, c, ...rest] = kb.cards;
    const states = new Map<string, SchedulingState>([
      [a!.id, { ...studied(t0 - 30 * DAY), due: t0 - DAY }],
      [b!.id, { ...studied(t0 - 30 * DAY), due: t0 - 5 * DAY }],
      [c!.id, { ...studied(t0 - 30 * DAY), due: t0 + DAY }],
      // Progress kept aside for a card no longer in the knowledge base: never queued.
      ['removed-card', { ...studied(t0 - 30 * DAY), due: t0 - 9 * DAY }],
    ]);
    const queue = buildDrillQueue({ cards: kb.cards, states, now: t0, dailyNewLimit: 10, newIntroducedToday: 3 });
    expect(queue.cards.slice(0, 2).map((card) => card.id)).toEqual([b!.id, a!.id]);
    expect(queue.dueCount).toBe(2);
    expect(queue.newCount).toBe(7);
    expect(queue.cards.slice(2).map((card) => card.id)).toEqual(rest.slice(0, 7).map((card) => card.id));
    expect(queue.newHeldBack).toBe(kb.cards.length - 3 - 7);
    expect(queue.cards.some((card) => card.id === c!.id)).toBe(false);

    const limitReached = buildDrillQueue({ cards: kb.cards, states, now: t0, dailyNewLimit: 10, newIntroducedToday: 12 });
    expect(limitReached.newCount).toBe(0);
    expect(limitReached.cards).toHaveLength(2);
  });

  it('narrows to a concept, a tag, the guide topics or bookmarks', () => {
    const guideConcepts = new Set(kb.concepts.filter((c) => c.guide).map((c) => c.id));
    const guide = cardsInScope(kb.cards, kb.concepts, { kind: 'guide' }, new Set());
    expect(guide.length).toBeGreaterThan(0);
    expect(guide.length).toBeLessThan(kb.cards.length);
    expect(guide.every((card) => guideConcepts.has(card.concept))).toBe(true);

    const gather = cardsInScope(kb.cards, kb.concepts, { kind: 'concept', concept: 'gather' }, new Set());
    expect(gather.map((c) => c.id)).toContain('gather');
    expect(gather.every((c) => c.concept === 'gather')).toBe(true);

    expect(allTags(kb.cards)).toContain('exceptions');
    const tagged = cardsInScope(kb.cards, kb.concepts, { kind: 'tag', tag: 'exceptions' }, new Set());
    expect(tagged.length).toBeGreaterThan(1);
    expect(tagged.every((c) => c.tags.includes('exceptions'))).toBe(true);

    const saved = cardsInScope(kb.cards, kb.concepts, { kind: 'bookmarked' }, new Set(['semaphore', 'wait', 'not-a-card']));
    expect(saved.map((c) => c.id).sort()).toEqual(['semaphore', 'wait']);
  });

  it('rotates a Parsons-sized code card through "what does this print?", its question and the Parsons problem; other code cards alternate two; cards without code ask the question', () => {
    const reviewed = (times: number) => {
      let state: SchedulingState | undefined;
      for (let i = 0; i < times; i++) state = applyGrade(state, Rating.Again, t0 + i * 60_000);
      return state;
    };
    const modes = (card: Card) => [0, 1, 2, 3, 4, 5].map((times) => drillModeFor(card, reviewed(times)));
    const parsonsCard = kb.cards.find((card) => card.code && qualifiesForParsons(card))!;
    const otherCodeCard = kb.cards.find((card) => card.code && !qualifiesForParsons(card))!;
    const plainCard = kb.cards.find((card) => !card.code)!;
    expect(modes(parsonsCard)).toEqual(['output', 'recall', 'parsons', 'output', 'recall', 'parsons']);
    expect(modes(otherCodeCard)).toEqual(['output', 'recall', 'output', 'recall', 'output', 'recall']);
    expect(modes(plainCard)).toEqual(['recall', 'recall', 'recall', 'recall', 'recall', 'recall']);
  });

  it('accepts a typed output that matches, with masks and trailing spaces, and rejects a different one', () => {
    for (const card of kb.cards.filter((c) => c.code && !c.code.output.includes('<'))) {
      expect(typedOutputMatches(`\n${card.code!.output.replace(/\n/g, '  \n')}\n\n`, card.code!.output)).toBe(true);
    }
    const masked = kb.cards.find((c) => c.code?.output.includes('<addr>'))!.code!.output;
    expect(typedOutputMatches(masked.replaceAll('<addr>', '0x7f3a2c1b9d60'), masked)).toBe(true);
    expect(typedOutputMatches(masked.replaceAll('<addr>', 'somewhere'), masked)).toBe(false);
    expect(typedOutputMatches('1\n2\n3', '1\n3\n2')).toBe(false);
    expect(typedOutputMatches('a.b', 'a*b')).toBe(false);
  });
});

describe('mastery per concept', () => {
  it('puts the weakest studied concept first, then concepts not started, and counts cards due today', () => {
    const now = t0 + 90 * DAY;
    const states = new Map<string, SchedulingState>();
    // gather: reviewed recently, recalled well. semaphore: last reviewed long ago after a lapse.
    for (const card of kb.cards.filter((c) => c.concept === 'gather')) states.set(card.id, studied(now - 3 * DAY));
    states.set('semaphore', studied(t0, Rating.Again));
    states.set('gone-from-the-kb', studied(t0, Rating.Again));
    const mastery = computeMastery(kb.concepts, kb.cards, states, now, now + DAY);
    expect(mastery.map((m) => m.concept.id).slice(0, 2)).toEqual(['semaphore', 'gather']);
    const [semaphore, gather] = mastery;
    expect(masteryLevel(semaphore!)).toBe('weak');
    expect(semaphore!.dueToday).toBe(1);
    expect(semaphore!.studied).toBe(1);
    expect(gather!.studied).toBe(gather!.cardCount);
    expect(gather!.recallOfStudied!).toBeGreaterThan(semaphore!.recallOfStudied!);
    expect(masteryLevel(mastery[2]!)).toBe('unstarted');
    expect(mastery).toHaveLength(kb.concepts.length);
  });
});

/** A drill session as the Drill view runs it: grades the card at the position with the real
 * scheduler and advances; returns the count shown before each grade and whether it ended. */
function runSession(cardIds: string[], grades: Rating[], start = t0) {
  const states = new Map<string, SchedulingState>();
  let session: SessionQueue & { done: boolean } = { queue: cardIds, position: 0, done: false };
  const shown: number[] = [];
  let at = start;
  for (const grade of grades) {
    if (session.done) break;
    shown.push(reviewsLeftInSession(session.queue.slice(session.position), states, at));
    const id = session.queue[session.position]!;
    const next = applyGrade(states.get(id), grade as Exclude<Rating, Rating.Manual>, at);
    states.set(id, next);
    session = advanceSession(session, next, at);
    at += 30_000;
  }
  return { shown, done: session.done, left: session.done ? 0 : reviewsLeftInSession(session.queue.slice(session.position), states, at), session };
}

describe('the drill session counter (real ts-fsrs)', () => {
  it('counts the learning steps: a new card needs two Goods, and Again or Hard does not lower the count', () => {
    const { shown, done } = runSession(['gather'], [Rating.Again, Rating.Hard, Rating.Good, Rating.Good]);
    // Before Again: 2 (Good, then Good in the 10-minute step); Again and Hard keep the card in
    // its first steps, so 2 are still left; after the first Good 1; the second ends the session.
    expect(shown).toEqual([2, 2, 2, 1]);
    expect(done).toBe(true);
  });

  it('counts exactly the grades a session then asks for when every answer is Good', () => {
    const cards = kb.cards.slice(0, 5).map((c) => c.id);
    const before = runSession(cards, []).left;
    const { shown, done, session } = runSession(cards, Array(20).fill(Rating.Good));
    expect(done).toBe(true);
    expect(shown[0]).toBe(before);
    expect(session.position).toBe(before);
    // One fewer after each Good.
    expect(shown).toEqual(Array.from({ length: before }, (_, i) => before - i));
  });

  it('ends a one-card session when nothing is due within it: Easy graduates a new card at once', () => {
    expect(reviewsLeftFor(undefined, t0)).toBe(2);
    const { shown, done } = runSession(['gather'], [Rating.Easy, Rating.Good]);
    expect(shown).toEqual([2]);
    expect(done).toBe(true);
  });

  it('counts a due review card once, and a lapse (Again) brings it back for one relearning step', () => {
    const review = studied(t0);
    expect(review.state).toBe(2);
    expect(reviewsLeftFor(review, review.due)).toBe(1);
    const lapsed = applyGrade(review, Rating.Again, review.due);
    expect(reviewsLeftFor(lapsed, review.due)).toBe(1);
    expect(advanceSession({ queue: ['gather'], position: 0 }, lapsed, review.due)).toEqual({ queue: ['gather', 'gather'], position: 1, done: false });
  });
});

describe('mastery is predicted recall at a horizon (real ts-fsrs)', () => {
  const now = t0 + 30 * DAY;
  const gatherCards = kb.cards.filter((c) => c.concept === 'gather');

  it('calls a concept weak right after its cards were graded Again and Hard, though recall at that moment is near 100 %', () => {
    const states = new Map<string, SchedulingState>();
    gatherCards.forEach((card, i) => states.set(card.id, applyGrade(undefined, i % 2 ? Rating.Hard : Rating.Again, now)));
    const atHorizon = computeMastery(kb.concepts, kb.cards, states, now, now + DAY).find((m) => m.concept.id === 'gather')!;
    const rightNow = computeMastery(kb.concepts, kb.cards, states, now, now + DAY, now).find((m) => m.concept.id === 'gather')!;
    expect(rightNow.recallOfStudied!).toBeGreaterThan(0.9);
    expect(masteryLevel(atHorizon)).toBe('weak');
    expect(atHorizon.recallOfStudied!).toBeLessThan(0.7);
  });

  it('predicts at 7 days by default and at any given date (an interview date): later means lower', () => {
    const states = new Map<string, SchedulingState>(gatherCards.map((card) => [card.id, studied(now - 10 * DAY)]));
    const recallAt = (at?: number) => computeMastery(kb.concepts, kb.cards, states, now, now + DAY, at).find((m) => m.concept.id === 'gather')!.recallOfStudied!;
    expect(DEFAULT_MASTERY_HORIZON_MS).toBe(7 * DAY);
    expect(recallAt()).toBeCloseTo(recallAt(now + 7 * DAY), 10);
    expect(recallAt(now + 30 * DAY)).toBeLessThan(recallAt(now + 7 * DAY));
    expect(recallAt(now + 7 * DAY)).toBeLessThan(recallAt(now));
    // A date in the past is read as now.
    expect(recallAt(now - 5 * DAY)).toBeCloseTo(recallAt(now), 10);
  });
});
