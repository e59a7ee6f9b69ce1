import type { CopilotDatabase, ReviewLogRow } from './database';
import { DAILY_NEW_LIMIT_KEY, INTERVIEW_DATE_KEY } from './database';
import { MAX_DAILY_NEW_LIMIT } from './drill';
import { interviewDayProblem } from './interview-date';
import { replayCardLog } from './review-replay';

/**
 * Progress follows the user between their own browsers through the browser's own sync
 * (`storage.sync`: no server and no account of ours). What is synced, within its quotas
 * (100 KB in all, 8 KB an item, 120 writes a minute):
 *
 * - each studied card's reviews, as one item `c:<card id>` holding its review times and
 *   grades. Merging takes the union of both sides' reviews and replays it through the
 *   scheduler, so no review is lost and a card reviewed on both sides gets the schedule of
 *   all its reviews in time order; where only one side reviewed, the newer review wins.
 * - bookmarks (`b`) and settings (`s`: the daily new-card limit, the interview date), each entry with the time it was last changed; per
 *   entry the newer change wins, so a removal made later beats an older bookmark.
 *
 * Example: browser A reviewed `gather` Good on Monday; browser B, not yet synced, reviewed
 * it Again on Tuesday. After sync both hold [Mon Good, Tue Again] and the state that replay
 * gives: due again within minutes of Tuesday's review.
 *
 * This module knows no browser API: the panel hands it `browser.storage.sync`, tests a fake.
 */

/** The part of `storage.sync` this module uses. */
export interface SyncArea {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** chrome.storage.sync's quotas (Firefox's are the same or larger). */
export const SYNC_QUOTA = { totalBytes: 102_400, itemBytes: 8_192, writesPerMinute: 120, maxItems: 512 } as const;

const CARD_PREFIX = 'c:';
const BOOKMARKS_KEY = 'b';
const SETTINGS_KEY = 's';
/** What this browser last agreed with the sync area about bookmarks and settings (meta table). */
const LEDGER_KEY = 'syncLedger';
/** The settings that follow the user (others stay per browser). */
export const SYNCED_SETTINGS = [DAILY_NEW_LIMIT_KEY, INTERVIEW_DATE_KEY] as const;

interface SyncLedger {
  bookmarks: Record<string, [on: 0 | 1, at: number]>;
  settings: Record<string, [value: unknown, at: number]>;
}

export interface LoggedReview {
  reviewedAt: number;
  grade: number;
}

/** "kx3m1.3,kx3q9.1": each review's time (base 36 ms) and grade, oldest first. */
export function encodeReviews(reviews: readonly LoggedReview[]): string {
  return [...reviews]
    .sort((a, b) => a.reviewedAt - b.reviewedAt || a.grade - b.grade)
    .map((r) => `${r.reviewedAt.toString(36)}.${r.grade}`)
    .join(',');
}

/** The reverse of encodeReviews; anything malformed (another version, a damaged item) is skipped. */
export function decodeReviews(value: unknown): LoggedReview[] {
  if (typeof value !== 'string' || value === '') return [];
  const reviews: LoggedReview[] = [];
  for (const part of value.split(',')) {
    const match = /^([0-9a-z]{1,11})\.([1-4])$/.exec(part);
    if (!match) continue;
    const reviewedAt = parseInt(match[1]!, 36);
    if (Number.isSafeInteger(reviewedAt)) reviews.push({ reviewedAt, grade: Number(match[2]) });
  }
  return reviews;
}

const reviewKey = (r: LoggedReview) => `${r.reviewedAt}.${r.grade}`;

export type SyncResult =
  | { ok: true; pulled: number; pushed: number }
  | { ok: false; reason: string; quota: boolean };

