import Dexie from 'dexie';
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { Rating } from 'ts-fsrs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../knowledge/compile';
import type { Card, KnowledgeBase } from '../../knowledge/schema';
import {
  clearHistory,
  createCopilotDatabase,
  HISTORY_LIMIT,
  readUserData,
  readUserProgress,
  recordLookup,
  saveReview,
  schedulingStateOf,
  seedShippedCards,
  setBookmark,
  trySave,
  undoReview,
  type CopilotDatabase,
} from '../../utils/database';
import { buildDrillQueue } from '../../utils/drill';
import { computeMastery } from '../../utils/mastery';
import { applyGrade, newSchedulingState } from '../../utils/scheduler';

const shipped = await loadKnowledgeBase();
const t0 = Date.UTC(2026, 0, 5, 9);

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

/** Grades a card the way the drill view does; returns the log id. */
async function review(db: CopilotDatabase, cardId: string, grade: Rating.Again | Rating.Hard | Rating.Good | Rating.Easy, at: number) {
  return (await saveReview(db, { cardId, grade, mode: 'recall', reviewedAt: at })).logId;
}

describe('schema version 2', () => {
  it('upgrades a v1 database with data in it: states become FSRS states, nothing the user owns is lost, history is trimmed', async () => {
    // The released v1 schema, exactly as shipped, with rows in every user table.
    const v1 = new Dexie('v1-data');
    v1.version(1).stores({
      meta: 'key',
      shippedCards: 'id, concept',
      userCards: 'id, concept',
      reviewStates: 'cardId, due',
      reviewLog: '++id, cardId, reviewedAt',
      bookmarks: 'cardId, createdAt',
      history: '++id, at',
      settings: 'key',
    });
    await v1.open();
    await v1.table('reviewStates').bulkPut([
      { cardId: 'gather', due: t0 + 5000, updatedAt: t0 },
      { cardId: 'card-removed-long-ago', due: t0 + 9000, updatedAt: t0 - 1 },
    ]);
    await v1.table('reviewLog').add({ cardId: 'gather', reviewedAt: t0, grade: 3 });
    await v1.table('bookmarks').put({ cardId: 'wait', createdAt: t0 });
    await v1.table('settings').put({ key: 'dailyNewLimit', value: 15 });
    await v1.table('history').bulkAdd(Array.from({ length: HISTORY_LIMIT + 30 }, (_, i) => ({ query: `q${i}`, at: t0 + i, source: 'typed' })));
    v1.close();

    const db = createCopilotDatabase('v1-data');
    await db.open();
    expect(db.verno).toBe(4);
    const gather = await db.reviewStates.get('gather');
    expect(gather).toEqual({ ...newSchedulingState(t0), cardId: 'gather', due: t0 + 5000, updatedAt: t0 });
    expect(await db.reviewStates.get('card-removed-long-ago')).toMatchObject({ due: t0 + 9000, reps: 0, state: 0 });
    expect(await db.reviewLog.toArray()).toEqual([{ id: 1, cardId: 'gather', reviewedAt: t0, grade: 3, mode: 'recall' }]);
    expect(await db.bookmarks.toArray()).toEqual([{ cardId: 'wait', createdAt: t0 }]);
    expect(await db.settings.toArray()).toEqual([{ key: 'dailyNewLimit', value: 15 }]);
    const history = await db.history.orderBy('at').toArray();
    expect(history).toHaveLength(HISTORY_LIMIT);
    expect(history[0]!.query).toBe('q30');
    expect(history.at(-1)!.query).toBe(`q${HISTORY_LIMIT + 29}`);
    // The new index works on upgraded rows.
    expect(await db.reviewLog.where('[cardId+reviewedAt]').between(['gather', 0], ['gather', Infinity]).count()).toBe(1);
    db.close();
  });
});

describe('schema version 3', () => {
  it('renumbers a review log whose ids reached the end of the key generator, so reviews save again', async () => {
    // A v2 profile after an import that carried the id 2^53 - 1: IndexedDB's generator is used up.
    const v2 = new Dexie('v2-broken');
    v2.version(2).stores({
      meta: 'key',
      shippedCards: 'id, concept',
      userCards: 'id, concept',
      reviewStates: 'cardId, due',
      reviewLog: '++id, cardId, reviewedAt, [cardId+reviewedAt]',
      bookmarks: 'cardId, createdAt',
      history: '++id, at',
      settings: 'key',
    });
    await v2.open();
    await v2.table('reviewLog').add({ id: Number.MAX_SAFE_INTEGER, cardId: 'gather', reviewedAt: t0 + 10, grade: 3, mode: 'recall' });
    await v2.table('reviewLog').add({ id: 7, cardId: 'wait', reviewedAt: t0, grade: 1, mode: 'recall' });
    await v2.table('reviewLog').add({ cardId: 'wait', reviewedAt: t0 + 20, grade: 3, mode: 'recall' }); // gets 2^53
    await expect(v2.table('reviewLog').add({ cardId: 'wait', reviewedAt: t0 + 30, grade: 3, mode: 'recall' })).rejects.toThrow();
    v2.close();

    const db = createCopilotDatabase('v2-broken');
    await seedShippedCards(db, shipped);
    expect((await db.reviewLog.toArray()).map((row) => [row.id, row.reviewedAt - t0])).toEqual([[1, 0], [2, 10], [3, 20]]);
    const saved = await saveReview(db, { cardId: 'wait', grade: Rating.Good, mode: 'recall', reviewedAt: t0 + 60_000 });
    expect(saved.logId).toBe(4);
    expect(await db.reviewLog.count()).toBe(4);
    db.close();
  });
});

