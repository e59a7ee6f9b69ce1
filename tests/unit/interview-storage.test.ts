import Dexie from 'dexie';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../knowledge/compile';
import { checkBackup, createBackup } from '../../utils/backup';
import {
  createCopilotDatabase,
  endInterviewSession,
  readUserData,
  replaceUserData,
  saveInterviewAnswer,
  startInterviewSession,
} from '../../utils/database';

const kb = await loadKnowledgeBase();
const t0 = Date.UTC(2026, 0, 5, 9);

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('schema version 4: interview sessions and answers', () => {
  it('upgrades a v3 database: every v3 row stays, the interview tables start empty and take rows', async () => {
    const v3 = new Dexie('v3-data');
    v3.version(3).stores({
      meta: 'key',
      shippedCards: 'id, concept',
      userCards: 'id, concept',
      reviewStates: 'cardId, due',
      reviewLog: '++id, cardId, reviewedAt, [cardId+reviewedAt]',
      bookmarks: 'cardId, createdAt',
      history: '++id, at',
      settings: 'key',
    });
    await v3.open();
    await v3.table('bookmarks').add({ cardId: 'gather', createdAt: t0 });
    await v3.table('history').add({ id: 1, query: 'gather vs wait', at: t0, source: 'typed' });
    await v3.table('reviewLog').add({ id: 1, cardId: 'gather', reviewedAt: t0, grade: 3, mode: 'recall' });
    v3.close();

    const db = createCopilotDatabase('v3-data');
    await db.open();
    expect(db.verno).toBe(4);
    expect(await db.bookmarks.toArray()).toEqual([{ cardId: 'gather', createdAt: t0 }]);
    expect(await db.history.count()).toBe(1);
    expect(await db.reviewLog.count()).toBe(1);
    expect(await db.interviewSessions.count()).toBe(0);
    const sessionId = await startInterviewSession(db, 'weak and due', t0);
    const answerId = await saveInterviewAnswer(db, {
      sessionId,
      cardId: 'gather',
      question: 'What does gather return?',
      answer: 'the results in order',
      coverage: ['covered', 'missed', 'partial'],
      grade: 2,
      depth: 0,
      answeredAt: t0 + 1000,
    });
    await endInterviewSession(db, sessionId, t0 + 2000);
    expect((await db.interviewAnswers.where('sessionId').equals(sessionId).toArray()).map((a) => a.id)).toEqual([answerId]);
    expect((await db.interviewSessions.get(sessionId))?.endedAt).toBe(t0 + 2000);
    db.close();
  });
});

describe('interview data in export and import', () => {
  async function profile() {
    const db = createCopilotDatabase('with-interviews');
    const sessionId = await startInterviewSession(db, 'concept:gather', t0);
    for (const [i, cardId] of ['gather', 'gather-result-order'].entries()) {
      await saveInterviewAnswer(db, {
        sessionId,
        cardId,
        question: `Question ${i}`,
        answer: `answer ${i}`,
        coverage: ['covered', 'partial', 'missed'],
        ...(i === 0 ? { grade: 3 } : {}),
        depth: i,
        answeredAt: t0 + i,
      });
    }
    await endInterviewSession(db, sessionId, t0 + 10);
    return db;
  }

  it('round-trips sessions and answers through an export file', async () => {
    const db = await profile();
    const text = JSON.stringify(createBackup(await readUserData(db), kb.cards, kb.version, t0 + 100));
    const check = checkBackup(text, kb.cards, t0 + 100);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    const fresh = createCopilotDatabase('imported');
    await replaceUserData(fresh, check.data, kb.cards);
    const before = await readUserData(db);
    const after = await readUserData(fresh);
    expect(after.interviewSessions).toEqual(before.interviewSessions);
    expect(after.interviewAnswers).toEqual(before.interviewAnswers);
    expect(after.interviewAnswers).toHaveLength(2);
  });

  it('reads a file from before Interview mode as holding no interview data', async () => {
    const db = createCopilotDatabase('old');
    const backup = createBackup(await readUserData(db), kb.cards, kb.version, t0);
    const { interviewSessions: _s, interviewAnswers: _a, ...oldData } = backup.data;
    const check = checkBackup(JSON.stringify({ ...backup, data: oldData }), kb.cards, t0);
    expect(check.ok && check.data.interviewAnswers).toEqual([]);
  });

  it('rejects a bad interview answer: unknown card, unknown session, bad coverage, grade out of range', async () => {
    const db = await profile();
    const backup = createBackup(await readUserData(db), kb.cards, kb.version, t0 + 100);
    const good = backup.data.interviewAnswers[0]!;
    for (const [bad, problem] of [
      [{ ...good, cardId: 'no-such-card' }, /not in the knowledge base/],
      [{ ...good, sessionId: 99 }, /session 99 is not in the file/],
      [{ ...good, coverage: ['half'] }, /interview answer 1 .*coverage/],
      [{ ...good, grade: 7 }, /must be 1 \(Again\) to 4/],
      [{ ...good, extra: true }, /interview answer 1/],
    ] as const) {
      const text = JSON.stringify({ ...backup, data: { ...backup.data, interviewAnswers: [bad] } });
      const check = checkBackup(text, kb.cards, t0 + 100);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.problems.join('\n')).toMatch(problem);
    }
  });
});
