import { useCallback, useEffect, useRef, useState } from 'react';
import type { Card } from '@/knowledge/schema';
import type { GradeToSave, HistoryRow, SavedReview, StorageState, UserData, UserProgress } from '@/utils/database';
import { DEFAULT_DAILY_NEW_LIMIT, startOfDay } from '@/utils/drill';
import type { SchedulingState } from '@/utils/scheduler';
import { useProgressSync, type SyncStatus } from './use-progress-sync';

/** A grade as the drill hands it over, with the states it showed (applied in memory at once). */
export interface ReviewToShow extends GradeToSave {
  previous: SchedulingState | null;
  next: SchedulingState;
}

/** A review the session can take back: the state before it as the panel saw it, and what
 * storage made of it once saved (undefined if it could not be saved). */
export interface UndoableReview {
  review: ReviewToShow;
  saved: Promise<SavedReview | undefined>;
}

/** After this long without an open database the panel says saving waits for it. */
export const SLOW_STORAGE_NOTICE_MS = 800;
export const SLOW_STORAGE_MESSAGE =
  'The browser’s database has not opened yet (another window may be holding it): what you do now is saved when it opens.';

export interface UserProgressApi {
  progress: UserProgress;
  /** False until the stored progress has been read (or storage is known to be unavailable). */
  loaded: boolean;
  dailyNewLimit: number;
  /** Why progress is not being saved, if it is not (storage unavailable or a write failed). */
  notSaving: string | undefined;
  /** Set while the database is slow to open: writes wait and land once it opens. */
  savingDelayed: string | undefined;
  /** Applies the review at once (in the same render as the caller's own updates) and writes it in the background:
   * storage reads the card's latest state in its own transaction, so another panel's review is never lost. */
  saveReview(review: ReviewToShow): UndoableReview;
  undo(undoable: UndoableReview): Promise<void>;
  toggleBookmark(cardId: string): void;
  /** `replaces`: a typed query of the same burst that this one extends (removed from history).
   * `at`: when it was asked, if not now. Resolves to whether the history row was written. */
  recordLookup(query: string, source: HistoryRow['source'], replaces?: string, at?: number): Promise<boolean>;
  clearHistory(): void;
  setDailyNewLimit(limit: number): void;
  setSyncEnabled(enabled: boolean): void;
  /** Sets the interview day ("YYYY-MM-DD", checked by the caller) or clears it (null). */
  setInterviewDate(day: string | null): void;
  /** Whether progress is synced between the user's browsers, and any problem with it. */
  syncStatus: SyncStatus;
  /** Replaces all the user's data (an import); throws with the reason when it fails, nothing changed then. */
  replaceAll(data: UserData, cards: readonly Card[]): Promise<void>;
  /** Rebuilds every card's schedule from the review log; resolves to how many cards changed. */
  repair(): Promise<number>;
}

// The database module (Dexie, ts-fsrs) is not part of the panel's start-up chunk: it is
// loaded when the database opens (entrypoints/sidepanel/main.tsx), so by the time an
// operation runs on an open database this import resolves at once.
const database = () => import('@/utils/database');

function emptyProgress(): UserProgress {
  return { states: new Map(), bookmarks: [], history: [], dailyNewLimit: undefined, syncEnabled: true, interviewDate: undefined, newIntroducedSince: 0 };
}

/**
 * The user's progress as the panel sees it. Every change is applied in memory first and
 * then written; a failed write keeps the panel working and says progress is not saved.
 * The stored progress is watched live, so a change made in another window shows here too.
 */
