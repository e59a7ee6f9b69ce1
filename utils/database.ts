import Dexie, { liveQuery, type DexieOptions, type EntityTable, type Transaction } from 'dexie';
import type { Card, KnowledgeBase } from '../knowledge/schema';
import type { DrillMode } from './drill';
import { inReviewOrder, replayCardLog, findLogMismatches, type ProgressMismatch } from './review-replay';
import { startOfInterviewDay } from './interview-date';
import { applyGrade, newSchedulingState, type GradeValue, type SchedulingState } from './scheduler';

/** How many lookups history keeps, newest first (the panel's copy follows the stored one). */
export const HISTORY_LIMIT = 200;

/**
 * The copilot's IndexedDB database (through Dexie): the one module that opens it, seeds it
 * and reads or writes its tables.
 *
 * Shipped cards are a copy of the compiled knowledge base, replaced whenever its version
 * changes. Everything else belongs to the user (their own cards, review state, review log,
 * bookmarks, lookup history, settings) and is never touched by seeding.
 */

export const DATABASE_NAME = 'asyncio-copilot';

export interface MetaRow {
  key: string;
  value: string;
}

/** A card the user wrote or imported. */
export type UserCardRow = Card & { createdAt: number };

/** FSRS state of one card (see utils/scheduler.ts); kept by card id even when the card
 * leaves the knowledge base. */
export interface ReviewStateRow extends SchedulingState {
  cardId: string;
  updatedAt: number;
}

/** The FSRS state inside a stored row (without its card id and update time). */
export function schedulingStateOf(row: ReviewStateRow): SchedulingState {
  const { cardId: _cardId, updatedAt: _updatedAt, ...state } = row;
  return state;
}

/** One grade given in a drill. With `previous` and `next` a review can be undone exactly,
 * and the log alone can rebuild every card's schedule. */
export interface ReviewLogRow {
  id?: number;
  cardId: string;
  reviewedAt: number;
  /** ts-fsrs Rating: 1 Again, 2 Hard, 3 Good, 4 Easy. */
  grade: number;
  mode: DrillMode;
  /** For "what does this print?": whether the typed answer matched the real output; for a
   * Parsons problem: whether the order was right (the original, or the same output when run). */
  answerMatched?: boolean;
  /** The state before this review; null when the card was new. Absent on rows logged before v2. */
  previous?: SchedulingState | null;
  /** The state this review produced. Absent on rows logged before v2. */
  next?: SchedulingState;
}

export interface BookmarkRow {
  cardId: string;
  createdAt: number;
}

export interface HistoryRow {
  id?: number;
  query: string;
  at: number;
  source: 'typed' | 'selection';
}

/** One mock-interview session (components/interview): what it asked from, when. */
export interface InterviewSessionRow {
  id: number;
  startedAt: number;
  /** What the questions were drawn from: "weak and due", a concept id or a tag. */
  scope: string;
  endedAt?: number;
}

/** One typed interview answer, graded point by point (utils/interview/grading.ts). */
export interface InterviewAnswerRow {
  id: number;
  sessionId: number;
  cardId: string;
  question: string;
  answer: string;
  /** Per key point, aligned with the card's points when it was answered. */
  coverage: Array<'covered' | 'partial' | 'missed'>;
  /** The grade the user confirmed (1–4), or absent for an unsaved follow-up. */
  grade?: number;
  /** 0 for the opening question, 1–3 for follow-ups. */
  depth: number;
  answeredAt: number;
}

export interface SettingRow {
  key: string;
  value: unknown;
}

export type CopilotDatabase = Dexie & {
  meta: EntityTable<MetaRow, 'key'>;
  shippedCards: EntityTable<Card, 'id'>;
  userCards: EntityTable<UserCardRow, 'id'>;
  reviewStates: EntityTable<ReviewStateRow, 'cardId'>;
  reviewLog: EntityTable<ReviewLogRow, 'id'>;
  bookmarks: EntityTable<BookmarkRow, 'cardId'>;
  history: EntityTable<HistoryRow, 'id'>;
  settings: EntityTable<SettingRow, 'key'>;
  interviewSessions: EntityTable<InterviewSessionRow, 'id'>;
  interviewAnswers: EntityTable<InterviewAnswerRow, 'id'>;
};

