import { z } from 'zod';
import { CardSchema, type Card } from '../knowledge/schema';
import type { UserData } from './database';
import { DAILY_NEW_LIMIT_KEY, HISTORY_LIMIT, INTERVIEW_DATE_KEY, SYNC_ENABLED_KEY } from './database';
import { DRILL_MODES, MAX_DAILY_NEW_LIMIT } from './drill';
import { interviewDayProblem } from './interview-date';
import { inReviewOrder, isUsableSchedulingState, MAX_DATE_MS, MAX_DIFFICULTY, MAX_STABILITY_DAYS, MIN_DIFFICULTY } from './review-replay';
import { DEFAULT_SEARCH_OPTIONS } from './search/options';

/** Lookups are stored cut to the search's bound (utils/pending-lookup.ts). */
const MAX_LOOKUP_CHARS = DEFAULT_SEARCH_OPTIONS.maxQueryChars;
/** The interview answer box's limit (components/interview). */
export const MAX_INTERVIEW_ANSWER_CHARS = 5000;

/**
 * The export file: everything the user owns in one JSON document. Import validates the
 * whole file before anything is written (utils/database.ts replaceUserData then applies
 * it in one transaction), so a bad file changes nothing.
 */

export const BACKUP_FORMAT = 'asyncio-copilot-backup';
export const BACKUP_VERSION = 1;

/** A clock a day ahead of ours is still believed; a later time is a corrupt value. */
export const MAX_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;

/**
 * The schema is built per check, because "not in the future" depends on the time of the
 * import. Every number the scheduler and the views use is range-checked here, so nothing an
 * import accepts can later blank a view (an invalid memory state, an invalid date).
 */
function backupSchema(now: number) {
  const finite = z.number().refine(Number.isFinite, 'must be a finite number');
  const wholeCount = (max: number) =>
    z.number().int('must be a whole number').nonnegative('must not be negative').max(max, `must be at most ${max}`);
  /** A moment that has happened: whole milliseconds inside the Date range, not after now (+ skew). */
  const pastTime = z
    .number()
    .int('must be a whole number of milliseconds')
    .nonnegative('must not be negative')
    .max(Math.min(MAX_DATE_MS, now + MAX_CLOCK_SKEW_MS), 'must not be in the future');
  /** A due date may lie ahead, but inside the Date range. */
  const anyTime = z.number().int('must be a whole number of milliseconds').nonnegative('must not be negative').max(MAX_DATE_MS, 'must be a valid date');
  const days = finite.pipe(z.number().nonnegative('must not be negative').max(MAX_STABILITY_DAYS, `must be at most ${MAX_STABILITY_DAYS} days`));
  const rowId = z.number().int('must be a whole number').positive('must be positive').max(Number.MAX_SAFE_INTEGER, 'must be a safe integer');

  const stateShape = z
    .object({
      due: anyTime,
      stability: days,
      difficulty: finite.pipe(z.number().min(0, 'must not be negative').max(MAX_DIFFICULTY, `must be at most ${MAX_DIFFICULTY}`)),
      elapsedDays: days,
      scheduledDays: days,
      learningSteps: wholeCount(100),
      reps: wholeCount(1_000_000),
      lapses: wholeCount(1_000_000),
      state: z.number().int().min(0).max(3, 'must be 0 (new), 1 (learning), 2 (review) or 3 (relearning)'),
      lastReview: pastTime.optional(),
    })
    .strict();
  const usable = {
    message: `is not a state the scheduler can use (a reviewed card needs stability above 0 and difficulty from ${MIN_DIFFICULTY} to ${MAX_DIFFICULTY})`,
  };
  const SchedulingStateSchema = stateShape.refine(isUsableSchedulingState, usable);
  const ReviewStateSchema = stateShape.extend({ cardId, updatedAt: pastTime }).strict().refine(isUsableSchedulingState, usable);

  const ReviewLogSchema = z
    .object({
      id: rowId,
      cardId,
      reviewedAt: pastTime,
      grade: z.number().int().min(1, 'must be 1 (Again) to 4 (Easy)').max(4, 'must be 1 (Again) to 4 (Easy)'),
      mode: z.enum(DRILL_MODES),
      answerMatched: z.boolean().optional(),
      previous: SchedulingStateSchema.nullable().optional(),
      next: SchedulingStateSchema.optional(),
    })
    .strict();

  const BookmarkSchema = z.object({ cardId, createdAt: pastTime }).strict();

  const HistorySchema = z
    .object({
      id: rowId,
      query: z.string().trim().min(1, 'must not be empty').max(MAX_LOOKUP_CHARS, `must be at most ${MAX_LOOKUP_CHARS} characters`),
      at: pastTime,
      source: z.enum(['typed', 'selection']),
    })
    .strict();

  /** An interview day: a real calendar day, not absurdly far ahead; one that has passed is kept (the file may be old). */
  const interviewDay = z.string().superRefine((day, context) => {
    const problem = interviewDayProblem(day, now, 'allowed');
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });
  const SettingSchema = z.discriminatedUnion('key', [
    z.object({ key: z.literal(DAILY_NEW_LIMIT_KEY), value: z.number().int().min(0).max(MAX_DAILY_NEW_LIMIT) }).strict(),
    z.object({ key: z.literal(SYNC_ENABLED_KEY), value: z.boolean() }).strict(),
    // null: the date was cleared.
    z.object({ key: z.literal(INTERVIEW_DATE_KEY), value: interviewDay.nullable() }).strict(),
  ]);

  const InterviewSessionSchema = z
    .object({
      id: rowId,
      startedAt: pastTime,
      scope: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
      endedAt: pastTime.optional(),
    })
    .strict()
    .refine((row) => row.endedAt === undefined || row.endedAt >= row.startedAt, 'must not end before it started');
  const InterviewAnswerSchema = z
    .object({
      id: rowId,
      sessionId: rowId,
      cardId,
      question: z.string().trim().min(1, 'must not be empty').max(1000, 'must be at most 1000 characters'),
      answer: z.string().max(MAX_INTERVIEW_ANSWER_CHARS, `must be at most ${MAX_INTERVIEW_ANSWER_CHARS} characters`),
      coverage: z.array(z.enum(['covered', 'partial', 'missed'])).min(1, 'needs a coverage per point').max(20, 'must be at most 20 points'),
      grade: z.number().int().min(1, 'must be 1 (Again) to 4 (Easy)').max(4, 'must be 1 (Again) to 4 (Easy)').optional(),
      depth: z.number().int().min(0).max(3, 'must be 0 to 3'),
      answeredAt: pastTime,
    })
    .strict();

  const UserCardSchema = CardSchema.extend({ createdAt: pastTime }).strict();

  return z
    .object({
      format: z.literal(BACKUP_FORMAT),
      version: z.literal(BACKUP_VERSION),
      exportedAt: z.iso.datetime(),
      /** The knowledge-base version of the exporting profile (informational). */
      knowledgeBaseVersion: z.string().max(64, 'must be at most 64 characters'),
      /** Card ids the user has progress for that the exporting knowledge base no longer has:
       * kept aside there, so they are accepted (and kept aside) here too. */
      retiredCardIds: z.array(cardId),
      data: z
        .object({
          userCards: z.array(UserCardSchema),
          reviewStates: z.array(ReviewStateSchema),
          reviewLog: z.array(ReviewLogSchema),
          bookmarks: z.array(BookmarkSchema),
          history: z.array(HistorySchema).max(HISTORY_LIMIT, `must hold at most ${HISTORY_LIMIT} lookups`),
          settings: z.array(SettingSchema),
          // Files exported before Interview mode have no interview tables: they hold none.
          interviewSessions: z.array(InterviewSessionSchema).default([]),
          interviewAnswers: z.array(InterviewAnswerSchema).default([]),
        })
        .strict(),
    })
    .strict();
}

