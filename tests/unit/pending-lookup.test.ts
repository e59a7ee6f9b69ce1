import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createPendingLookup, PENDING_LOOKUP_KEY, savePendingLookup, takePendingLookup } from '../../utils/pending-lookup';
import { DEFAULT_SEARCH_OPTIONS } from '../../utils/search';

beforeEach(() => fakeBrowser.reset());

describe('pending selection lookups', () => {
  it('hands a lookup to the panel once', async () => {
    const session = fakeBrowser.storage.session;
    await savePendingLookup(session, createPendingLookup('  asyncio.gather  ', 'context-menu', undefined, 42));
    expect(await takePendingLookup(session)).toEqual({ text: 'asyncio.gather', truncated: false, source: 'context-menu', requestedAt: 42 });
    expect(await takePendingLookup(session)).toBeUndefined();
  });

  it('cuts a 1 MB selection to the search bound before storing it', () => {
    const lookup = createPendingLookup('a '.repeat(500_000), 'command');
    expect(lookup.truncated).toBe(true);
    expect(lookup.text.length).toBeLessThanOrEqual(DEFAULT_SEARCH_OPTIONS.maxQueryChars);
  });

  it('keeps an empty selection (the panel shows a hint) and a problem message', async () => {
    expect(createPendingLookup(undefined, 'command', 'cannot read')).toMatchObject({ text: '', problem: 'cannot read' });
  });

  it('ignores and clears a malformed stored value', async () => {
    const session = fakeBrowser.storage.session;
    await session.set({ [PENDING_LOOKUP_KEY]: { text: 5 } });
    expect(await takePendingLookup(session)).toBeUndefined();
    expect(await session.get(PENDING_LOOKUP_KEY)).toEqual({});
  });
});