/** The tables the user owns: seeding never writes to them. */
export const USER_TABLES = ['userCards', 'reviewStates', 'reviewLog', 'bookmarks', 'history', 'settings', 'interviewSessions', 'interviewAnswers'] as const;

/** `options` can hand Dexie another IndexedDB implementation (tests use a failing one). */
export function createCopilotDatabase(name = DATABASE_NAME, options?: DexieOptions): CopilotDatabase {
  const db = new Dexie(name, options) as CopilotDatabase;
  // Schema changes are new versions with upgrade functions; never edit a released version.
  db.version(1).stores({
    meta: 'key',
    shippedCards: 'id, concept',
    userCards: 'id, concept',
    reviewStates: 'cardId, due',
    reviewLog: '++id, cardId, reviewedAt',
    bookmarks: 'cardId, createdAt',
    history: '++id, at',
    settings: 'key',
  });
  // v2: reviews are FSRS states (utils/scheduler.ts); the log gets a per-card time index
  // for undo; history keeps the newest HISTORY_LIMIT lookups.
  db.version(2)
    .stores({
      reviewLog: '++id, cardId, reviewedAt, [cardId+reviewedAt]',
    })
    .upgrade(upgradeToVersion2);
  // v3: ids of the review log and history are given by the extension (never by IndexedDB's
  // key generator); existing rows are renumbered 1…n in the order they happened, which also
  // repairs a profile whose generator had been pushed to its end by an earlier import.
  db.version(3).stores({}).upgrade(upgradeToVersion3);
  // v4: Interview mode's sessions and graded answers (ids given by the extension, as in v3).
  db.version(4)
    .stores({ interviewSessions: 'id, startedAt', interviewAnswers: 'id, sessionId, cardId, answeredAt' })
    .upgrade(upgradeToVersion4);
  return db;
}

/** Nothing earlier holds interview data; the new tables start empty and every v3 row stays as it was. */
export async function upgradeToVersion4(tx: Transaction): Promise<void> {
  await tx.table('interviewSessions').clear();
  await tx.table('interviewAnswers').clear();
}

export async function upgradeToVersion3(tx: Transaction): Promise<void> {
  for (const [name, time] of [['reviewLog', 'reviewedAt'], ['history', 'at']] as const) {
    const table = tx.table(name);
    const rows = (await table.toArray()) as Array<Record<string, number> & { id: number }>;
    rows.sort((a, b) => (a[time] ?? 0) - (b[time] ?? 0) || a.id - b.id);
    if (rows.every((row, i) => row.id === i + 1)) continue;
    await table.clear();
    await table.bulkAdd(rows.map((row, i) => ({ ...row, id: i + 1 })));
  }
}

/** Brings v1 rows to the v2 shapes; nothing is dropped except history beyond the limit. */
export async function upgradeToVersion2(tx: Transaction): Promise<void> {
  // v1 declared only {cardId, due, updatedAt} (and no release wrote more): such a row
  // becomes a new FSRS state that keeps its due date.
  await tx
    .table('reviewStates')
    .toCollection()
    .modify((row: Record<string, unknown>, ref: { value: unknown }) => {
      if (typeof row.state === 'number' && typeof row.stability === 'number') return;
      const updatedAt = typeof row.updatedAt === 'number' ? row.updatedAt : Date.now();
      const fresh = newSchedulingState(updatedAt);
      ref.value = { ...fresh, cardId: row.cardId, due: typeof row.due === 'number' ? row.due : fresh.due, updatedAt };
    });
  await tx
    .table('reviewLog')
    .toCollection()
    .modify((row: Record<string, unknown>) => {
      if (row.mode !== 'recall' && row.mode !== 'output') row.mode = 'recall';
    });
  const history = tx.table('history');
  const extra = (await history.count()) - HISTORY_LIMIT;
  if (extra > 0) await history.orderBy('at').limit(extra).delete();
}

const KNOWLEDGE_BASE_VERSION_KEY = 'knowledgeBaseVersion';
/** How many new cards the drill introduces a day (utils/drill.ts DEFAULT_DAILY_NEW_LIMIT when unset). */
export const DAILY_NEW_LIMIT_KEY = 'dailyNewLimit';
/** Whether progress follows the user through the browser's own sync (on unless turned off). */
export const SYNC_ENABLED_KEY = 'syncEnabled';
/** The day of the user's interview, "YYYY-MM-DD" (utils/interview-date.ts); null once cleared,
 * so that clearing it reaches the user's other browsers too. */
