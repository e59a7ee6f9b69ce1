import { IDBFactory } from 'fake-indexeddb';
import { Rating } from 'ts-fsrs';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../knowledge/compile';
import { createCopilotDatabase, putSetting, saveReview, seedShippedCards, setBookmark, verifyProgress, type CopilotDatabase } from '../../utils/database';
import { replayCardLog } from '../../utils/review-replay';
import { decodeReviews, encodeReviews, SYNC_QUOTA, syncBytes, syncProgress, type SyncArea } from '../../utils/sync';

const kb = await loadKnowledgeBase();
const t0 = Date.UTC(2026, 0, 5, 9);
const DAY = 86_400_000;
let names = 0;

/** A sync area with chrome.storage.sync's quotas, shared by the "browsers" of a test. */
class FakeSyncArea implements SyncArea {
  items: Record<string, unknown> = {};
  writes: number[] = [];
  constructor(private readonly clock: () => number, private readonly quota: Record<keyof typeof SYNC_QUOTA, number> = SYNC_QUOTA) {}
  async get() {
    return structuredClone(this.items);
  }
  async set(items: Record<string, unknown>) {
    const now = this.clock();
    this.writes = this.writes.filter((at) => at > now - 60_000);
    if (this.writes.length >= this.quota.writesPerMinute) throw new Error('MAX_WRITE_OPERATIONS_PER_MINUTE quota exceeded');
    for (const [key, value] of Object.entries(items)) {
      if (key.length + JSON.stringify(value).length > this.quota.itemBytes) throw new Error('QUOTA_BYTES_PER_ITEM quota exceeded');
    }
    if (syncBytes({ ...this.items, ...items }) > this.quota.totalBytes) throw new Error('QUOTA_BYTES quota exceeded');
    this.writes.push(now);
    Object.assign(this.items, structuredClone(items));
  }
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

async function browserProfile(): Promise<CopilotDatabase> {
  const db = createCopilotDatabase(`sync-${++names}`);
  await seedShippedCards(db, kb);
  return db;
}

describe('sync between two browsers', () => {
  it('encodes reviews compactly and skips what it cannot read', () => {
    const reviews = [{ reviewedAt: t0 + DAY, grade: 1 }, { reviewedAt: t0, grade: 3 }];
    const text = encodeReviews(reviews);
    expect(text.length).toBeLessThan(25);
    expect(decodeReviews(text)).toEqual([...reviews].reverse());
    expect(decodeReviews(`${text},zz,1.9,`)).toHaveLength(2);
    expect(decodeReviews(42)).toEqual([]);
  });

  it('merges reviews made on both sides and replays them: no review is lost, both browsers agree', async () => {
    let clock = t0;
    const area = new FakeSyncArea(() => clock);
    const a = await browserProfile();
    const b = await browserProfile();
    // A reviews gather on Monday and syncs; B, offline, reviews it on Tuesday, and wait too.
    await saveReview(a, { cardId: 'gather', grade: Rating.Good, mode: 'recall', reviewedAt: t0 });
    expect(await syncProgress(a, area, clock)).toMatchObject({ ok: true, pushed: 3 });
    await saveReview(b, { cardId: 'gather', grade: Rating.Again, mode: 'recall', reviewedAt: t0 + DAY });
    await saveReview(b, { cardId: 'wait', grade: Rating.Easy, mode: 'recall', reviewedAt: t0 + DAY });
    clock = t0 + DAY + 1000;
    expect(await syncProgress(b, area, clock)).toMatchObject({ ok: true, pulled: 1 });
    expect(await syncProgress(a, area, clock)).toMatchObject({ ok: true, pulled: 2 });
    for (const db of [a, b]) {
      const gather = await db.reviewLog.where('cardId').equals('gather').toArray();
      expect(gather.map((r) => r.grade).sort()).toEqual([Rating.Again, Rating.Good]);
      expect(await db.reviewStates.get('gather')).toMatchObject(replayCardLog(gather)!);
      // Tuesday's Again counts: the card is due again within minutes of it.
      expect((await db.reviewStates.get('gather'))!.due).toBeLessThan(t0 + DAY + 15 * 60_000);
      expect(await verifyProgress(db)).toEqual([]);
    }
    // Running it again changes nothing and writes nothing.
    expect(await syncProgress(a, area, clock)).toEqual({ ok: true, pulled: 0, pushed: 0 });
    expect(await syncProgress(b, area, clock)).toEqual({ ok: true, pulled: 0, pushed: 0 });
  });

  it('bookmarks and settings: per entry the newer change wins, a later removal included', async () => {
    let clock = t0;
    const area = new FakeSyncArea(() => clock);
    const a = await browserProfile();
    const b = await browserProfile();
    await setBookmark(a, 'gather', true, t0);
    await putSetting(a, 'dailyNewLimit', 25);
    await syncProgress(a, area, clock);
    clock += 1000;
    await syncProgress(b, area, clock);
    expect((await b.bookmarks.toArray()).map((x) => x.cardId)).toEqual(['gather']);
    expect((await b.settings.get('dailyNewLimit'))?.value).toBe(25);
    // B removes the bookmark and changes the limit later; A's older state loses.
    await setBookmark(b, 'gather', false, clock);
    await putSetting(b, 'dailyNewLimit', 5);
    clock += 1000;
    await syncProgress(b, area, clock);
    clock += 1000;
    await syncProgress(a, area, clock);
    expect(await a.bookmarks.count()).toBe(0);
    expect((await a.settings.get('dailyNewLimit'))?.value).toBe(5);
  });

  it('a full sync area: a clear message, nothing lost locally, the area unchanged', async () => {
    const clock = t0;
    const area = new FakeSyncArea(() => clock, { ...SYNC_QUOTA, totalBytes: 300 });
    const a = await browserProfile();
    let at = t0 - 40 * DAY;
    for (const card of kb.cards.slice(0, 12)) {
      await saveReview(a, { cardId: card.id, grade: Rating.Good, mode: 'recall', reviewedAt: at });
      at += 1000;
    }
    const before = await a.reviewLog.count();
    const result = await syncProgress(a, area, clock);
    expect(result).toMatchObject({ ok: false, quota: true, reason: expect.stringContaining('Browser sync is full') });
    expect(area.items).toEqual({});
    expect(await a.reviewLog.count()).toBe(before);
  });

  it('too many writes in a minute is reported as busy and succeeds a minute later', async () => {
    let clock = t0;
    const area = new FakeSyncArea(() => clock, { ...SYNC_QUOTA, writesPerMinute: 2 });
    const a = await browserProfile();
    for (let i = 0; i < 2; i++) {
      await saveReview(a, { cardId: 'gather', grade: Rating.Good, mode: 'recall', reviewedAt: t0 + i * DAY });
      expect((await syncProgress(a, area, clock)).ok).toBe(true);
    }
    await saveReview(a, { cardId: 'gather', grade: Rating.Good, mode: 'recall', reviewedAt: t0 + 5 * DAY });
    expect(await syncProgress(a, area, clock)).toMatchObject({ ok: false, quota: true, reason: expect.stringContaining('busy') });
    clock += 61_000;
    expect(await syncProgress(a, area, clock)).toMatchObject({ ok: true, pushed: 1 });
    expect(decodeReviews(area.items['c:gather'])).toHaveLength(3);
  });

  it('ignores damaged or foreign items in the sync area', async () => {
    const area = new FakeSyncArea(() => t0);
    area.items = { 'c:gather': 12, b: 'nonsense', s: { dailyNewLimit: [-4, t0 + 10] }, other: { x: 1 } };
    const a = await browserProfile();
    expect(await syncProgress(a, area, t0)).toMatchObject({ ok: true, pulled: 0 });
    expect(await a.reviewLog.count()).toBe(0);
    expect(await a.settings.get('dailyNewLimit')).toBeUndefined();
  });
});
