import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createPendingLookup, PENDING_LOOKUP_KEY, PendingLookupReceiver, savePendingLookup, takePendingLookup, type PendingLookup } from '../../utils/pending-lookup';
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

  it('a panel receives the waiting lookup once, even if its change event arrives too', async () => {
    const session = fakeBrowser.storage.session;
    const waiting = createPendingLookup('asyncio.gather', 'context-menu', undefined, 1);
    await savePendingLookup(session, waiting);
    const receiver = new PendingLookupReceiver(session);
    await receiver.ready;
    await session.set({ [PENDING_LOOKUP_KEY]: waiting });
    expect(receiver.takeReceived()).toEqual([waiting]);
    expect(receiver.takeReceived()).toEqual([]);
    receiver.close();
  });

  it('a selection made while the panel starts is kept for the app, not left for a later panel', async () => {
    const session = fakeBrowser.storage.session;
    const receiver = new PendingLookupReceiver(session);
    await receiver.ready;
    // After the waiting lookup was read, before the app has subscribed (its cards still loading).
    const during = createPendingLookup('TaskGroup', 'command', undefined, 2);
    await savePendingLookup(session, during);
    await expect.poll(async () => (await session.get(PENDING_LOOKUP_KEY))[PENDING_LOOKUP_KEY]).toBeUndefined();
    const seen: PendingLookup[] = [];
    receiver.subscribe((lookup) => seen.push(lookup));
    expect(seen).toEqual([during]);
    // Later selections go straight to the subscriber.
    const later = createPendingLookup('semaphore', 'context-menu', undefined, 3);
    await savePendingLookup(session, later);
    await expect.poll(() => seen.length).toBe(2);
    expect(seen[1]).toEqual(later);
    receiver.close();
    // A panel opened afterwards finds nothing stale waiting.
    expect(await takePendingLookup(session)).toBeUndefined();
  });
});