const cardId = z.string().max(120, 'must be at most 120 characters').regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a kebab-case card id');

/** The export file's schema, as it stands at this moment. */
export const BackupSchema = backupSchema(Date.now());

export type BackupFile = z.infer<typeof BackupSchema>;

/** Card ids the knowledge base knows: current ids and former ids of renamed cards. */
export function knownCardIds(cards: readonly Card[]): Set<string> {
  return new Set(cards.flatMap((card) => [card.id, ...(card.formerIds ?? [])]));
}

function referencedCardIds(data: UserData): string[] {
  return [...data.reviewStates, ...data.reviewLog, ...data.bookmarks, ...data.interviewAnswers].map((row) => row.cardId);
}

export function createBackup(data: UserData, cards: readonly Card[], knowledgeBaseVersion: string, now: number): BackupFile {
  const known = knownCardIds(cards);
  for (const card of data.userCards) known.add(card.id);
  const retired = [...new Set(referencedCardIds(data).filter((id) => !known.has(id)))].sort();
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: new Date(now).toISOString(),
    knowledgeBaseVersion,
    retiredCardIds: retired,
    data: data as BackupFile['data'],
  };
}

export function backupFileName(now: number): string {
  return `asyncio-copilot-backup-${new Date(now).toISOString().slice(0, 10)}.json`;
}

export type BackupCheck = { ok: true; backup: BackupFile; data: UserData } | { ok: false; problems: string[] };

const TABLE_ENTRY_NAMES: Record<string, string> = {
  userCards: 'user card',
  reviewStates: 'review state',
  reviewLog: 'review log entry',
  bookmarks: 'bookmark',
  history: 'history entry',
  settings: 'setting',
  interviewSessions: 'interview session',
  interviewAnswers: 'interview answer',
};

/** "review log entry 3 (reviewLog[2]), field grade" from a zod path (a deep path is cut). */
function describePath(path: readonly PropertyKey[]): string {
  const field = (parts: readonly PropertyKey[]) => {
    const shown = parts.slice(0, 3).map((part) => excerpt(String(part), 30));
    return `field "${shown.join('.')}${parts.length > 3 ? '.…' : ''}"`;
  };
  if (path[0] === 'data' && typeof path[1] === 'string' && typeof path[2] === 'number') {
    const [, table, index, ...rest] = path;
    const entry = `${TABLE_ENTRY_NAMES[table] ?? excerpt(table, 30)} ${index + 1} (${excerpt(table, 30)}[${index}])`;
    return rest.length ? `${entry}, ${field(rest)}` : entry;
  }
  return path.length ? field(path) : 'the file';
}

