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

type StorageChanges = Record<string, { newValue?: unknown }>;

/** `storage.session` with its change event, as the panel receives lookups. */
export interface WatchableSessionStore extends SessionStore {
  onChanged: {
    addListener(listener: (changes: StorageChanges) => void): void;
    removeListener(listener: (changes: StorageChanges) => void): void;
  };
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

/** Reads and removes the pending lookup, if any (each lookup is shown once). The removal is
 * issued before it returns, not waited for: the storage applies calls in order. */
export async function takePendingLookup(store: SessionStore): Promise<PendingLookup | undefined> {
  const value = (await store.get(PENDING_LOOKUP_KEY))[PENDING_LOOKUP_KEY];
  if (value === undefined) return undefined;
  void store.remove(PENDING_LOOKUP_KEY).catch(() => undefined);
  return isPendingLookup(value) ? value : undefined;
}

/**
 * Every selection handed to one panel, each once, from the moment the panel's script starts.
 * It listens for new lookups before it reads the one already waiting, so a selection made
 * while the panel is starting is neither missed nor left in storage for a later panel to
 * show as if it were new. Lookups are kept until the app subscribes (after the cards load).
 */
export class PendingLookupReceiver {
  /** Settles once the lookup waiting at start-up (if any) has been read. */
  readonly ready: Promise<void>;
  private readonly buffered: PendingLookup[] = [];
  private readonly delivered = new Set<string>();
  private listener: ((lookup: PendingLookup) => void) | undefined;

  constructor(private readonly store: WatchableSessionStore) {
    store.onChanged.addListener(this.onChanged);
    this.ready = takePendingLookup(store).then(
      (waiting) => waiting && this.deliver(waiting),
      () => undefined,
    );
  }

  /** The lookups received and not yet handed on, oldest first, and forgets them. */
  takeReceived(): PendingLookup[] {
    return this.buffered.splice(0);
  }

  /** Hands every later lookup to `listener` (one at a time: a new subscription replaces the last). */
  subscribe(listener: (lookup: PendingLookup) => void): () => void {
    this.listener = listener;
    for (const lookup of this.takeReceived()) listener(lookup);
    return () => {
      if (this.listener === listener) this.listener = undefined;
    };
  }

  /** Stops listening (the panel is closing). */
  close(): void {
    this.store.onChanged.removeListener(this.onChanged);
  }

  private readonly onChanged = (changes: StorageChanges) => {
    const value = changes[PENDING_LOOKUP_KEY]?.newValue;
    if (!isPendingLookup(value)) return;
    // Every open panel follows the selection; the first to see it clears it from storage.
    this.deliver(value);
    void this.store.remove(PENDING_LOOKUP_KEY).catch(() => undefined);
  };

  private deliver(lookup: PendingLookup): void {
    // The waiting lookup can also arrive as a change event (written just as the panel started).
    const key = `${lookup.requestedAt}:${lookup.source}:${lookup.text}`;
    if (this.delivered.has(key)) return;
    this.delivered.add(key);
    if (this.listener) this.listener(lookup);
    else this.buffered.push(lookup);
  }
}
