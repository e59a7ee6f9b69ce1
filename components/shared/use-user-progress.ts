import { liveQuery } from 'dexie';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Card } from '@/knowledge/schema';
import {
  clearHistory,
  DAILY_NEW_LIMIT_KEY,
  SYNC_ENABLED_KEY,
  HISTORY_LIMIT,
  putSetting,
  readUserProgress,
  rebuildProgress,
  schedulingStateOf,
  recordLookup,
  replaceUserData,
  saveReview,
  setBookmark,
  describeStorageError,
  trySave,
  undoReview,
  type GradeToSave,
  type HistoryRow,
  type SavedReview,
  type StorageState,
  type UserData,
  type UserProgress,
} from '@/utils/database';
import { DEFAULT_DAILY_NEW_LIMIT, startOfDay } from '@/utils/drill';
import { useProgressSync, type SyncStatus } from './use-progress-sync';
import { applyGrade, type GradeValue, type SchedulingState } from '@/utils/scheduler';

/** A review the session can take back: the state before it as the panel saw it, and what
 * storage made of it once saved (undefined if it could not be saved). */
export interface UndoableReview {
  review: GradeToSave;
  previous: SchedulingState | null;
  saved: Promise<SavedReview | undefined>;
}

/** After this long without an open database the panel says progress is waiting to be saved. */
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
  /** Applies the review at once (in the same render as the caller's own updates) and writes it in the background. */
  saveReview(review: GradeToSave): UndoableReview;
  undo(undoable: UndoableReview): Promise<void>;
  toggleBookmark(cardId: string): void;
  recordLookup(query: string, source: HistoryRow['source']): void;
  clearHistory(): void;
  setDailyNewLimit(limit: number): void;
  setSyncEnabled(enabled: boolean): void;
  /** Whether progress is synced between the user's browsers, and any problem with it. */
  syncStatus: SyncStatus;
  /** Replaces all the user's data (an import); throws with the reason when it fails, nothing changed then. */
  replaceAll(data: UserData, cards: readonly Card[]): Promise<void>;
  /** Rebuilds every card's schedule from the review log; resolves to how many cards changed. */
  repair(): Promise<number>;
}

