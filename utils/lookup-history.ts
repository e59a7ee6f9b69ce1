/**
 * When a typed query becomes a lookup in history. Typing "gather vs wait" passes through
 * "gath" and "gather vs": history keeps what the user settled on, once.
 *
 * - A query settles when typing pauses for TYPED_QUERY_SETTLE_MS, on Enter, on opening a
 *   result, or when the search box loses focus or the panel is left. Settling the same text
 *   again records nothing.
 * - Within one typing burst (from the first key until the box is cleared or its text is
 *   replaced from elsewhere: a selection, an example, a history entry), a settled query
 *   that extends the one recorded before it replaces that one: "gath" recorded after a
 *   pause, then "gather vs wait" settled, leaves only "gather vs wait".
 */


/** A pause in typing this long settles the query: longer than the pauses inside a word or
 * between words of one query (the "gath" / "gather vs" were stored after 1 s). */
export const TYPED_QUERY_SETTLE_MS = 1500;

export type SettleReason = 'pause' | 'enter' | 'open' | 'blur' | 'leave';

export interface TypedQuerySettlerOptions {
  /** Records a settled query; `replaces` is the query of this burst it extends (to be removed). */
  record(query: string, replaces: string | undefined): void;
  settleMs?: number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

const normalized = (query: string) => query.trim().replace(/\s+/g, ' ').toLowerCase();

/** Whether `later` extends `earlier` (same start, more text): "gath" → "gather vs wait". */
export function extendsQuery(later: string, earlier: string): boolean {
  const a = normalized(later);
  const b = normalized(earlier);
  return a.length > b.length && a.startsWith(b);
}

export class TypedQuerySettler {
  private pending: string | undefined;
  private recordedInBurst: string | undefined;
  private timer: unknown;
  private readonly settleMs: number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(private readonly options: TypedQuerySettlerOptions) {
    this.settleMs = options.settleMs ?? TYPED_QUERY_SETTLE_MS;
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  }

  /** The user changed the box's text by typing. An emptied box ends the burst. */
  typed(query: string): void {
    this.cancelTimer();
    if (!query.trim()) {
      this.endBurst();
      return;
    }
    this.pending = query;
    this.timer = this.setTimer(() => this.settle('pause'), this.settleMs);
  }

  /** The query is final for now (Enter, a result opened, focus left, the panel hidden). */
  settle(_reason: SettleReason): void {
    this.cancelTimer();
    const query = this.pending?.trim();
    this.pending = undefined;
    if (!query || (this.recordedInBurst !== undefined && normalized(query) === normalized(this.recordedInBurst))) return;
    const replaces = this.recordedInBurst !== undefined && extendsQuery(query, this.recordedInBurst) ? this.recordedInBurst : undefined;
    this.recordedInBurst = query;
    this.options.record(query, replaces);
  }

  /** The box's text was replaced from elsewhere or cleared: what follows is a new burst. Unsettled typing is dropped. */
  endBurst(): void {
    this.cancelTimer();
    this.pending = undefined;
    this.recordedInBurst = undefined;
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
  }
}
