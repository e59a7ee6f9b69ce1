import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { Rating } from 'ts-fsrs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../knowledge/compile';
import { BACKUP_FORMAT, checkBackup, createBackup } from '../../utils/backup';
import {
  createCopilotDatabase,
  putSetting,
  readUserData,
  recordLookup,
  replaceUserData,
  saveReview,
  seedShippedCards,
  setBookmark,
  type CopilotDatabase,
} from '../../utils/database';
import { applyGrade } from '../../utils/scheduler';

const kb = await loadKnowledgeBase();
const t0 = Date.UTC(2026, 0, 5, 9);

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

/** A profile with progress in every user table, including a review kept aside for a card the KB no longer has. */
async function profileWithProgress(name: string): Promise<CopilotDatabase> {
  const db = createCopilotDatabase(name);
  await seedShippedCards(db, kb);
  let at = t0;
  for (const [cardId, grade] of [
    ['gather', Rating.Good],
    ['wait', Rating.Again],
    ['semaphore', Rating.Easy],
  ] as const) {
    const { next } = await saveReview(db, { cardId, grade, mode: 'output', answerMatched: grade !== Rating.Again, reviewedAt: at });
    // The second review is the card's question, or for one card a Parsons problem put in a working order.
    await saveReview(db, { cardId, grade: Rating.Hard, ...(cardId === 'semaphore' ? { mode: 'parsons', answerMatched: true } : { mode: 'recall' }), reviewedAt: next.due });
    at += 60_000;
  }
  await saveReview(db, { cardId: 'a-card-removed-from-the-kb', grade: Rating.Good, mode: 'recall', reviewedAt: t0 });
  await setBookmark(db, 'gather', true, t0);
  await setBookmark(db, 'a-card-removed-from-the-kb', true, t0 + 1);
  await recordLookup(db, 'gather vs wait', 'typed', t0);
  await recordLookup(db, 'Task was destroyed but it is pending!', 'selection', t0 + 5);
  await putSetting(db, 'dailyNewLimit', 25);
  return db;
}

