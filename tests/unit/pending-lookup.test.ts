import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  createPendingLookup,
  forgetRecordedLookup,
  PENDING_LOOKUP_KEY,
  PendingLookupReceiver,
  savePendingLookup,
  takePendingLookup,
  type PendingLookup,
} from '../../utils/pending-lookup';
import { DEFAULT_SEARCH_OPTIONS } from '../../utils/search';

beforeEach(() => fakeBrowser.reset());

describe('pending selection lookups', () => {
  it('hands a lookup to the panel once, and keeps it marked shown until its history row is written', async () => {
    const session = fakeBrowser.storage.session;
    await savePendingLookup(session, createPendingLookup('  asyncio.gather  ', 'context-menu', undefined, 42));
    const lookup = await takePendingLookup(session);
    expect(lookup).toEqual({ text: 'asyncio.gather', truncated: false, source: 'context-menu', requestedAt: 42 });
    expect(await takePendingLookup(session)).toEqual({ ...lookup, shown: true });
    await forgetRecordedLookup(session, lookup!);
    expect(await takePendingLookup(session)).toBeUndefined();
  });

  it('a recorded lookup never removes a newer selection that replaced it', async () => {
    const session = fakeBrowser.storage.session;
    const older = createPendingLookup('gather', 'command', undefined, 1);
    const newer = createPendingLookup('TaskGroup', 'command', undefined, 2);
    await savePendingLookup(session, older);
    await savePendingLookup(session, newer);
    await forgetRecordedLookup(session, older);
    expect(await takePendingLookup(session)).toEqual(newer);
  });

  it('a lookup shown by a panel that closed before writing history is left for the next panel to record, not to show', async () => {
    const session = fakeBrowser.storage.session;
    const lookup = createPendingLookup('Task was destroyed but it is pending!', 'context-menu', undefined, 7);
    await savePendingLookup(session, lookup);
    const closedEarly = new PendingLookupReceiver(session);
    await closedEarly.ready;
    expect(closedEarly.takeReceived()).toEqual([lookup]);
    closedEarly.close();

    const next = new PendingLookupReceiver(session);
    await next.ready;
    expect(next.takeReceived()).toEqual([]);
    expect(next.takeUnrecorded()).toEqual([lookup]);
    expect(next.takeUnrecorded()).toEqual([]);
    next.recorded(lookup);
    await expect.poll(async () => (await session.get(PENDING_LOOKUP_KEY))[PENDING_LOOKUP_KEY]).toBeUndefined();
    next.close();
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

  it('a selection made while the panel starts is kept for the app, not shown again by a later panel', async () => {
    const session = fakeBrowser.storage.session;
    const receiver = new PendingLookupReceiver(session);
    await receiver.ready;
    // After the waiting lookup was read, before the app has subscribed (its cards still loading).
    const during = createPendingLookup('TaskGroup', 'command', undefined, 2);
    await savePendingLookup(session, during);
    await expect.poll(async () => (await session.get(PENDING_LOOKUP_KEY))[PENDING_LOOKUP_KEY]).toEqual({ ...during, shown: true });
    const seen: PendingLookup[] = [];
    receiver.subscribe((lookup) => seen.push(lookup));
    expect(seen).toEqual([during]);
    // Later selections go straight to the subscriber.
    const later = createPendingLookup('semaphore', 'context-menu', undefined, 3);
    await savePendingLookup(session, later);
    await expect.poll(() => seen.length).toBe(2);
    expect(seen[1]).toEqual(later);
    receiver.recorded(during);
    receiver.recorded(later);
    await expect.poll(async () => (await session.get(PENDING_LOOKUP_KEY))[PENDING_LOOKUP_KEY]).toBeUndefined();
    receiver.close();
    // A panel opened afterwards finds nothing waiting.
    const afterwards = new PendingLookupReceiver(session);
    await afterwards.ready;
    expect([...afterwards.takeReceived(), ...afterwards.takeUnrecorded()]).toEqual([]);
    afterwards.close();
  });
});
