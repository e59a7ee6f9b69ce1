import Dexie, { type DexieOptions, type EntityTable } from 'dexie';
import type { Card, KnowledgeBase } from '../knowledge/schema';

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

/** Scheduling state of one card; kept by card id even when the card leaves the knowledge base. */
export interface ReviewStateRow {
  cardId: string;
  due: number;
  updatedAt: number;
  [field: string]: unknown;
}

export interface ReviewLogRow {
  id?: number;
  cardId: string;
  reviewedAt: number;
  grade: number;
  [field: string]: unknown;
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
};

/** The tables the user owns: seeding never writes to them. */
export const USER_TABLES = ['userCards', 'reviewStates', 'reviewLog', 'bookmarks', 'history', 'settings'] as const;

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
  return db;
}

const KNOWLEDGE_BASE_VERSION_KEY = 'knowledgeBaseVersion';

export interface SeedResult {
  /** True when the shipped cards were (re)written because the version changed. */
  seeded: boolean;
  previousVersion?: string;
  version: string;
  cardCount: number;
}

/** Replaces the shipped cards when the knowledge base version differs from the stored one. */
export async function seedShippedCards(db: CopilotDatabase, knowledgeBase: KnowledgeBase): Promise<SeedResult> {
  return db.transaction('rw', db.meta, db.shippedCards, async () => {
    const stored = await db.meta.get(KNOWLEDGE_BASE_VERSION_KEY);
    if (stored?.value === knowledgeBase.version) {
      return { seeded: false, previousVersion: stored.value, version: knowledgeBase.version, cardCount: await db.shippedCards.count() };
    }
    await db.shippedCards.clear();
    await db.shippedCards.bulkPut(knowledgeBase.cards);
    await db.meta.put({ key: KNOWLEDGE_BASE_VERSION_KEY, value: knowledgeBase.version });
    return {
      seeded: true,
      ...(stored ? { previousVersion: stored.value } : {}),
      version: knowledgeBase.version,
      cardCount: knowledgeBase.cards.length,
    };
  });
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
    return { status: 'ready', db, seed };
  } catch (error) {
    db.close();
    return { status: 'unavailable', reason: describeStorageError(error) };
  }
}

function describeStorageError(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const inner = (error as { inner?: { name?: string } } | undefined)?.inner?.name ?? '';
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') return 'The browser storage is full.';
  if (name === 'MissingAPIError' || inner === 'MissingAPIError') return 'IndexedDB is not available in this browser profile.';
  return `The database could not be opened (${error instanceof Error ? error.message : String(error)}).`;
}
