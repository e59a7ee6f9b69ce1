import { describe, expect, it } from 'vitest';
import { extendsQuery, TYPED_QUERY_SETTLE_MS, TypedQuerySettler } from '../../utils/lookup-history';

/** A settler on a hand-driven clock: `advance(ms)` fires the timers that fall due. */
function harness() {
  let now = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  let nextId = 1;
  const history: string[] = [];
  const settler = new TypedQuerySettler({
    record(query, replaces) {
      if (replaces !== undefined) history.splice(history.indexOf(replaces), 1);
      history.unshift(query);
    },
    setTimer(run, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, run });
      return id;
    },
    clearTimer: (id) => void timers.delete(id as number),
  });
  /** Types `text` one character at a time, `gapMs` apart, starting from `from`. */
  const type = (text: string, gapMs = 120, from = '') => {
    for (let i = from.length + 1; i <= text.length; i++) {
      advance(gapMs);
      settler.typed(text.slice(0, i));
    }
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [id, timer] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at <= now) {
        timers.delete(id);
        timer.run();
      }
    }
  };
  return { settler, history, type, advance };
}

describe('typed lookups in history', () => {
  it('records a query once when typing pauses, not at every keystroke', () => {
    const { history, type, advance } = harness();
    type('gather vs wait');
    expect(history).toEqual([]);
    advance(TYPED_QUERY_SETTLE_MS);
    expect(history).toEqual(['gather vs wait']);
    advance(10 * TYPED_QUERY_SETTLE_MS);
    expect(history).toEqual(['gather vs wait']);
  });

  it('keeps only the later query when a recorded one is its prefix in the same burst', () => {
    const { history, type, advance } = harness();
    type('gath');
    advance(TYPED_QUERY_SETTLE_MS + 100);
    expect(history).toEqual(['gath']);
    type('gather vs', 120, 'gath');
    advance(TYPED_QUERY_SETTLE_MS + 100);
    type('gather vs wait', 120, 'gather vs');
    advance(TYPED_QUERY_SETTLE_MS);
    expect(history).toEqual(['gather vs wait']);
  });

  it('settles on Enter, on opening a result and on leaving, each time once', () => {
    const { settler, history, type, advance } = harness();
    type('semaphore');
    settler.settle('enter');
    settler.settle('open');
    settler.settle('blur');
    advance(10 * TYPED_QUERY_SETTLE_MS);
    expect(history).toEqual(['semaphore']);
    type('semaphore limit', 120, 'semaphore');
    settler.settle('leave');
    expect(history).toEqual(['semaphore limit']);
  });

  it('a cleared box starts a new burst: an earlier query is kept even when the next one extends it', () => {
    const { settler, history, type, advance } = harness();
    type('task');
    settler.settle('enter');
    settler.typed('');
    type('task group');
    advance(TYPED_QUERY_SETTLE_MS);
    expect(history).toEqual(['task group', 'task']);
  });

  it('drops typing that never settled when the text is replaced from elsewhere', () => {
    const { settler, history, type, advance } = harness();
    type('futu');
    settler.endBurst();
    advance(10 * TYPED_QUERY_SETTLE_MS);
    expect(history).toEqual([]);
  });

  it('compares queries ignoring case and repeated spaces', () => {
    expect(extendsQuery('Gather  vs wait', 'gather')).toBe(true);
    expect(extendsQuery('gather', 'gather')).toBe(false);
    expect(extendsQuery('wait', 'gather')).toBe(false);
  });
});
