import { z } from 'zod';
import { CardSchema, type Card } from '../knowledge/schema';
import type { UserData } from './database';
import { DAILY_NEW_LIMIT_KEY, HISTORY_LIMIT } from './database';
import { MAX_DAILY_NEW_LIMIT } from './drill';
import { DEFAULT_SEARCH_OPTIONS } from './search/options';

/** Lookups are stored cut to the search's bound (utils/pending-lookup.ts). */
const MAX_LOOKUP_CHARS = DEFAULT_SEARCH_OPTIONS.maxQueryChars;

/**
 * The export file: everything the user owns in one JSON document. Import validates the
 * whole file before anything is written (utils/database.ts replaceUserData then applies
 * it in one transaction), so a bad file changes nothing.
 */

export const BACKUP_FORMAT = 'asyncio-copilot-backup';
export const BACKUP_VERSION = 1;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const timestamp = z.number().int('must be a whole number of milliseconds').nonnegative('must not be negative');
const count = z.number().int('must be a whole number').nonnegative('must not be negative');
const cardId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a kebab-case card id');

const SchedulingStateSchema = z
  .object({
    due: timestamp,
    stability: finite,
    difficulty: finite,
    elapsedDays: finite,
    scheduledDays: finite,
    learningSteps: count,
    reps: count,
    lapses: count,
    state: z.number().int().min(0).max(3, 'must be 0 (new), 1 (learning), 2 (review) or 3 (relearning)'),
    lastReview: timestamp.optional(),
  })
  .strict();

const ReviewStateSchema = SchedulingStateSchema.extend({ cardId, updatedAt: timestamp }).strict();

const ReviewLogSchema = z
  .object({
    id: z.number().int().positive('must be a positive whole number'),
    cardId,
    reviewedAt: timestamp,
    grade: z.number().int().min(1, 'must be 1 (Again) to 4 (Easy)').max(4, 'must be 1 (Again) to 4 (Easy)'),
    mode: z.enum(['recall', 'output']),
    answerMatched: z.boolean().optional(),
    previous: SchedulingStateSchema.nullable().optional(),
    next: SchedulingStateSchema.optional(),
  })
  .strict();

const BookmarkSchema = z.object({ cardId, createdAt: timestamp }).strict();

const HistorySchema = z
  .object({
    id: z.number().int().positive('must be a positive whole number'),
    query: z.string().trim().min(1, 'must not be empty').max(MAX_LOOKUP_CHARS, `must be at most ${MAX_LOOKUP_CHARS} characters`),
    at: timestamp,
    source: z.enum(['typed', 'selection']),
  })
  .strict();

const SettingSchema = z.discriminatedUnion('key', [
  z.object({ key: z.literal(DAILY_NEW_LIMIT_KEY), value: z.number().int().min(0).max(MAX_DAILY_NEW_LIMIT) }).strict(),
]);

const UserCardSchema = CardSchema.extend({ createdAt: timestamp }).strict();

export const BackupSchema = z
  .object({
    format: z.literal(BACKUP_FORMAT),
    version: z.literal(BACKUP_VERSION),
    exportedAt: z.iso.datetime(),
    /** The knowledge-base version of the exporting profile (informational). */
    knowledgeBaseVersion: z.string(),
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
      })
      .strict(),
  })
  .strict();

export type BackupFile = z.infer<typeof BackupSchema>;

/** Card ids the knowledge base knows: current ids and former ids of renamed cards. */
export function knownCardIds(cards: readonly Card[]): Set<string> {
  return new Set(cards.flatMap((card) => [card.id, ...(card.formerIds ?? [])]));
}

function referencedCardIds(data: UserData): string[] {
  return [...data.reviewStates, ...data.reviewLog, ...data.bookmarks].map((row) => row.cardId);
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
};

/** "review log entry 3 (reviewLog[2]), field grade" from a zod path. */
function describePath(path: readonly PropertyKey[]): string {
  if (path[0] === 'data' && typeof path[1] === 'string' && typeof path[2] === 'number') {
    const [, table, index, ...rest] = path;
    const entry = `${TABLE_ENTRY_NAMES[table] ?? table} ${index + 1} (${table}[${index}])`;
    return rest.length ? `${entry}, field "${rest.map(String).join('.')}"` : entry;
  }
  return path.length ? `field "${path.map(String).join('.')}"` : 'the file';
}

const MAX_PROBLEMS = 8;

/** Checks a whole backup file's text: JSON, format, version, every field, and that every card id is known. */
export function checkBackup(text: string, cards: readonly Card[]): BackupCheck {
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
    return { ok: false, problems: [`The file is not an asyncio Copilot backup (its "format" is ${JSON.stringify(head.format) ?? 'missing'}, expected "${BACKUP_FORMAT}").`] };
  }
  if (head.version !== BACKUP_VERSION) {
    return {
      ok: false,
      problems: [`The backup is version ${JSON.stringify(head.version) ?? '(missing)'}; this version of the extension reads version ${BACKUP_VERSION}.`],
    };
  }
  const parsed = BackupSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${describePath(issue.path)}: ${issue.message}`);
    return { ok: false, problems: limitProblems(problems) };
  }
  const backup = parsed.data;
  const problems: string[] = [];
  const known = knownCardIds(cards);
  for (const card of backup.data.userCards) known.add(card.id);
  for (const id of backup.retiredCardIds) known.add(id);
  const checkCard = (table: 'reviewStates' | 'reviewLog' | 'bookmarks') =>
    backup.data[table].forEach((row, index) => {
      if (!known.has(row.cardId)) problems.push(`${describePath(['data', table, index])}: card "${row.cardId}" is not in the knowledge base`);
    });
  checkCard('reviewStates');
  checkCard('reviewLog');
  checkCard('bookmarks');
  const checkUnique = <T>(table: keyof UserData, rows: readonly T[], keyOf: (row: T) => string | number, what: string) => {
    const seen = new Set<string | number>();
    rows.forEach((row, index) => {
      const key = keyOf(row);
      if (seen.has(key)) problems.push(`${describePath(['data', table, index])}: ${what} ${JSON.stringify(key)} appears twice`);
      seen.add(key);
    });
  };
  checkUnique('userCards', backup.data.userCards, (row) => row.id, 'card id');
  checkUnique('reviewStates', backup.data.reviewStates, (row) => row.cardId, 'card');
  checkUnique('reviewLog', backup.data.reviewLog, (row) => row.id, 'id');
  checkUnique('bookmarks', backup.data.bookmarks, (row) => row.cardId, 'card');
  checkUnique('history', backup.data.history, (row) => row.id, 'id');
  checkUnique('settings', backup.data.settings, (row) => row.key, 'key');
  if (problems.length) return { ok: false, problems: limitProblems(problems) };
  return { ok: true, backup, data: backup.data as UserData };
}

function limitProblems(problems: string[]): string[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [...problems.slice(0, MAX_PROBLEMS), `…and ${problems.length - MAX_PROBLEMS} more problems.`];
}