/** Short messages for the quota errors Chrome and Firefox throw. */
export function describeSyncError(error: unknown): { reason: string; quota: boolean } {
  const text = error instanceof Error ? error.message : String(error);
  if (/QUOTA_BYTES_PER_ITEM/i.test(text)) return { quota: true, reason: 'A card has more reviews than browser sync can hold in one item (8 KB); it stays on this device.' };
  if (/QUOTA_BYTES|quota/i.test(text) && !/WRITE_OPERATIONS/i.test(text)) {
    return { quota: true, reason: 'Browser sync is full (100 KB): your progress is saved on this device but no longer synced. Turn sync off to stop this message.' };
  }
  if (/MAX_WRITE_OPERATIONS|MAX_ITEMS/i.test(text)) return { quota: true, reason: 'Browser sync is busy (too many writes this minute); it will try again shortly.' };
  return { quota: false, reason: `Browser sync failed (${text.slice(0, 120)}).` };
}

/**
 * Merges the sync area into this browser's database, then writes back what the area lacks,
 * in a single write. Safe to run from several panels and browsers at once: every step is a
 * union or a newer-wins choice, so running it twice changes nothing.
 */
export async function syncProgress(db: CopilotDatabase, area: SyncArea, now = Date.now()): Promise<SyncResult> {
  let remote: Record<string, unknown>;
  try {
    remote = await area.get(null);
  } catch (error) {
    return { ok: false, ...describeSyncError(error) };
  }
  const { pulled, items } = await mergeIntoDatabase(db, remote, now);
  const changed = Object.fromEntries(Object.entries(items).filter(([key, value]) => JSON.stringify(remote[key]) !== JSON.stringify(value)));
  if (Object.keys(changed).length === 0) return { ok: true, pulled, pushed: 0 };
  const bytes = syncBytes({ ...remote, ...changed });
  if (bytes > SYNC_QUOTA.totalBytes) return { ok: false, ...describeSyncError(new Error('QUOTA_BYTES quota exceeded')) };
  try {
    await area.set(changed);
  } catch (error) {
    return { ok: false, ...describeSyncError(error) };
  }
  return { ok: true, pulled, pushed: Object.keys(changed).length };
}

/** How chrome.storage.sync counts an area's size: each key plus its JSON value. */
export function syncBytes(items: Record<string, unknown>): number {
  let total = 0;
  for (const [key, value] of Object.entries(items)) total += key.length + JSON.stringify(value).length;
  return total;
}