function withoutRowIds(data: Awaited<ReturnType<typeof readUserData>>) {
  const order = <T extends { id?: number }>(rows: T[], time: (row: T) => number) =>
    rows.map(({ id: _id, ...row }) => row).sort((a, b) => time(a as T) - time(b as T) || JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { ...data, reviewLog: order(data.reviewLog, (r) => r.reviewedAt), history: order(data.history, (r) => r.at) };
}

async function exportText(db: CopilotDatabase): Promise<string> {
  return JSON.stringify(createBackup(await readUserData(db), kb.cards, kb.version, t0 + 10_000), null, 2);
}

describe('export and import', () => {
  it('round-trips losslessly: export, import into a fresh database, export again gives the same file', async () => {
    const source = await profileWithProgress('source');
    const text = await exportText(source);
    const file = JSON.parse(text);
    expect(file).toMatchObject({ format: BACKUP_FORMAT, version: 1, retiredCardIds: ['a-card-removed-from-the-kb'] });
    expect(file.data.reviewLog).toHaveLength(7);

    const check = checkBackup(text, kb.cards);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    const fresh = createCopilotDatabase('fresh');
    await seedShippedCards(fresh, kb);
    await replaceUserData(fresh, check.data, kb.cards);
    // The same rows, except that the log and the history are renumbered 1…n in the order they happened.
    expect(withoutRowIds(await readUserData(fresh))).toEqual(withoutRowIds(await readUserData(source)));
    const imported = await readUserData(fresh);
    expect(imported.reviewLog.map((row) => row.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(imported.reviewLog.map((row) => row.reviewedAt)).toEqual([...imported.reviewLog.map((row) => row.reviewedAt)].sort((a, b) => a - b));
    // A second round trip changes nothing at all.
    const again = await exportText(fresh);
    const second = checkBackup(again, kb.cards);
    expect(second.ok && second.data).toEqual(JSON.parse(again).data);
  });

  it('maps progress under a former id to the renamed card on import', async () => {
    const source = await profileWithProgress('old-ids');
    const text = await exportText(source);
    const renamed = kb.cards.map((card) => (card.id === 'gather' ? { ...card, id: 'gather-renamed', formerIds: ['gather'] } : card));
    const check = checkBackup(text, renamed);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    const target = createCopilotDatabase('new-ids');
    await target.open();
    await replaceUserData(target, check.data, renamed);
    expect(await target.reviewStates.get('gather')).toBeUndefined();
    expect((await target.reviewStates.get('gather-renamed'))?.reps).toBe(2);
    expect(await target.bookmarks.get('gather-renamed')).toBeDefined();
    expect(await target.reviewLog.where('cardId').equals('gather-renamed').count()).toBe(2);
  });

  describe('a bad file names the problem and the entry', () => {
    let profiles = 0;
    async function goodFile() {
      return JSON.parse(await exportText(await profileWithProgress(`good-${++profiles}`)));
    }

    it('not JSON', () => {
      const check = checkBackup('{"format": "asyncio-copilot-backup", ', kb.cards);
      expect(check).toMatchObject({ ok: false, problems: [expect.stringMatching(/^The file is not JSON \(/)] });
    });

    it('another kind of file, or another version', async () => {
      expect(checkBackup('[1, 2]', kb.cards)).toMatchObject({ ok: false, problems: [expect.stringContaining('not an asyncio Copilot backup')] });
      expect(checkBackup(JSON.stringify({ format: 'anki' }), kb.cards)).toMatchObject({
        ok: false,
        problems: [expect.stringContaining('its "format" is "anki"')],
      });
      const file = await goodFile();
      file.version = 2;
      expect(checkBackup(JSON.stringify(file), kb.cards)).toMatchObject({
        ok: false,
        problems: ['The backup is version 2; this version of the extension reads version 1.'],
      });
    });

    it('a wrong field, a missing field and an unknown field', async () => {
      const file = await goodFile();
      file.data.reviewLog[2].grade = 7;
      delete file.data.reviewStates[1].stability;
      file.data.bookmarks[0].note = 'extra';
      const check = checkBackup(JSON.stringify(file), kb.cards);
      expect(check.ok).toBe(false);
      if (check.ok) return;
      expect(check.problems).toEqual(
        expect.arrayContaining([
          'review log entry 3 (reviewLog[2]), field "grade": must be 1 (Again) to 4 (Easy)',
          expect.stringMatching(/^review state 2 \(reviewStates\[1\]\), field "stability": /),
          expect.stringMatching(/^bookmark 1 \(bookmarks\[0\]\): .*note/),
        ]),
      );
    });

    it('a drill mode the extension does not have', async () => {
      const file = await goodFile();
      expect(file.data.reviewLog.map((row: { mode: string }) => row.mode)).toContain('parsons');
      file.data.reviewLog[1].mode = 'typing';
      const check = checkBackup(JSON.stringify(file), kb.cards);
      expect(check).toMatchObject({ ok: false, problems: [expect.stringMatching(/^review log entry 2 \(reviewLog\[1\]\), field "mode": .*"recall".*"output".*"parsons"/)] });
    });

    it('a review or bookmark for a card the knowledge base does not know, and duplicates', async () => {
      const file = await goodFile();
      file.data.reviewLog[4].cardId = 'no-such-card';
      file.data.bookmarks.push({ ...file.data.bookmarks[0] });
      const check = checkBackup(JSON.stringify(file), kb.cards);
      expect(check).toEqual({
        ok: false,
        problems: [
          'review log entry 5 (reviewLog[4]): card "no-such-card" is not in the knowledge base',
          `bookmark 3 (bookmarks[2]): card "${file.data.bookmarks[0].cardId}" appears twice`,
        ],
      });
    });
  });

  describe('applying', () => {
    const realAdd = IDBObjectStore.prototype.add;
    afterEach(() => {
      IDBObjectStore.prototype.add = realAdd;
    });

    it('is one transaction: a write failing half-way leaves the previous data untouched', async () => {
      const target = await profileWithProgress('target');
      const before = await readUserData(target);
      const other = createCopilotDatabase('other');
      await seedShippedCards(other, kb);
      await setBookmark(other, 'wait', true, t0);
      const check = checkBackup(await exportText(other), kb.cards);
      expect(check.ok).toBe(true);
      if (!check.ok) return;

      let adds = 0;
      IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
        // The clears have run by now; fail the write of the imported rows.
        if (++adds >= 1) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return realAdd.apply(this, args);
      } as IDBObjectStore['add'];
      await expect(replaceUserData(target, check.data, kb.cards)).rejects.toThrow();
      IDBObjectStore.prototype.add = realAdd;
      expect(await readUserData(target)).toEqual(before);
    });
  });
});