export const INTERVIEW_DATE_KEY = 'interviewDate';

export interface SeedResult {
  /** True when the shipped cards were (re)written because the version changed. */
  seeded: boolean;
  previousVersion?: string;
  version: string;
  cardCount: number;
  /** Former ids whose progress moved to a renamed card during this seeding. */
  moved: MovedProgress[];
}

/**
 * Replaces the shipped cards when the knowledge base version differs from the stored one,
 * and moves the user's progress from renamed cards' former ids to their new ids. Rows of
 * removed cards stay where they are (kept aside) and count again if the card comes back.
 */
export async function seedShippedCards(db: CopilotDatabase, knowledgeBase: KnowledgeBase): Promise<SeedResult> {
  return db.transaction('rw', [db.meta, db.shippedCards, db.reviewStates, db.reviewLog, db.bookmarks], async () => {
    const stored = await db.meta.get(KNOWLEDGE_BASE_VERSION_KEY);
    if (stored?.value === knowledgeBase.version) {
      return { seeded: false, previousVersion: stored.value, version: knowledgeBase.version, cardCount: await db.shippedCards.count(), moved: [] };
    }
    await db.shippedCards.clear();
    await db.shippedCards.bulkPut(knowledgeBase.cards);
    await db.meta.put({ key: KNOWLEDGE_BASE_VERSION_KEY, value: knowledgeBase.version });
    const moved = await moveProgressFromFormerIds(db, knowledgeBase.cards);
    return {
      seeded: true,
      ...(stored ? { previousVersion: stored.value } : {}),
      version: knowledgeBase.version,
      cardCount: knowledgeBase.cards.length,
      moved,
    };
  });
}

export interface MovedProgress {
  from: string;
  to: string;
}

/**
 * For every card that lists former ids: its review state, review log and bookmark under a
 * former id move to the card's id. Call inside a transaction over those three tables.
 * If both ids already have a review state (a file imported from an older version), the
 * more recently reviewed one becomes the card's and the other stays aside under the former id.
 */
export async function moveProgressFromFormerIds(db: CopilotDatabase, cards: readonly Card[]): Promise<MovedProgress[]> {
  const moved: MovedProgress[] = [];
  for (const card of cards) {
    for (const formerId of card.formerIds ?? []) {
      let any = false;
      const formerState = await db.reviewStates.get(formerId);
      if (formerState) {
        const currentState = await db.reviewStates.get(card.id);
        if (!currentState || currentState.updatedAt < formerState.updatedAt) {
          await db.reviewStates.put({ ...formerState, cardId: card.id });
          await db.reviewStates.delete(formerId);
          if (currentState) await db.reviewStates.put({ ...currentState, cardId: formerId });
          any = true;
        }
      }
      const logCount = await db.reviewLog.where('cardId').equals(formerId).modify({ cardId: card.id });
      if (logCount > 0) any = true;
      const formerBookmark = await db.bookmarks.get(formerId);
      if (formerBookmark) {
        const currentBookmark = await db.bookmarks.get(card.id);
        await db.bookmarks.put({ cardId: card.id, createdAt: Math.min(formerBookmark.createdAt, currentBookmark?.createdAt ?? Infinity) });
        await db.bookmarks.delete(formerId);
        any = true;
      }
      if (any) moved.push({ from: formerId, to: card.id });
    }
  }
  return moved;
}

/** What the panel shows about storage: ready, or unavailable (search still works from memory). */
export type StorageState =
  | { status: 'ready'; db: CopilotDatabase; seed: SeedResult }
  | { status: 'unavailable'; reason: string };

/** Opens the database and seeds it; never throws — a failure becomes an "unavailable" state. */
export async function openCopilotDatabase(
  knowledgeBase: KnowledgeBase,
  name = DATABASE_NAME,
  options?: DexieOptions,
): Promise<StorageState> {
  const db = createCopilotDatabase(name, options);
  try {
    await db.open();
    const seed = await seedShippedCards(db, knowledgeBase);
    // On an upgrade of the knowledge base the schedule is checked against the review log
    // (the source of truth) and repaired where it differs.
    if (seed.seeded) await rebuildProgress(db);
    return { status: 'ready', db, seed };
  } catch (error) {
    db.close();
    return { status: 'unavailable', reason: describeStorageError(error) };
  }
}

