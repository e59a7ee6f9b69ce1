import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Card, KnowledgeBase } from '../../knowledge/schema';
import { createCopilotDatabase, openCopilotDatabase, seedShippedCards } from '../../utils/database';
import { loadKnowledgeBase } from '../../knowledge/compile';
import { newSchedulingState } from '../../utils/scheduler';

const shipped = await loadKnowledgeBase();

beforeEach(() => {
  // A fresh IndexedDB for every test.
  globalThis.indexedDB = new IDBFactory();
});

function nextVersion(kb: KnowledgeBase, change: (cards: Card[]) => Card[]): KnowledgeBase {
  return { ...kb, version: `${kb.version}-next`, cards: change(structuredClone(kb.cards)) };
}

describe('the copilot database', () => {
  it('seeds the shipped cards on first run and not again for the same version', async () => {
    const state = await openCopilotDatabase(shipped, 'seed-test');
    expect(state.status).toBe('ready');
    if (state.status !== 'ready') return;
    expect(state.seed).toMatchObject({ seeded: true, version: shipped.version, cardCount: shipped.cards.length });
    expect(await state.db.shippedCards.count()).toBe(shipped.cards.length);
    expect((await state.db.shippedCards.get('gather'))?.title).toBe(shipped.cards.find((c) => c.id === 'gather')?.title);
    state.db.close();

    const again = await openCopilotDatabase(shipped, 'seed-test');
    expect(again.status === 'ready' && again.seed.seeded).toBe(false);
  });

  it('replaces shipped cards when the knowledge base version changes, leaving user tables alone', async () => {
    const db = createCopilotDatabase('upgrade-test');
    await seedShippedCards(db, shipped);
    await db.bookmarks.put({ cardId: 'gather', createdAt: 1 });
    await db.reviewStates.put({ ...newSchedulingState(2), cardId: 'wait', due: 5, updatedAt: 2 });
    await db.history.add({ query: 'gather vs wait', at: 3, source: 'typed' });
    await db.settings.put({ key: 'dailyNewCards', value: 15 });

    const removedId = shipped.cards.find((c) => c.id !== c.concept)!.id;
    const next = nextVersion(shipped, (cards) =>
      cards.filter((c) => c.id !== removedId).map((c) => (c.id === 'gather' ? { ...c, title: 'gather, renamed' } : c)),
    );
    const result = await seedShippedCards(db, next);
    expect(result).toMatchObject({ seeded: true, previousVersion: shipped.version, version: next.version });
    expect(await db.shippedCards.count()).toBe(shipped.cards.length - 1);
    expect(await db.shippedCards.get(removedId)).toBeUndefined();
    expect((await db.shippedCards.get('gather'))?.title).toBe('gather, renamed');

    expect(await db.bookmarks.toArray()).toEqual([{ cardId: 'gather', createdAt: 1 }]);
    expect(await db.reviewStates.toArray()).toEqual([{ ...newSchedulingState(2), cardId: 'wait', due: 5, updatedAt: 2 }]);
    expect(await db.history.count()).toBe(1);
    expect((await db.settings.get('dailyNewCards'))?.value).toBe(15);
    db.close();
  });

  it('reports storage as unavailable instead of throwing when IndexedDB cannot be opened', async () => {
    const full = {
      open() {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
    } as unknown as IDBFactory;
    const state = await openCopilotDatabase(shipped, 'full-test', { indexedDB: full });
    expect(state).toEqual({ status: 'unavailable', reason: 'The browser storage is full.' });

    const missing = await openCopilotDatabase(shipped, 'missing-test', { indexedDB: undefined as unknown as IDBFactory });
    expect(missing.status).toBe('unavailable');
  });
});
