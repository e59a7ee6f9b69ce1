import { IDBFactory } from 'fake-indexeddb';
import { Rating } from 'ts-fsrs';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../knowledge/compile';
import { checkBackup, createBackup, MAX_PROBLEM_CHARS } from '../../utils/backup';
import {
  createCopilotDatabase,
  readUserData,
  rebuildProgress,
  saveReview,
  seedShippedCards,
  undoReview,
  verifyProgress,
  type CopilotDatabase,
} from '../../utils/database';
import { replayCardLog, sameSchedulingState } from '../../utils/review-replay';
import { applyGrade } from '../../utils/scheduler';

const kb = await loadKnowledgeBase();
const t0 = Date.UTC(2026, 0, 5, 9);
const now = t0 + 30 * 86_400_000;
let databases = 0;

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

async function freshDb(): Promise<CopilotDatabase> {
  const db = createCopilotDatabase(`integrity-${++databases}`);
  await seedShippedCards(db, kb);
  return db;
}

async function goodBackup() {
  const db = await freshDb();
  let at = t0;
  for (const cardId of ['gather', 'wait', 'semaphore']) {
    const { next } = await saveReview(db, { cardId, grade: Rating.Good, mode: 'recall', reviewedAt: at });
    await saveReview(db, { cardId, grade: Rating.Hard, mode: 'recall', reviewedAt: next.due });
    at += 60_000;
  }
  const file = createBackup(await readUserData(db), kb.cards, kb.version, now);
  db.close();
  return JSON.parse(JSON.stringify(file));
}

function problemsOf(file: unknown): string[] {
  const check = checkBackup(JSON.stringify(file), kb.cards, now);
  return check.ok ? [] : check.problems;
}