export function describeStorageError(error: unknown, failedTo: 'opened' | 'used' = 'opened'): string {
  const name = error instanceof Error ? error.name : '';
  const inner = (error as { inner?: { name?: string } } | undefined)?.inner?.name ?? '';
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') return 'The browser storage is full.';
  if (name === 'MissingAPIError' || inner === 'MissingAPIError') return 'IndexedDB is not available in this browser profile.';
  return `The database could not be ${failedTo} (${error instanceof Error ? error.message : String(error)}).`;
}

/** A write that failed (full disk, storage gone): its reason, so the panel can say progress is not saved. */
export type SaveResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Runs a read or write on the database and turns any failure into a result, never a throw. */
export async function trySave<T>(operation: () => Promise<T>): Promise<SaveResult<T>> {
  try {
    return { ok: true, value: await operation() };
  } catch (error) {
    return { ok: false, reason: describeStorageError(error, 'used') };
  }
}

/** What the panel reads at start and after every change: the user's progress. */
export interface UserProgress {
  states: Map<string, ReviewStateRow>;
  bookmarks: BookmarkRow[];
  /** Newest first. */
  history: HistoryRow[];
  dailyNewLimit: number | undefined;
  syncEnabled: boolean;
  /** The interview day as stored, if one is set (it may have passed). */
  interviewDate: string | undefined;
  /** Cards whose first review happened at or after `since`. */
  newIntroducedSince: number;
}

export async function readUserProgress(db: CopilotDatabase, since: number): Promise<UserProgress> {
  return db.transaction('r', [db.reviewStates, db.reviewLog, db.bookmarks, db.history, db.settings], async () => {
    const [states, bookmarks, history, limit, recent, sync, interview] = await Promise.all([
      db.reviewStates.toArray(),
      db.bookmarks.orderBy('createdAt').reverse().toArray(),
      db.history.orderBy('at').reverse().toArray(),
      db.settings.get(DAILY_NEW_LIMIT_KEY),
      db.reviewLog.where('reviewedAt').aboveOrEqual(since).toArray(),
      db.settings.get(SYNC_ENABLED_KEY),
      db.settings.get(INTERVIEW_DATE_KEY),
    ]);
    return {
      states: new Map(states.map((row) => [row.cardId, row])),
      bookmarks,
      history,
      dailyNewLimit: typeof limit?.value === 'number' ? limit.value : undefined,
      syncEnabled: sync?.value !== false,
      interviewDate: startOfInterviewDay(interview?.value) === undefined ? undefined : (interview!.value as string),
      newIntroducedSince: new Set(recent.filter((log) => log.previous === null).map((log) => log.cardId)).size,
    };
  });
}

/**
 * Watches the user's progress: `onChange` gets it now and after every change, from this page
 * or another window's (Dexie's live queries see other pages' writes). Returns the unsubscribe.
 */
export function watchUserProgress(
  db: CopilotDatabase,
  since: () => number,
  onChange: (progress: UserProgress) => void,
  onError: (reason: string) => void,
): () => void {
  const subscription = liveQuery(() => readUserProgress(db, since())).subscribe({
    next: onChange,
    error: (error: unknown) => onError(describeStorageError(error, 'used')),
  });
  return () => subscription.unsubscribe();
}

/** A grade given in a drill, as the panel hands it to storage. */
export interface GradeToSave {
  cardId: string;
  grade: number;
  mode: DrillMode;
  answerMatched?: boolean;
  reviewedAt: number;
}

/** What a saved grade did: its log id and the card's state before and after, as stored. */
export interface SavedReview {
  logId: number;
  previous: SchedulingState | null;
  next: SchedulingState;
}

/** The next free id of an auto-numbered table. Ids are given explicitly, so IndexedDB's key
 * generator (which a clear never resets) cannot run out and block every later write. */
async function nextRowId(
  table: CopilotDatabase['reviewLog'] | CopilotDatabase['history'] | CopilotDatabase['interviewSessions'] | CopilotDatabase['interviewAnswers'],
): Promise<number> {
  const last = await table.orderBy(':id').lastKey();
  return (typeof last === 'number' ? last : 0) + 1;
}

/**
 * Stores a grade: a read-modify-write of the card's latest stored state inside one
 * transaction, so two panels grading the same card each build on the other's review.
 */
