import { boundQuery } from './search';

/**
 * Hands a selection from the background (context menu, keyboard command) to the side panel.
 * It goes through `storage.session`, so it reaches the panel whether the panel was already
 * open or opens a moment later, and it survives a service-worker restart.
 */

export const PENDING_LOOKUP_KEY = 'pendingLookup';

export type LookupSource = 'context-menu' | 'command';

export interface PendingLookup {
  /** The selected text, cut to the search bound (a 1 MB selection is never stored whole). */
  text: string;
  truncated: boolean;
  source: LookupSource;
  requestedAt: number;
  /** Why no text could be read (a browser page that extensions cannot script, say). */
  problem?: string;
}

/** The part of `storage.session` this module needs (so tests can pass a fake). */
export interface SessionStore {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export function createPendingLookup(selection: string | undefined, source: LookupSource, problem?: string, now = Date.now()): PendingLookup {
  const { text, truncated } = boundQuery(selection ?? '');
  return { text, truncated, source, requestedAt: now, ...(problem ? { problem } : {}) };
}

export async function savePendingLookup(store: SessionStore, lookup: PendingLookup): Promise<void> {
  await store.set({ [PENDING_LOOKUP_KEY]: lookup });
}

export function isPendingLookup(value: unknown): value is PendingLookup {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.text === 'string' &&
    typeof v.truncated === 'boolean' &&
    (v.source === 'context-menu' || v.source === 'command') &&
    typeof v.requestedAt === 'number' &&
    (v.problem === undefined || typeof v.problem === 'string')
  );
}

/** Reads and removes the pending lookup, if any (each lookup is shown once). */
export async function takePendingLookup(store: SessionStore): Promise<PendingLookup | undefined> {
  const value = (await store.get(PENDING_LOOKUP_KEY))[PENDING_LOOKUP_KEY];
  if (value === undefined) return undefined;
  await store.remove(PENDING_LOOKUP_KEY);
  return isPendingLookup(value) ? value : undefined;
}