describe('import refuses values the scheduler or the views cannot use', () => {
  const cases: Array<[string, (file: any) => void, RegExp]> = [
    ['negative scheduled days', (f) => (f.data.reviewStates[0].scheduledDays = -3), /scheduledDays.*must not be negative/],
    ['negative elapsed days', (f) => (f.data.reviewStates[0].elapsedDays = -1), /elapsedDays.*must not be negative/],
    ['stability -5', (f) => (f.data.reviewStates[0].stability = -5), /stability.*must not be negative/],
    ['stability 0 on a reviewed card', (f) => (f.data.reviewStates[0].stability = 0), /not a state the scheduler can use/],
    ['stability 1e308', (f) => (f.data.reviewStates[0].stability = 1e308), /stability.*at most 36500/],
    ['difficulty 1e308', (f) => (f.data.reviewStates[0].difficulty = 1e308), /difficulty.*at most 10/],
    ['difficulty 0.2 on a reviewed card', (f) => (f.data.reviewStates[0].difficulty = 0.2), /not a state the scheduler can use/],
    ['an unknown state', (f) => (f.data.reviewStates[0].state = 7), /state.*must be 0 \(new\)/],
    ['a history time past the Date range', (f) => (f.data.history = [{ id: 1, query: 'gather', at: 8.64e15 + 1, source: 'typed' }]), /history entry 1.*at.*future/],
    ['a review in the future', (f) => (f.data.reviewLog[0].reviewedAt = now + 3 * 86_400_000), /review log entry 1.*reviewedAt.*future/],
    ['a due date past the Date range', (f) => (f.data.reviewStates[0].due = 9e15), /due.*valid date/],
    ['a review id of 2^53', (f) => (f.data.reviewLog[0].id = 2 ** 53), /id.*safe integer/],
    ['a fractional id', (f) => (f.data.reviewLog[0].id = 1.5), /id.*whole number/],
    ['NaN written as a string', (f) => (f.data.reviewStates[0].stability = 'NaN'), /stability/],
  ];
  for (const [name, spoil, expected] of cases) {
    it(`refuses ${name}`, async () => {
      const file = await goodBackup();
      spoil(file);
      const problems = problemsOf(file);
      expect(problems.join('\n')).toMatch(expected);
    });
  }

  it('accepts a review id of 2^53 - 1 but renumbers the log 1…n, so the key generator is never moved', async () => {
    const file = await goodBackup();
    file.data.reviewLog[0].id = Number.MAX_SAFE_INTEGER;
    const check = checkBackup(JSON.stringify(file), kb.cards, now);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.data.reviewLog.map((row) => row.id)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('keeps every message short, whatever the file holds', async () => {
    const huge = 'x'.repeat(5_000_000);
    const nested = '['.repeat(20_000) + ']'.repeat(20_000);
    const file = await goodBackup();
    const text = JSON.stringify(file);
    const log0 = JSON.stringify(file.data.reviewLog[0]);
    // Built as text: a value nested 20,000 deep is more than JSON.stringify itself can write.
    const variants = [
      text.replace('"asyncio-copilot-backup"', JSON.stringify(huge)),
      text.replace('"asyncio-copilot-backup"', nested),
      text.replace('"version":1', `"version":${JSON.stringify(huge)}`),
      text.replace('"data":{', `"data":{${JSON.stringify(huge.slice(0, 100_000))}:${nested},`),
      text.replace(log0, log0.replace('"cardId":"', `"cardId":"${huge}`)),
      text.replace(/"reviewStates":\[[^\]]*\]/, `"reviewStates":${nested}`),
      text.replace(/"exportedAt":"[^"]*"/, `"exportedAt":${nested}`),
    ];
    for (const variant of variants) {
      expect(variant).not.toBe(text);
      const check = checkBackup(variant, kb.cards, now);
      const problems = check.ok ? [] : check.problems;
      expect(problems.length).toBeGreaterThan(0);
      for (const problem of problems) expect(problem.length).toBeLessThanOrEqual(MAX_PROBLEM_CHARS);
      expect(problems.join('').length).toBeLessThan(2_000);
    }
    const notJson = checkBackup(`{"format": "${huge}`, kb.cards, now);
    expect(!notJson.ok && notJson.problems[0]!.length).toBeLessThanOrEqual(MAX_PROBLEM_CHARS);
  });
});

describe('the review log is the source of truth', () => {
  it('every saved state equals the replay of its log through the real scheduler', async () => {
    const db = await freshDb();
    let at = t0;
    for (const grade of [Rating.Again, Rating.Good, Rating.Good, Rating.Hard, Rating.Easy, Rating.Again]) {
      await saveReview(db, { cardId: 'gather', grade, mode: 'recall', reviewedAt: at });
      at += 2 * 86_400_000;
    }
    const stored = await db.reviewStates.get('gather');
    const replayed = replayCardLog(await db.reviewLog.where('cardId').equals('gather').toArray());
    expect(replayed && stored && sameSchedulingState(stored, replayed)).toBe(true);
    expect(await verifyProgress(db)).toEqual([]);
    db.close();
  });

  it('finds a corrupted state and rebuilds it from the log; an unusable state with no log is set aside', async () => {
    const db = await freshDb();
    await saveReview(db, { cardId: 'gather', grade: Rating.Good, mode: 'recall', reviewedAt: t0 });
    await saveReview(db, { cardId: 'wait', grade: Rating.Easy, mode: 'recall', reviewedAt: t0 });
    const good = await db.reviewStates.get('gather');
    await db.reviewStates.update('gather', { stability: -5 });
    await db.reviewStates.put({ ...good!, cardId: 'semaphore', difficulty: Number.NaN });
    const mismatches = await verifyProgress(db);
    expect(mismatches.map((m) => [m.cardId, m.problem]).sort()).toEqual([
      ['gather', 'differs-from-log'],
      ['semaphore', 'invalid-state'],
    ]);
    expect((await rebuildProgress(db)).sort()).toEqual(['gather', 'semaphore']);
    expect(await db.reviewStates.get('gather')).toEqual(good);
    expect(await db.reviewStates.get('semaphore')).toBeUndefined();
    expect(await verifyProgress(db)).toEqual([]);
    db.close();
  });

  it('a state with no log at all (from before the log existed) is kept as it is', async () => {
    const db = await freshDb();
    const legacy = applyGrade(undefined, Rating.Good, t0);
    await db.reviewStates.put({ ...legacy, cardId: 'gather', updatedAt: t0 });
    expect(await rebuildProgress(db)).toEqual([]);
    expect(await db.reviewStates.get('gather')).toMatchObject({ stability: legacy.stability });
    db.close();
  });

  it('an import whose states disagree with its log gets the log’s schedule', async () => {
    const file = await goodBackup();
    file.data.reviewStates[0].stability = file.data.reviewStates[0].stability * 3;
    const check = checkBackup(JSON.stringify(file), kb.cards, now);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    const db = await freshDb();
    const { replaceUserData } = await import('../../utils/database');
    await replaceUserData(db, check.data, kb.cards);
    expect(await verifyProgress(db)).toEqual([]);
    db.close();
  });
});

describe('two panels at once', () => {
  it('alternate grades of the same cards from two connections give each card the replay of its whole log', async () => {
    const name = `two-panels-${++databases}`;
    const left = createCopilotDatabase(name);
    await seedShippedCards(left, kb);
    const right = createCopilotDatabase(name);
    await right.open();
    const cards = ['gather', 'wait', 'semaphore', 'lock'];
    let at = t0;
    const writes: Promise<unknown>[] = [];
    for (let round = 0; round < 10; round++) {
      for (const [i, cardId] of cards.entries()) {
        const panel = (round + i) % 2 === 0 ? left : right;
        // Both panels start their writes without waiting for each other, as two windows would.
        writes.push(saveReview(panel, { cardId, grade: [Rating.Good, Rating.Hard, Rating.Again, Rating.Easy][(round + i) % 4]!, mode: 'recall', reviewedAt: at }));
        at += 3_600_000;
      }
    }
    await Promise.all(writes);
    expect(await left.reviewLog.count()).toBe(40);
    expect(await verifyProgress(left)).toEqual([]);
    for (const cardId of cards) expect((await right.reviewStates.get(cardId))?.reps).toBe(10);
    left.close();
    right.close();
  });

  it('undoing an older review in one panel replays the card, keeping the other panel’s later review', async () => {
    const db = await freshDb();
    const first = await saveReview(db, { cardId: 'gather', grade: Rating.Good, mode: 'recall', reviewedAt: t0 });
    await saveReview(db, { cardId: 'gather', grade: Rating.Easy, mode: 'recall', reviewedAt: t0 + 86_400_000 });
    await undoReview(db, first.logId);
    const remaining = await db.reviewLog.toArray();
    expect(remaining.map((row) => row.grade)).toEqual([Rating.Easy]);
    expect(await verifyProgress(db)).toEqual([]);
    expect((await db.reviewStates.get('gather'))?.reps).toBe(1);
    db.close();
  });
});