export async function saveReview(db: CopilotDatabase, review: GradeToSave): Promise<SavedReview> {
  return db.transaction('rw', db.reviewStates, db.reviewLog, async () => {
    const stored = await db.reviewStates.get(review.cardId);
    const previous = stored ? schedulingStateOf(stored) : null;
    const next = applyGrade(previous ?? undefined, review.grade as GradeValue, review.reviewedAt);
    await db.reviewStates.put({ ...next, cardId: review.cardId, updatedAt: review.reviewedAt });
    const { answerMatched, ...rest } = review;
    const logId = await nextRowId(db.reviewLog);
    await db.reviewLog.add({ ...rest, id: logId, ...(answerMatched === undefined ? {} : { answerMatched }), previous, next });
    return { logId, previous, next };
  });
}

/**
 * Undoes a logged review and returns it. The newest review of a card gives back the exact
 * state from before it; an older one (another panel graded the card since) is removed from
 * the log and the card's state is replayed from what remains.
 */
export async function undoReview(db: CopilotDatabase, logId: number): Promise<ReviewLogRow | undefined> {
  return db.transaction('rw', db.reviewStates, db.reviewLog, async () => {
    const log = await db.reviewLog.get(logId);
    if (!log) return undefined;
    await db.reviewLog.delete(logId);
    const remaining = await db.reviewLog.where('cardId').equals(log.cardId).toArray();
    const newer = remaining.some((row) => row.reviewedAt > log.reviewedAt || (row.reviewedAt === log.reviewedAt && (row.id ?? 0) > logId));
    if (!newer && log.previous !== undefined) {
      if (log.previous === null) await db.reviewStates.delete(log.cardId);
      else await db.reviewStates.put({ ...log.previous, cardId: log.cardId, updatedAt: log.previous.lastReview ?? log.reviewedAt });
    } else {
      await putReplayedState(db, log.cardId, remaining);
    }
    return log;
  });
}

async function putReplayedState(db: CopilotDatabase, cardId: string, rows: readonly ReviewLogRow[]): Promise<void> {
  const state = replayCardLog(rows);
  if (state) await db.reviewStates.put({ ...state, cardId, updatedAt: state.lastReview ?? Date.now() });
  else await db.reviewStates.delete(cardId);
}

/** Compares every stored state with the replay of its log (see utils/review-replay.ts). */
export async function verifyProgress(db: CopilotDatabase): Promise<ProgressMismatch[]> {
  return db.transaction('r', db.reviewStates, db.reviewLog, async () =>
    findLogMismatches(await db.reviewStates.toArray(), await db.reviewLog.toArray()),
  );
}

/**
 * Repairs progress from the review log: every card with a log gets the replayed state, and
 * a stored state the scheduler cannot use is set aside (its card counts as new) rather than
 * breaking the drill. Returns the card ids it changed.
 */
export async function rebuildProgress(db: CopilotDatabase): Promise<string[]> {
  return db.transaction('rw', db.reviewStates, db.reviewLog, async () => {
    const log = await db.reviewLog.toArray();
    const mismatches = findLogMismatches(await db.reviewStates.toArray(), log);
    for (const mismatch of mismatches) {
      if (mismatch.problem === 'invalid-state') await db.reviewStates.delete(mismatch.cardId);
      else await putReplayedState(db, mismatch.cardId, log.filter((row) => row.cardId === mismatch.cardId));
    }
    return mismatches.map((m) => m.cardId);
  });
}

export async function setBookmark(db: CopilotDatabase, cardId: string, bookmarked: boolean, now: number): Promise<void> {
  if (bookmarked) {
    await db.transaction('rw', db.bookmarks, async () => {
      if (!(await db.bookmarks.get(cardId))) await db.bookmarks.put({ cardId, createdAt: now });
    });
  } else {
    await db.bookmarks.delete(cardId);
  }
}

/** Zero-width characters and bidirectional overrides: invisible, or they would show a lookup
 * reversed or blank in History. */
const INVISIBLE_FORMATTING = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/** A lookup as History keeps it: without invisible formatting, trimmed ("" means nothing to keep). */
export function historyText(query: string): string {
  return query.replace(INVISIBLE_FORMATTING, '').trim();
}

/**
 * Adds a lookup to history (the same query as the newest one only moves it up) and keeps the
 * newest HISTORY_LIMIT. `replaces`: a typed query this one extends in the same typing burst
 * (utils/lookup-history.ts); its newest typed entry is removed.
 */
