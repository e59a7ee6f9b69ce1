import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../knowledge/compile';
import { AGAIN, GOOD, gradeAnswer, HARD, isInterviewable, suggestedGrade, type AnswerGrade, type PointCoverage } from '../../utils/interview/grading';
import { cardsToReview } from '../../utils/interview/session';
import { analyseText } from '../../utils/interview/text-analysis';

const kb = await loadKnowledgeBase();
const card = (id: string) => {
  const found = kb.cards.find((c) => c.id === id);
  if (!found) throw new Error(`no card ${id}`);
  return found;
};
const grade = (id: string, text: string) => gradeAnswer(card(id), text, { synonyms: kb.synonyms });

describe('interview grading against key points', () => {
  it('offers only cards whose every point has cues', () => {
    const interviewable = kb.cards.filter(isInterviewable);
    expect(interviewable.length).toBeGreaterThan(25);
    for (const c of interviewable) expect(c.pointCues!.every((cues) => cues && cues.length > 0)).toBe(true);
    const withoutCues = { ...card('task-cancellation'), pointCues: undefined };
    expect(isInterviewable(withoutCues)).toBe(false);
    const oneMissing = { ...card('task-cancellation'), pointCues: [null, ...card('task-cancellation').pointCues!.slice(1)] };
    expect(isInterviewable(oneMissing)).toBe(false);
  });

  it('scores a pasted model answer (the answer and its points) in full, and empty or off-topic text as nothing', () => {
    const c = card('asyncio-barrier');
    const full = gradeAnswer(c, `${c.answer}\n${c.points.join('\n')}`, { synonyms: kb.synonyms });
    expect(full.points.map((p) => p.coverage)).toEqual(c.points.map(() => 'covered'));
    expect(suggestedGrade(full)).toBe(GOOD);
    for (const text of ['', '   ', 'The capital of Australia is Canberra; succulents need little water.']) {
      const none = grade('asyncio-barrier', text);
      expect(none.points.every((p) => p.coverage === 'missed')).toBe(true);
      expect(suggestedGrade(none)).toBe(AGAIN);
    }
  });

  it('marks a point partial when only some of its ideas are there', () => {
    // nested-timeouts point 1 needs "inner not expired" and "outer expired".
    const result = grade('nested-timeouts', 'When the outer timeout expired the TimeoutError came from it.');
    expect(result.points[1]!.coverage).toBe('partial');
    expect(result.points[1]!.ideasFound.filter(Boolean)).toHaveLength(1);
  });

  it('matches API names as written, not by their words alone', () => {
    const c = card('task-cancellation');
    const baseIndex = c.points.findIndex((p) => p.includes('BaseException'));
    const named = gradeAnswer(c, 'CancelledError is a BaseException subclass, so re-raise it and do not swallow it.');
    expect(named.points[baseIndex]!.coverage).toBe('covered');
    const unnamed = gradeAnswer(c, 'It is a base of exceptions, a kind of error.');
    expect(unnamed.points[baseIndex]!.coverage).toBe('missed');
  });

  it('matches rephrased and inflected words through the stemmer, and a typo in a long word', () => {
    const c = card('priority-queue-tiebreak');
    const plain = gradeAnswer(c, 'Use a counter as the tie-breaker, so items stay FIFO among equal priorities.');
    const typo = gradeAnswer(c, 'Use a countr as the tie-breaker, so items stay FIFO among equal priorities.');
    expect(plain.points[1]!.coverage).toBe('covered');
    expect(typo.points[1]!.coverage).toBe(plain.points[1]!.coverage);
  });

  it('suggests Hard for about half the points', () => {
    const c = card('asyncio-barrier');
    const half = gradeAnswer(c, `${c.points[1]}\n${c.points[2]}`, { synonyms: kb.synonyms });
    expect(half.coverage).toBeGreaterThanOrEqual(0.5);
    expect(half.coverage).toBeLessThan(0.85);
    expect(suggestedGrade(half)).toBe(HARD);
  });
});

describe('the interview summary', () => {
  /** A grade with the given coverage per point, as gradeAnswer returns it. */
  const graded = (id: string, coverage: PointCoverage[]) => {
    const c = card(id);
    const points = c.points.map((text, index) => ({ index, text, coverage: coverage[index] ?? 'covered', ideasFound: [] }));
    return { card: c, grade: { cardId: id, points, coverage: 0 } satisfies AnswerGrade };
  };

  it('groups the points missed by card, each card once, most missed first; a fully covered card is not listed', () => {
    const barrier = card('asyncio-barrier');
    const cancellation = card('task-cancellation');
    const toReview = cardsToReview([
      graded(barrier.id, ['covered', 'partial']),
      graded(cancellation.id, cancellation.points.map(() => 'missed')),
      graded(barrier.id, ['covered', 'missed', 'partial']),
      graded('semaphore', []),
    ]);
    expect(toReview.map((c) => c.cardId)).toEqual([cancellation.id, barrier.id]);
    expect(toReview[0]!.points).toHaveLength(cancellation.points.length);
    expect(toReview[0]!.points.every((p) => p.everMissed && p.count === 1)).toBe(true);
    // Barrier: point 1 partly then missed (weight 1.5, first), point 2 partly once; point 0 always covered.
    expect(toReview[1]!.points).toEqual([
      { text: barrier.points[1], count: 2, everMissed: true },
      { text: barrier.points[2], count: 1, everMissed: false },
    ]);
    expect(cardsToReview([graded(barrier.id, [])])).toEqual([]);
  });
});

describe('answer text analysis', () => {
  it('reads "I/O" and "i / o" as the word "io", as the cues write it', () => {
    for (const text of ['I/O bound', 'i / o bound', 'io bound']) expect(analyseText(text).map((t) => t.word)).toEqual(['io', 'bound']);
  });
});