export function useUserProgress(storage: StorageState | undefined): UserProgressApi {
  const [progress, setProgress] = useState<UserProgress>(emptyProgress);
  const [loaded, setLoaded] = useState(false);
  const [writeFailure, setWriteFailure] = useState<string>();
  const [slowOpen, setSlowOpen] = useState(false);
  const db = storage?.status === 'ready' ? storage.db : undefined;
  const dayStart = useRef(startOfDay(Date.now()));

  // Writes made while the database is still opening (the selection that opened the panel is
  // recorded at once) wait for it, and are applied before progress is read.
  // Each settles its caller's promise once applied (undefined if storage turns out unavailable).
  const waitingWrites = useRef<Array<{ operation: (database: NonNullable<typeof db>) => Promise<unknown>; settle(value: unknown): void }>>([]);

  useEffect(() => {
    if (storage !== undefined) return;
    const timer = setTimeout(() => setSlowOpen(true), SLOW_STORAGE_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [storage]);

  useEffect(() => {
    if (storage?.status === 'unavailable') {
      for (const waiting of waitingWrites.current.splice(0)) waiting.settle(undefined);
      setLoaded(true);
      return;
    }
    if (!db) return;
    const waiting = waitingWrites.current.splice(0);
    let unsubscribe: (() => void) | undefined;
    let live = true;
    void (async () => {
      const { trySave, watchUserProgress } = await database();
      for (const { operation, settle } of waiting) {
        const result = await trySave(() => operation(db));
        if (!result.ok) setWriteFailure(result.reason);
        settle(result.ok ? result.value : undefined);
      }
      if (!live) return;
      dayStart.current = startOfDay(Date.now());
      // Live: any change to the stored progress, from this panel or another window's, is shown.
      unsubscribe = watchUserProgress(
        db,
        () => dayStart.current,
        (value) => {
          setProgress(value);
          setLoaded(true);
        },
        (reason) => {
          setWriteFailure(reason);
          setLoaded(true);
        },
      );
    })();
    return () => {
      live = false;
      unsubscribe?.();
    };
  }, [storage, db]);

  const write = useCallback(
    async <T,>(operation: (database: NonNullable<typeof db>) => Promise<T>): Promise<T | undefined> => {
      if (!db) {
        if (storage !== undefined) return undefined;
        return new Promise<T | undefined>((resolve) => waitingWrites.current.push({ operation, settle: (value) => resolve(value as T | undefined) }));
      }
      const { trySave } = await database();
      const result = await trySave(() => operation(db));
      if (result.ok) return result.value;
      setWriteFailure(result.reason);
      return undefined;
    },
    [db, storage],
  );

  const syncStatus = useProgressSync(db, progress, loaded);

  const api: UserProgressApi = {
    progress,
    loaded,
    dailyNewLimit: progress.dailyNewLimit ?? DEFAULT_DAILY_NEW_LIMIT,
    notSaving: storage?.status === 'unavailable' ? storage.reason : writeFailure,
    savingDelayed: storage === undefined && slowOpen ? SLOW_STORAGE_MESSAGE : undefined,
    syncStatus,
    saveReview(review) {
      setProgress((p) => {
        const states = new Map(p.states);
        states.set(review.cardId, { ...review.next, cardId: review.cardId, updatedAt: review.reviewedAt });
        return { ...p, states, newIntroducedSince: p.newIntroducedSince + (review.previous === null ? 1 : 0) };
      });
      const { previous: _previous, next: _next, ...grade } = review;
      return { review, saved: write(async (d) => (await database()).saveReview(d, grade)) };
    },
    async undo({ review, saved }) {
      const { previous } = review;
      setProgress((p) => {
        const states = new Map(p.states);
        if (previous === null) states.delete(review.cardId);
        else states.set(review.cardId, { ...previous, cardId: review.cardId, updatedAt: previous.lastReview ?? review.reviewedAt });
        return { ...p, states, newIntroducedSince: p.newIntroducedSince - (previous === null ? 1 : 0) };
      });
      const savedReview = await saved;
      if (savedReview !== undefined) await write(async (d) => (await database()).undoReview(d, savedReview.logId));
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
    recordLookup(query, source, replaces, at = Date.now()) {
      // The same cleaning as the stored copy (utils/database.ts historyText), without loading it.
      const text = query.replace(/[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g, '').trim();
      if (!text) return Promise.resolve(false);
      setProgress((p) => {
        const replacedAt = replaces === undefined ? -1 : p.history.findIndex((h) => h.source === 'typed' && h.query === replaces.trim());
        const kept = replacedAt < 0 ? p.history : p.history.filter((_, i) => i !== replacedAt);
        const rest = kept[0]?.query === text ? kept.slice(1) : kept;
        // Trimmed to HISTORY_LIMIT by storage; the live query then replaces this copy.
        return { ...p, history: [{ query: text, at, source }, ...rest] };
      });
      return write(async (d) => {
        await (await database()).recordLookup(d, text, source, at, replaces);
        return true;
      }).then((written) => written === true);
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
    setSyncEnabled(enabled) {
      setProgress((p) => ({ ...p, syncEnabled: enabled }));
      void write(async (d) => {
        const { putSetting, SYNC_ENABLED_KEY } = await database();
        return putSetting(d, SYNC_ENABLED_KEY, enabled);
      });
    },
    setInterviewDate(day) {
      setProgress((p) => ({ ...p, interviewDate: day ?? undefined }));
      void write(async (d) => {
        const { putSetting, INTERVIEW_DATE_KEY } = await database();
        return putSetting(d, INTERVIEW_DATE_KEY, day);
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
    },
    async repair() {
      if (!db) throw new Error(storage?.status === 'unavailable' ? storage.reason : 'The database is not open yet.');
      return (await (await database()).rebuildProgress(db)).length;
    },
  };
  return api;
}
