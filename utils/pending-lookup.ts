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
  /** Set on the stored copy once a panel has shown it; it stays stored until its history row
   * is written, so a panel closed before that leaves it for the next one to record. */
  shown?: true;
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
    (v.problem === undefined || typeof v.problem === 'string') &&
    (v.shown === undefined || v.shown === true)
  );
}

/** The stored copy of a lookup a panel has shown: kept until its history row is written. */
function shownCopy(lookup: PendingLookup): PendingLookup {
  return { ...lookup, shown: true };
}

function withoutMark({ shown: _shown, ...lookup }: PendingLookup): PendingLookup {
  return lookup;
}

const sameLookup = (a: PendingLookup, b: PendingLookup) => a.requestedAt === b.requestedAt && a.source === b.source && a.text === b.text;

/**
 * Reads the waiting lookup, if any. A new one is marked shown in storage rather than removed
 * (each lookup is shown once), so that it stays there until its history row is written
 * (`forgetRecordedLookup`): a panel closed before its database opened leaves it for the next
 * panel to record. The mark is issued before this returns, not waited for: the storage
 * applies calls in order. A malformed value is removed.
 */
export async function takePendingLookup(store: SessionStore): Promise<PendingLookup | undefined> {
  const value = (await store.get(PENDING_LOOKUP_KEY))[PENDING_LOOKUP_KEY];
  if (value === undefined) return undefined;
  if (!isPendingLookup(value)) {
    void store.remove(PENDING_LOOKUP_KEY).catch(() => undefined);
    return undefined;
  }
  if (!value.shown) void store.set({ [PENDING_LOOKUP_KEY]: shownCopy(value) }).catch(() => undefined);
  return value;
}

/** Removes the stored lookup once its history row is written, unless a newer one has replaced it. */
export async function forgetRecordedLookup(store: SessionStore, lookup: PendingLookup): Promise<void> {
  const value = (await store.get(PENDING_LOOKUP_KEY))[PENDING_LOOKUP_KEY];
  if (isPendingLookup(value) && sameLookup(value, lookup)) await store.remove(PENDING_LOOKUP_KEY);
}

/** How the panel's app receives selections and reports them written to history. */
export interface LookupInbox {
  /** Hands every later lookup to `listener` (one at a time: a new subscription replaces the last). */
  subscribe(listener: (lookup: PendingLookup) => void): () => void;
  /** Lookups an earlier panel showed whose history row never landed (it closed first): to be
   * recorded, not shown again. Each is returned once. */
  takeUnrecorded(): PendingLookup[];
  /** The lookup's history row is written (or it had no text): storage no longer keeps it. */
  recorded(lookup: PendingLookup): void;
}

/**
 * Every selection handed to one panel, each once, from the moment the panel's script starts.
 * It listens for new lookups before it reads the one already waiting, so a selection made
 * while the panel is starting is neither missed nor shown again by a later panel as if it
 * were new. Lookups are kept until the app subscribes (after the cards load).
 */
export class PendingLookupReceiver implements LookupInbox {
  /** Settles once the lookup waiting at start-up (if any) has been read. */
  readonly ready: Promise<void>;
  private readonly buffered: PendingLookup[] = [];
  private readonly unrecorded: PendingLookup[] = [];
  private readonly delivered = new Set<string>();
  private listener: ((lookup: PendingLookup) => void) | undefined;

  constructor(private readonly store: WatchableSessionStore) {
    store.onChanged.addListener(this.onChanged);
    this.ready = takePendingLookup(store).then(
      (waiting) => {
        if (!waiting) return;
        if (waiting.shown) this.unrecorded.push(withoutMark(waiting));
        else this.deliver(waiting);
      },
      () => undefined,
    );
  }

  /** The lookups received and not yet handed on, oldest first, and forgets them. */
  takeReceived(): PendingLookup[] {
    return this.buffered.splice(0);
  }

  takeUnrecorded(): PendingLookup[] {
    return this.unrecorded.splice(0);
  }

  subscribe(listener: (lookup: PendingLookup) => void): () => void {
    this.listener = listener;
    for (const lookup of this.takeReceived()) listener(lookup);
    return () => {
      if (this.listener === listener) this.listener = undefined;
    };
  }

  recorded(lookup: PendingLookup): void {
    void forgetRecordedLookup(this.store, lookup).catch(() => undefined);
  }

  /** Stops listening (the panel is closing). */
  close(): void {
    this.store.onChanged.removeListener(this.onChanged);
  }

  private readonly onChanged = (changes: StorageChanges) => {
    const value = changes[PENDING_LOOKUP_KEY]?.newValue;
    // A shown copy is a panel's mark (this one's or another window's), not a new selection.
    if (!isPendingLookup(value) || value.shown) return;
    // Every open panel follows the selection and marks it shown.
    this.deliver(value);
    void this.store.set({ [PENDING_LOOKUP_KEY]: shownCopy(value) }).catch(() => undefined);
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