/** At most this many problems are listed, each at most MAX_PROBLEM_CHARS long: a message never echoes a file. */
const MAX_PROBLEMS = 8;
export const MAX_PROBLEM_CHARS = 200;

/** A value as a short quote: a 5 MB field is shown by its first few characters. */
function excerpt(text: string, max = 40): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function quote(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'string') return JSON.stringify(excerpt(value));
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  return excerpt(String(value));
}

/** Checks a whole backup file's text: JSON, format, version, every field, and that every card id is known. */
export function checkBackup(text: string, cards: readonly Card[], now = Date.now()): BackupCheck {
  const result = checkBackupText(text, cards, now);
  return result.ok ? result : { ok: false, problems: limitProblems(result.problems) };
}

function checkBackupText(text: string, cards: readonly Card[], now: number): BackupCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`The file is not JSON (${(error as Error).message}).`] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, problems: ['The file is JSON but not an asyncio Copilot backup (expected an object).'] };
  }
  const head = json as { format?: unknown; version?: unknown };
  if (head.format !== BACKUP_FORMAT) {
    return { ok: false, problems: [`The file is not an asyncio Copilot backup (its "format" is ${quote(head.format)}, expected "${BACKUP_FORMAT}").`] };
  }
  if (head.version !== BACKUP_VERSION) {
    return {
      ok: false,
      problems: [`The backup is version ${quote(head.version)}; this version of the extension reads version ${BACKUP_VERSION}.`],
    };
  }
  const parsed = backupSchema(now).safeParse(json);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => `${describePath(issue.path)}: ${issue.message}`) };
  }
  const backup = parsed.data;
  const problems: string[] = [];
  const known = knownCardIds(cards);
  for (const card of backup.data.userCards) known.add(card.id);
  for (const id of backup.retiredCardIds) known.add(id);
  const checkCard = (table: 'reviewStates' | 'reviewLog' | 'bookmarks' | 'interviewAnswers') =>
    backup.data[table].forEach((row, index) => {
      if (!known.has(row.cardId)) problems.push(`${describePath(['data', table, index])}: card ${quote(row.cardId)} is not in the knowledge base`);
    });
  checkCard('reviewStates');
  checkCard('reviewLog');
  checkCard('bookmarks');
  checkCard('interviewAnswers');
  const sessionIds = new Set(backup.data.interviewSessions.map((row) => row.id));
  backup.data.interviewAnswers.forEach((row, index) => {
    if (!sessionIds.has(row.sessionId)) problems.push(`${describePath(['data', 'interviewAnswers', index])}: session ${row.sessionId} is not in the file`);
  });
  const checkUnique = <T>(table: keyof UserData, rows: readonly T[], keyOf: (row: T) => string | number, what: string) => {
    const seen = new Set<string | number>();
    rows.forEach((row, index) => {
      const key = keyOf(row);
      if (seen.has(key)) problems.push(`${describePath(['data', table, index])}: ${what} ${quote(key)} appears twice`);
      seen.add(key);
    });
  };
  checkUnique('userCards', backup.data.userCards, (row) => row.id, 'card id');
  checkUnique('reviewStates', backup.data.reviewStates, (row) => row.cardId, 'card');
  checkUnique('reviewLog', backup.data.reviewLog, (row) => row.id, 'id');
  checkUnique('bookmarks', backup.data.bookmarks, (row) => row.cardId, 'card');
  checkUnique('history', backup.data.history, (row) => row.id, 'id');
  checkUnique('settings', backup.data.settings, (row) => row.key, 'key');
  checkUnique('interviewSessions', backup.data.interviewSessions, (row) => row.id, 'id');
  checkUnique('interviewAnswers', backup.data.interviewAnswers, (row) => row.id, 'id');
  if (problems.length) return { ok: false, problems };
  return { ok: true, backup, data: renumberRows(backup.data as UserData) };
}

/**
 * The imported review log and history get fresh ids 1…n in the order they happened, so no
 * file can push IndexedDB's key generator to its end (an id of 2^53 - 1 would make every
 * later review fail to save).
 */
function renumberRows(data: UserData): UserData {
  return {
    ...data,
    reviewLog: inReviewOrder(data.reviewLog).map((row, i) => ({ ...row, id: i + 1 })),
    history: [...data.history].sort((a, b) => a.at - b.at || (a.id ?? 0) - (b.id ?? 0)).map((row, i) => ({ ...row, id: i + 1 })),
  };
}

function limitProblems(problems: string[]): string[] {
  const clipped = problems.map((problem) => excerpt(problem, MAX_PROBLEM_CHARS));
  if (clipped.length <= MAX_PROBLEMS) return clipped;
  return [...clipped.slice(0, MAX_PROBLEMS), `…and ${clipped.length - MAX_PROBLEMS} more problems.`];
}