export async function recordLookup(
  db: CopilotDatabase,
  query: string,
  source: HistoryRow['source'],
  at: number,
  replaces?: string,
): Promise<void> {
  const text = historyText(query);
  if (!text) return;
  await db.transaction('rw', db.history, async () => {
    if (replaces !== undefined) {
      const replaced = await db.history
        .orderBy('at')
        .reverse()
        .filter((row) => row.source === 'typed' && row.query === replaces.trim())
        .first();
      if (replaced?.id !== undefined) await db.history.delete(replaced.id);
    }
    const newest = await db.history.orderBy('at').last();
    if (newest?.id !== undefined && newest.query === text) {
      await db.history.update(newest.id, { at, source });
      return;
    }
    await db.history.add({ id: await nextRowId(db.history), query: text, at, source });
    const extra = (await db.history.count()) - HISTORY_LIMIT;
    if (extra > 0) await db.history.orderBy('at').limit(extra).delete();
  });
}

export async function clearHistory(db: CopilotDatabase): Promise<void> {
  await db.history.clear();
}

export async function startInterviewSession(db: CopilotDatabase, scope: string, startedAt: number): Promise<number> {
  return db.transaction('rw', db.interviewSessions, async () => {
    const id = await nextRowId(db.interviewSessions);
    await db.interviewSessions.add({ id, scope, startedAt });
    return id;
  });
}

export async function endInterviewSession(db: CopilotDatabase, sessionId: number, endedAt: number): Promise<void> {
  await db.interviewSessions.update(sessionId, { endedAt });
}

export async function saveInterviewAnswer(db: CopilotDatabase, answer: Omit<InterviewAnswerRow, 'id'>): Promise<number> {
  return db.transaction('rw', db.interviewAnswers, async () => {
    const id = await nextRowId(db.interviewAnswers);
    await db.interviewAnswers.add({ ...answer, id });
    return id;
  });
}

export async function putSetting(db: CopilotDatabase, key: string, value: unknown): Promise<void> {
  await db.settings.put({ key, value });
}

/** Everything the user owns, as stored: what an export file holds. */
export interface UserData {
  userCards: UserCardRow[];
  reviewStates: ReviewStateRow[];
  reviewLog: ReviewLogRow[];
  bookmarks: BookmarkRow[];
  history: HistoryRow[];
  settings: SettingRow[];
  interviewSessions: InterviewSessionRow[];
  interviewAnswers: InterviewAnswerRow[];
}

export async function readUserData(db: CopilotDatabase): Promise<UserData> {
  const tables = [db.userCards, db.reviewStates, db.reviewLog, db.bookmarks, db.history, db.settings, db.interviewSessions, db.interviewAnswers];
  return db.transaction('r', tables, async () => ({
    userCards: await db.userCards.toArray(),
    reviewStates: await db.reviewStates.toArray(),
    reviewLog: await db.reviewLog.toArray(),
    bookmarks: await db.bookmarks.toArray(),
    history: await db.history.toArray(),
    settings: await db.settings.toArray(),
    interviewSessions: await db.interviewSessions.toArray(),
    interviewAnswers: await db.interviewAnswers.toArray(),
  }));
}

/**
 * Replaces everything the user owns with `data`, in one transaction: if any write fails,
 * nothing changes. Progress under former ids then moves to the current cards.
 */
export async function replaceUserData(db: CopilotDatabase, data: UserData, cards: readonly Card[]): Promise<void> {
  const tables = [db.userCards, db.reviewStates, db.reviewLog, db.bookmarks, db.history, db.settings, db.interviewSessions, db.interviewAnswers];
  await db.transaction('rw', tables, async () => {
    for (const table of tables) await table.clear();
    await db.userCards.bulkAdd(data.userCards);
    await db.reviewStates.bulkAdd(data.reviewStates);
    await db.reviewLog.bulkAdd(data.reviewLog);
    await db.bookmarks.bulkAdd(data.bookmarks);
    await db.history.bulkAdd(data.history);
    await db.settings.bulkAdd(data.settings);
    await db.interviewSessions.bulkAdd(data.interviewSessions);
    await db.interviewAnswers.bulkAdd(data.interviewAnswers);
    await moveProgressFromFormerIds(db, cards);
    await rebuildProgress(db);
  });
}