function emptyProgress(): UserProgress {
  return { states: new Map(), bookmarks: [], history: [], dailyNewLimit: undefined, syncEnabled: true, newIntroducedSince: 0 };
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

  // Writes made while the database is still opening (the selection that opened the panel is
  // recorded at once) wait for it, and are applied before progress is read.
  const waitingWrites = useRef<Array<(database: NonNullable<typeof db>) => Promise<unknown>>>([]);
  const [slowOpen, setSlowOpen] = useState(false);

  useEffect(() => {
    if (storage !== undefined) return;
    const timer = setTimeout(() => setSlowOpen(true), SLOW_STORAGE_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [storage]);

  useEffect(() => {
    if (storage?.status === 'unavailable') {
      waitingWrites.current = [];
      setLoaded(true);
      return;
    }
    if (!db) return;
    const waiting = waitingWrites.current.splice(0);
    let subscription: { unsubscribe(): void } | undefined;
    let live = true;
    void (async () => {
      for (const operation of waiting) {
        const result = await trySave(() => operation(db));
        if (!result.ok) setWriteFailure(result.reason);
      }
      if (!live) return;
      // Live: any change to the stored progress, from this panel or another window's, is shown.
      dayStart.current = startOfDay(Date.now());
      subscription = liveQuery(() => readUserProgress(db, dayStart.current)).subscribe({
        next(value) {
          setProgress(value);
          setLoaded(true);
        },
        error(error: unknown) {
          setWriteFailure(describeStorageError(error, 'used'));
          setLoaded(true);
        },
      });
    })();
    return () => {
      live = false;
      subscription?.unsubscribe();
    };
  }, [storage, db]);

  const write = useCallback(
    async <T,>(operation: (database: NonNullable<typeof db>) => Promise<T>): Promise<T | undefined> => {
      if (!db) {
        if (storage === undefined) waitingWrites.current.push(operation);
        return undefined;
      }
      const result = await trySave(() => operation(db));
      if (result.ok) return result.value;
      setWriteFailure(result.reason);
      return undefined;
    },
    [db, storage],
  );

  const syncStatus = useProgressSync(db, progress, loaded);

  const api: UserProgressApi = {
    syncStatus,
    progress,
    loaded,
    dailyNewLimit: progress.dailyNewLimit ?? DEFAULT_DAILY_NEW_LIMIT,
    notSaving: storage?.status === 'unavailable' ? storage.reason : writeFailure,
    savingDelayed: storage === undefined && slowOpen ? SLOW_STORAGE_MESSAGE : undefined,
    saveReview(review) {
      // Shown at once from the panel's copy; the stored state (read-modify-write in one
      // transaction) arrives through the live query and wins if another panel graded too.
      const stored = progress.states.get(review.cardId);
      const previous = stored ? schedulingStateOf(stored) : null;
      const next = applyGrade(previous ?? undefined, review.grade as GradeValue, review.reviewedAt);
      setProgress((p) => {
        const states = new Map(p.states);
        states.set(review.cardId, { ...next, cardId: review.cardId, updatedAt: review.reviewedAt });
        return { ...p, states, newIntroducedSince: p.newIntroducedSince + (previous === null ? 1 : 0) };
      });
      return { review, previous, saved: write((d) => saveReview(d, review)) };
    },
    async undo({ review, previous, saved }) {
      setProgress((p) => {
        const states = new Map(p.states);
        if (previous === null) states.delete(review.cardId);
        else states.set(review.cardId, { ...previous, cardId: review.cardId, updatedAt: previous.lastReview ?? review.reviewedAt });
        return { ...p, states, newIntroducedSince: p.newIntroducedSince - (previous === null ? 1 : 0) };
      });
      const savedReview = await saved;
      if (savedReview !== undefined) await write((d) => undoReview(d, savedReview.logId));
    },
    toggleBookmark(cardId) {
      const on = !progress.bookmarks.some((b) => b.cardId === cardId);
      const now = Date.now();
      setProgress((p) => ({
        ...p,
        bookmarks: on ? [{ cardId, createdAt: now }, ...p.bookmarks] : p.bookmarks.filter((b) => b.cardId !== cardId),
      }));
      void write((d) => setBookmark(d, cardId, on, now));
    },
    recordLookup(query, source) {
      const text = query.trim();
      if (!text) return;
      const at = Date.now();
      setProgress((p) => {
        const rest = p.history[0]?.query === text ? p.history.slice(1) : p.history;
        return { ...p, history: [{ query: text, at, source }, ...rest].slice(0, HISTORY_LIMIT) };
      });
      void write((d) => recordLookup(d, text, source, at));
    },
    clearHistory() {
      setProgress((p) => ({ ...p, history: [] }));
      void write((d) => clearHistory(d));
    },
    setDailyNewLimit(limit) {
      setProgress((p) => ({ ...p, dailyNewLimit: limit }));
      void write((d) => putSetting(d, DAILY_NEW_LIMIT_KEY, limit));
    },
    setSyncEnabled(enabled) {
      setProgress((p) => ({ ...p, syncEnabled: enabled }));
      void write((d) => putSetting(d, SYNC_ENABLED_KEY, enabled));
    },
    async replaceAll(data, cards) {
      if (!db) throw new Error(storage?.status === 'unavailable' ? storage.reason : 'The database is not open yet.');
      try {
        await replaceUserData(db, data, cards);
      } catch (error) {
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        throw new Error(`The import could not be written (${reason}). Nothing was changed.`);
      }
    },
    async repair() {
      if (!db) throw new Error(storage?.status === 'unavailable' ? storage.reason : 'The database is not open yet.');
      return (await rebuildProgress(db)).length;
    },
  };
  return api;
}