/** Applies the remote items locally (one transaction) and returns the items this browser now holds. */
async function mergeIntoDatabase(db: CopilotDatabase, remote: Record<string, unknown>, now: number) {
  return db.transaction('rw', [db.reviewStates, db.reviewLog, db.bookmarks, db.settings, db.meta], async () => {
    let pulled = 0;
    const items: Record<string, unknown> = {};

    // Reviews: the union of both sides, each card replayed if it gained any.
    const log = await db.reviewLog.toArray();
    const byCard = new Map<string, ReviewLogRow[]>();
    for (const row of log) byCard.set(row.cardId, [...(byCard.get(row.cardId) ?? []), row]);
    const remoteCards = Object.keys(remote).filter((key) => key.startsWith(CARD_PREFIX)).map((key) => key.slice(CARD_PREFIX.length));
    const lastId = await db.reviewLog.orderBy(':id').lastKey();
    let nextId = (typeof lastId === 'number' ? lastId : 0) + 1;
    for (const cardId of new Set([...byCard.keys(), ...remoteCards])) {
      const local = byCard.get(cardId) ?? [];
      const seen = new Set(local.map(reviewKey));
      const missing = decodeReviews(remote[CARD_PREFIX + cardId]).filter((r) => !seen.has(reviewKey(r)) && r.reviewedAt <= now + 86_400_000);
      if (missing.length > 0) {
        const added: ReviewLogRow[] = missing.map((r) => ({ id: nextId++, cardId, reviewedAt: r.reviewedAt, grade: r.grade, mode: 'recall' }));
        await db.reviewLog.bulkAdd(added);
        local.push(...added);
        const state = replayCardLog(local);
        if (state) await db.reviewStates.put({ ...state, cardId, updatedAt: state.lastReview ?? now });
        pulled += missing.length;
      }
      items[CARD_PREFIX + cardId] = encodeReviews(local);
    }

    const ledger = readLedger((await db.meta.get(LEDGER_KEY))?.value);

    // Bookmarks: this browser's changes since the last sync get the time now; then newer wins.
    const localBookmarks = new Map((await db.bookmarks.toArray()).map((b) => [b.cardId, b.createdAt]));
    const mine: SyncLedger['bookmarks'] = { ...ledger.bookmarks };
    for (const [cardId, createdAt] of localBookmarks) if (mine[cardId]?.[0] !== 1) mine[cardId] = [1, Math.max(createdAt, mine[cardId]?.[1] ?? 0)];
    for (const [cardId, [on]] of Object.entries(mine)) if (on === 1 && !localBookmarks.has(cardId)) mine[cardId] = [0, now];
    const theirs = isRecord(remote[BOOKMARKS_KEY]) ? (remote[BOOKMARKS_KEY] as SyncLedger['bookmarks']) : {};
    const bookmarks: SyncLedger['bookmarks'] = { ...mine };
    for (const [cardId, entry] of Object.entries(theirs)) {
      if (!Array.isArray(entry) || (entry[0] !== 0 && entry[0] !== 1) || typeof entry[1] !== 'number') continue;
      if ((bookmarks[cardId]?.[1] ?? -1) < entry[1]) bookmarks[cardId] = [entry[0], entry[1]];
    }
    for (const [cardId, [on, at]] of Object.entries(bookmarks)) {
      if (on === 1 && !localBookmarks.has(cardId)) {
        await db.bookmarks.put({ cardId, createdAt: at });
        pulled++;
      } else if (on === 0 && localBookmarks.has(cardId)) {
        await db.bookmarks.delete(cardId);
        pulled++;
      }
    }
    items[BOOKMARKS_KEY] = bookmarks;

    // Settings: the same rule.
    const settings: SyncLedger['settings'] = { ...ledger.settings };
    for (const key of SYNCED_SETTINGS) {
      const value = (await db.settings.get(key))?.value;
      if (value !== undefined && JSON.stringify(settings[key]?.[0]) !== JSON.stringify(value)) settings[key] = [value, now];
    }
    const theirSettings = isRecord(remote[SETTINGS_KEY]) ? (remote[SETTINGS_KEY] as SyncLedger['settings']) : {};
    for (const key of SYNCED_SETTINGS) {
      const entry = theirSettings[key];
      if (!Array.isArray(entry) || typeof entry[1] !== 'number' || !isValidSetting(key, entry[0], now)) continue;
      if ((settings[key]?.[1] ?? -1) < entry[1]) {
        settings[key] = [entry[0], entry[1]];
        await db.settings.put({ key, value: entry[0] });
        pulled++;
      }
    }
    items[SETTINGS_KEY] = settings;

    await db.meta.put({ key: LEDGER_KEY, value: JSON.stringify({ bookmarks, settings } satisfies SyncLedger) });
    return { pulled, items };
  });
}

function readLedger(text: string | undefined): SyncLedger {
  try {
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (isRecord(parsed) && isRecord(parsed.bookmarks) && isRecord(parsed.settings)) return parsed as unknown as SyncLedger;
  } catch {
    // A damaged ledger only means this browser's unsynced changes are dated now.
  }
  return { bookmarks: {}, settings: {} };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The same ranges as an import (utils/backup.ts): another browser's value is checked before it is stored. */
function isValidSetting(key: string, value: unknown, now: number): boolean {
  if (key === DAILY_NEW_LIMIT_KEY) return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_DAILY_NEW_LIMIT;
  // null: cleared in the other browser.
  if (key === INTERVIEW_DATE_KEY) return value === null || (typeof value === 'string' && interviewDayProblem(value, now, 'allowed') === undefined);
  return false;
}
