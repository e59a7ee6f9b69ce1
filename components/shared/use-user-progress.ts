import { useCallback, useEffect, useRef, useState } from 'react';
import type { Card } from '@/knowledge/schema';
import type { HistoryRow, ReviewToSave, StorageState, UserData, UserProgress } from '@/utils/database';
import { HISTORY_LIMIT } from '@/utils/lookup-history';
import { DEFAULT_DAILY_NEW_LIMIT, startOfDay } from '@/utils/drill';

/** A review the session can take back: its log id once saved (undefined if it could not be). */
export interface UndoableReview {
  review: ReviewToSave;
  logId: Promise<number | undefined>;
}

export interface UserProgressApi {
  progress: UserProgress;
  /** False until the stored progress has been read (or storage is known to be unavailable). */
  loaded: boolean;
  dailyNewLimit: number;
  /** Why progress is not being saved, if it is not (storage unavailable or a write failed). */
  notSaving: string | undefined;
  /** Applies the review at once (in the same render as the caller's own updates) and writes it in the background. */
  saveReview(review: ReviewToSave): UndoableReview;
  undo(undoable: UndoableReview): Promise<void>;
  toggleBookmark(cardId: string): void;
  /** `replaces`: a typed query of the same burst that this one extends (removed from history). */
  recordLookup(query: string, source: HistoryRow['source'], replaces?: string): void;
  clearHistory(): void;
  setDailyNewLimit(limit: number): void;
  /** Replaces all the user's data (an import); throws with the reason when it fails, nothing changed then. */
  replaceAll(data: UserData, cards: readonly Card[]): Promise<void>;
}

// The database module (Dexie, ts-fsrs) is not part of the panel's start-up chunk: it is
// loaded when the database opens (entrypoints/sidepanel/main.tsx), so by the time an
// operation runs on an open database this import resolves at once.
const database = () => import('@/utils/database');

function emptyProgress(): UserProgress {
  return { states: new Map(), bookmarks: [], history: [], dailyNewLimit: undefined, newIntroducedSince: 0 };
}

/**
 * The user's progress as the panel sees it. Every change is applied in memory first and
 * then written; a failed write keeps the panel working and says progress is not saved.
 */
export function useUserProgress(storage: StorageState | undefined): UserProgressApi {
  const [progress, setProgress] = useState<UserProgress>(emptyProgress);
  const [loaded, setLoaded] = useState(false);
  const [writeFailure, setWriteFailure] = useState<string>();
  const db = storage?.status === 'ready' ? storage.db : undefined;
  const dayStart = useRef(startOfDay(Date.now()));

  const reload = useCallback(async () => {
    if (!db) return;
    dayStart.current = startOfDay(Date.now());
    const { trySave, readUserProgress } = await database();
    const result = await trySave(() => readUserProgress(db, dayStart.current));
    if (result.ok) setProgress(result.value);
    else setWriteFailure(result.reason);
    setLoaded(true);
  }, [db]);

  // Writes made while the database is still opening (the selection that opened the panel is
  // recorded at once) wait for it, and are applied before progress is read.
  const waitingWrites = useRef<Array<(database: NonNullable<typeof db>) => Promise<unknown>>>([]);

  useEffect(() => {
    if (storage?.status === 'unavailable') {
      waitingWrites.current = [];
      setLoaded(true);
      return;
    }
    if (!db) return;
    const waiting = waitingWrites.current.splice(0);
    void (async () => {
      const { trySave } = await database();
      for (const operation of waiting) {
        const result = await trySave(() => operation(db));
        if (!result.ok) setWriteFailure(result.reason);
      }
      await reload();
    })();
  }, [storage, db, reload]);

  const write = useCallback(
    async <T,>(operation: (database: NonNullable<typeof db>) => Promise<T>): Promise<T | undefined> => {
      if (!db) {
        if (storage === undefined) waitingWrites.current.push(operation);
        return undefined;
      }
      const { trySave } = await database();
      const result = await trySave(() => operation(db));
      if (result.ok) return result.value;
      setWriteFailure(result.reason);
      return undefined;
    },
    [db, storage],
  );

  const api: UserProgressApi = {
    progress,
    loaded,
    dailyNewLimit: progress.dailyNewLimit ?? DEFAULT_DAILY_NEW_LIMIT,
    notSaving: storage?.status === 'unavailable' ? storage.reason : writeFailure,
    saveReview(review) {
      setProgress((p) => {
        const states = new Map(p.states);
        states.set(review.cardId, { ...review.next, cardId: review.cardId, updatedAt: review.reviewedAt });
        return { ...p, states, newIntroducedSince: p.newIntroducedSince + (review.previous === null ? 1 : 0) };
      });
      return { review, logId: write(async (d) => (await database()).saveReview(d, review)) };
    },
    async undo({ review, logId }) {
      setProgress((p) => {
        const states = new Map(p.states);
        if (review.previous === null) states.delete(review.cardId);
        else states.set(review.cardId, { ...review.previous, cardId: review.cardId, updatedAt: review.previous.lastReview ?? review.reviewedAt });
        return { ...p, states, newIntroducedSince: p.newIntroducedSince - (review.previous === null ? 1 : 0) };
      });
      const savedId = await logId;
      if (savedId !== undefined) await write(async (d) => (await database()).undoReview(d, savedId));
    },
    toggleBookmark(cardId) {
      const on = !progress.bookmarks.some((b) => b.cardId === cardId);
      const now = Date.now();
      setProgress((p) => ({
        ...p,
        bookmarks: on ? [{ cardId, createdAt: now }, ...p.bookmarks] : p.bookmarks.filter((b) => b.cardId !== cardId),
      }));
      void write(async (d) => (await database()).setBookmark(d, cardId, on, now));
    },
    recordLookup(query, source, replaces) {
      const text = query.trim();
      if (!text) return;
      const at = Date.now();
      setProgress((p) => {
        const replacedAt = replaces === undefined ? -1 : p.history.findIndex((h) => h.source === 'typed' && h.query === replaces.trim());
        const kept = replacedAt < 0 ? p.history : p.history.filter((_, i) => i !== replacedAt);
        const rest = kept[0]?.query === text ? kept.slice(1) : kept;
        return { ...p, history: [{ query: text, at, source }, ...rest].slice(0, HISTORY_LIMIT) };
      });
      void write(async (d) => (await database()).recordLookup(d, text, source, at, replaces));
    },
    clearHistory() {
      setProgress((p) => ({ ...p, history: [] }));
      void write(async (d) => (await database()).clearHistory(d));
    },
    setDailyNewLimit(limit) {
      setProgress((p) => ({ ...p, dailyNewLimit: limit }));
      void write(async (d) => {
        const { putSetting, DAILY_NEW_LIMIT_KEY } = await database();
        return putSetting(d, DAILY_NEW_LIMIT_KEY, limit);
      });
    },
    async replaceAll(data, cards) {
      if (!db) throw new Error(storage?.status === 'unavailable' ? storage.reason : 'The database is not open yet.');
      try {
        await (await database()).replaceUserData(db, data, cards);
      } catch (error) {
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        throw new Error(`The import could not be written (${reason}). Nothing was changed.`);
      }
      await reload();
    },
  };
  return api;
}