describe("the user's progress", () => {
  it('saves a review with its log entry, undoes it exactly, and counts new cards introduced today', async () => {
    const db = createCopilotDatabase('reviews');
    await seedShippedCards(db, shipped);
    const firstLog = await review(db, 'gather', Rating.Good, t0);
    const afterFirst = await db.reviewStates.get('gather');
    const secondLog = await review(db, 'gather', Rating.Again, afterFirst!.due);
    await review(db, 'wait', Rating.Easy, t0 + 1000);

    let progress = await readUserProgress(db, t0 - 1000);
    expect(progress.newIntroducedSince).toBe(2);
    expect(progress.states.get('gather')!.reps).toBe(2);

    expect(await undoReview(db, secondLog)).toMatchObject({ cardId: 'gather', grade: Rating.Again });
    expect(await db.reviewStates.get('gather')).toEqual(afterFirst);
    expect(await undoReview(db, firstLog)).toMatchObject({ cardId: 'gather', previous: null });
    expect(await db.reviewStates.get('gather')).toBeUndefined();
    progress = await readUserProgress(db, t0 - 1000);
    expect(progress.newIntroducedSince).toBe(1);
    expect((await db.reviewLog.toArray()).map((log) => log.cardId)).toEqual(['wait']);
    db.close();
  });

  it('keeps the last 200 lookups, newest first, merges a repeated lookup and clears on request', async () => {
    const db = createCopilotDatabase('history');
    await db.open();
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) await recordLookup(db, `query ${i}`, 'typed', t0 + i);
    await recordLookup(db, `query ${HISTORY_LIMIT + 4}`, 'selection', t0 + 999);
    await recordLookup(db, '   ', 'typed', t0 + 1000);
    const { history } = await readUserProgress(db, 0);
    expect(history).toHaveLength(HISTORY_LIMIT);
    expect(history[0]).toMatchObject({ query: `query ${HISTORY_LIMIT + 4}`, at: t0 + 999, source: 'selection' });
    expect(history.at(-1)!.query).toBe('query 5');
    await clearHistory(db);
    expect((await readUserProgress(db, 0)).history).toEqual([]);
    db.close();
  });

  it('a settled query that extends the one typed before it in the same burst replaces it', async () => {
    const db = createCopilotDatabase('history-replace');
    await db.open();
    await recordLookup(db, 'gath', 'selection', t0);
    await recordLookup(db, 'semaphore', 'typed', t0 + 1);
    await recordLookup(db, 'gath', 'typed', t0 + 2);
    await recordLookup(db, 'gather vs', 'typed', t0 + 3, 'gath');
    await recordLookup(db, 'gather vs wait', 'typed', t0 + 4, 'gather vs');
    const { history } = await readUserProgress(db, 0);
    // Only the typed entry goes; the same text looked up as a selection stays.
    expect(history.map((h) => [h.query, h.source])).toEqual([
      ['gather vs wait', 'typed'],
      ['semaphore', 'typed'],
      ['gath', 'selection'],
    ]);
    db.close();
  });

  it('bookmarks and unbookmarks a card, keeping the first bookmark time', async () => {
    const db = createCopilotDatabase('bookmarks');
    await db.open();
    await setBookmark(db, 'gather', true, t0);
    await setBookmark(db, 'gather', true, t0 + 5);
    await setBookmark(db, 'wait', true, t0 + 10);
    expect((await readUserProgress(db, 0)).bookmarks.map((b) => b.cardId)).toEqual(['wait', 'gather']);
    expect(await db.bookmarks.get('gather')).toEqual({ cardId: 'gather', createdAt: t0 });
    await setBookmark(db, 'wait', false, t0 + 20);
    expect(await db.bookmarks.toArray()).toEqual([{ cardId: 'gather', createdAt: t0 }]);
    db.close();
  });
});

describe('a full disk', () => {
  const realPut = IDBObjectStore.prototype.put;
  const realAdd = IDBObjectStore.prototype.add;
  afterEach(() => {
    IDBObjectStore.prototype.put = realPut;
    IDBObjectStore.prototype.add = realAdd;
  });

  it('turns failing writes into a "not saved" result instead of a crash, and the stored data stays as it was', async () => {
    const db = createCopilotDatabase('full');
    await seedShippedCards(db, shipped);
    await review(db, 'gather', Rating.Good, t0);
    const before = await readUserData(db);

    const quota = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    IDBObjectStore.prototype.put = quota;
    IDBObjectStore.prototype.add = quota;

    const reviewed = await trySave(() => review(db, 'wait', Rating.Good, t0 + 1));
    expect(reviewed).toEqual({ ok: false, reason: 'The browser storage is full.' });
    expect(await trySave(() => setBookmark(db, 'gather', true, t0))).toEqual({ ok: false, reason: 'The browser storage is full.' });
    expect((await trySave(() => recordLookup(db, 'gather', 'typed', t0))).ok).toBe(false);

    // Reading still works and nothing was half-written (state and log go together).
    expect(await readUserData(db)).toEqual(before);
    db.close();
  });
});

describe('three successive knowledge-base versions with progress in place', () => {
  // Derived from the real cards: v2 renames one card and removes another; v3 brings the removed one back.
  const renamedFrom = 'gather-first-exception';
  const renamedTo = 'gather-first-failure';
  const removed = 'return-exceptions';
  const version = (name: string, cards: Card[]): KnowledgeBase => ({ ...shipped, version: name, cards });
  const v1 = version('kb-v1', shipped.cards);
  const v2Cards = shipped.cards
    .filter((card) => card.id !== removed)
    .map((card) => (card.id === renamedFrom ? { ...card, id: renamedTo, formerIds: [renamedFrom] } : card));
  const v2 = version('kb-v2', v2Cards);
  const v3 = version('kb-v3', [...v2Cards, shipped.cards.find((card) => card.id === removed)!]);

  it('moves progress to the renamed card, keeps the removed card aside, and restores it when it returns', async () => {
    expect(shipped.cards.some((c) => c.id === renamedFrom)).toBe(true);
    expect(shipped.cards.some((c) => c.id === removed)).toBe(true);
    const db = createCopilotDatabase('kb-versions');
    await seedShippedCards(db, v1);

    // Progress on v1: reviews of the card to be renamed, the card to be removed, and another.
    await review(db, renamedFrom, Rating.Good, t0);
    await review(db, renamedFrom, Rating.Good, t0 + 600_000);
    await review(db, removed, Rating.Hard, t0 + 1000);
    await review(db, 'semaphore', Rating.Easy, t0 + 2000);
    await setBookmark(db, renamedFrom, true, t0);
    await setBookmark(db, removed, true, t0 + 1);
    await recordLookup(db, 'gather exception', 'typed', t0);
    const onV1 = await readUserData(db);
    const renamedState = onV1.reviewStates.find((s) => s.cardId === renamedFrom)!;
    const removedState = onV1.reviewStates.find((s) => s.cardId === removed)!;

    // v2: the rename moves state, log and bookmark; the removed card's rows stay untouched.
    const seed2 = await seedShippedCards(db, v2);
    expect(seed2.moved).toEqual([{ from: renamedFrom, to: renamedTo }]);
    const onV2 = await readUserData(db);
    expect(onV2.reviewStates.find((s) => s.cardId === renamedTo)).toEqual({ ...renamedState, cardId: renamedTo });
    expect(onV2.reviewStates.find((s) => s.cardId === renamedFrom)).toBeUndefined();
    expect(onV2.reviewStates.find((s) => s.cardId === removed)).toEqual(removedState);
    expect(onV2.reviewLog.filter((l) => l.cardId === renamedTo)).toHaveLength(2);
    expect(onV2.reviewLog).toHaveLength(onV1.reviewLog.length);
    expect(onV2.bookmarks.map((b) => b.cardId).sort()).toEqual([renamedTo, removed].sort());
    expect(onV2.history).toEqual(onV1.history);
    // Drill and mastery ignore the removed card's kept-aside state.
    const progress2 = await readUserProgress(db, 0);
    const queue2 = buildDrillQueue({ cards: v2.cards, states: progress2.states, now: t0 + 400 * 86_400_000, dailyNewLimit: 0, newIntroducedToday: 0 });
    expect(queue2.cards.map((c) => c.id).sort()).toEqual([renamedTo, 'semaphore'].sort());
    const mastery2 = computeMastery(v2.concepts, v2.cards, progress2.states, t0 + 86_400_000, t0 + 2 * 86_400_000);
    expect(mastery2.find((m) => m.concept.id === 'return-exceptions')!.studied).toBe(0);

    // v3: the removed card is back with its state, log and bookmark as they were.
    const seed3 = await seedShippedCards(db, v3);
    expect(seed3.moved).toEqual([]);
    const onV3 = await readUserData(db);
    expect(onV3).toEqual(onV2);
    const progress3 = await readUserProgress(db, 0);
    const queue3 = buildDrillQueue({ cards: v3.cards, states: progress3.states, now: t0 + 400 * 86_400_000, dailyNewLimit: 0, newIntroducedToday: 0 });
    expect(queue3.cards.map((c) => c.id).sort()).toEqual([renamedTo, removed, 'semaphore'].sort());
    const mastery3 = computeMastery(v3.concepts, v3.cards, progress3.states, t0 + 86_400_000, t0 + 2 * 86_400_000);
    expect(mastery3.find((m) => m.concept.id === 'return-exceptions')!.studied).toBe(1);
    db.close();
  });
});
