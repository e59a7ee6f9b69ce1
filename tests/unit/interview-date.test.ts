import { IDBFactory } from 'fake-indexeddb';
import { Rating } from 'ts-fsrs';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../knowledge/compile';
import { checkBackup, createBackup } from '../../utils/backup';
import {
  createCopilotDatabase,
  INTERVIEW_DATE_KEY,
  putSetting,
  readUserData,
  readUserProgress,
  replaceUserData,
  saveReview,
  seedShippedCards,
  verifyProgress,
  type CopilotDatabase,
} from '../../utils/database';
import { buildDrillQueue, startOfDay } from '../../utils/drill';
import {
  describeInterview,
  interviewDayProblem,
  interviewForecast,
  localDay,
  localDayAfter,
  MAX_INTERVIEW_DAYS_AHEAD,
  startOfInterviewDay,
  upcomingInterview,
} from '../../utils/interview-date';
import { pickInterviewCards } from '../../utils/interview/session';
import { computeMastery, DEFAULT_MASTERY_HORIZON_MS, masteryMoment } from '../../utils/mastery';
import { applyGrade, retrievability, TARGET_RETENTION, type SchedulingState } from '../../utils/scheduler';
import { syncProgress, type SyncArea } from '../../utils/sync';

const kb = await loadKnowledgeBase();
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** 9:00 local time: the interview date is a local day, so the tests think in local days too. */
const now = new Date(2026, 2, 10, 9).getTime();
const inDays = (days: number) => localDayAfter(now, days);
const forecast = (day: string | undefined, at: number) => interviewForecast(upcomingInterview(day, at));

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

/** Grades in order with the real scheduler, each at its moment. */
function reviewed(...grades: Array<[Rating.Again | Rating.Hard | Rating.Good | Rating.Easy, number]>): SchedulingState {
  let state: SchedulingState | undefined;
  for (const [grade, at] of grades) state = applyGrade(state, grade, at);
  return state!;
}

/** Graded Good each time it fell due, `times` reviews from `from` on: a card known for a long time. */
function wellKnown(times: number, from: number): SchedulingState {
  let state = applyGrade(undefined, Rating.Good, from);
  for (let i = 1; i < times; i++) state = applyGrade(state, Rating.Good, state.due);
  return state;
}

describe('the interview day', () => {
  it('is a local calendar day; the interview counts until the end of that day', () => {
    const today = localDay(now);
    expect(startOfInterviewDay(today)).toBe(startOfDay(now));
    const onTheDay = upcomingInterview(today, now)!;
    expect(onTheDay).toEqual({ day: today, at: startOfDay(now) + DAY - 1, daysLeft: 0 });
    // Still ahead at the day's last moment, passed at the next midnight.
    expect(upcomingInterview(today, startOfDay(now) + DAY - 1)).toBeDefined();
    expect(upcomingInterview(today, startOfDay(now) + DAY)).toBeUndefined();
    expect(upcomingInterview(inDays(14), now)).toMatchObject({ daysLeft: 14 });
    expect(upcomingInterview(undefined, now)).toBeUndefined();
    expect(upcomingInterview('not a day', now)).toBeUndefined();
  });

  it('says when it is, in days', () => {
    expect(describeInterview(upcomingInterview(inDays(14), now)!)).toMatch(/^Interview on .*2026 — in 14 days$/);
    expect(describeInterview(upcomingInterview(inDays(1), now)!)).toMatch(/— tomorrow$/);
    expect(describeInterview(upcomingInterview(inDays(0), now)!)).toMatch(/— today$/);
  });

  it('refuses a day that has passed, one more than a year away, and text that is not a real day, with a short message', () => {
    expect(interviewDayProblem(inDays(0), now)).toBeUndefined();
    expect(interviewDayProblem(inDays(30), now)).toBeUndefined();
    expect(interviewDayProblem(inDays(MAX_INTERVIEW_DAYS_AHEAD), now)).toBeUndefined();
    expect(interviewDayProblem(inDays(-1), now)).toBe('That day has passed: pick today or a later day.');
    expect(interviewDayProblem(inDays(MAX_INTERVIEW_DAYS_AHEAD + 1), now)).toMatch(/^That is more than a year away: pick a day up to .*2027\.$/);
    expect(interviewDayProblem('3026-03-10', now)).toMatch(/more than a year away/);
    for (const text of ['', '2026-02-30', '2026-13-01', '10/03/2026', '2026-3-10', '1969-12-31']) {
      expect(interviewDayProblem(text, now), text).toBe('Enter a real day as YYYY-MM-DD.');
    }
    // An imported or synced date may have passed (the interview happened since); it is never far ahead.
    expect(interviewDayProblem(inDays(-40), now, 'allowed')).toBeUndefined();
    expect(interviewDayProblem(inDays(MAX_INTERVIEW_DAYS_AHEAD + 5), now, 'allowed')).toMatch(/more than a year away/);
  });
});

describe('the drill queue with an interview date (real ts-fsrs)', () => {
  const [overdue, dueToday, fragile, easy, solid, reviewedToday, ...unseen] = kb.cards;
  const states = new Map<string, SchedulingState>([
    [overdue!.id, { ...wellKnown(3, now - 60 * DAY), due: now - 3 * DAY }],
    [dueToday!.id, { ...wellKnown(3, now - 60 * DAY), due: now - HOUR }],
    // Learned yesterday with two Goods: stability about 2 days, due in about a day.
    [fragile!.id, reviewed([Rating.Good, now - DAY], [Rating.Good, now - DAY + 10 * 60_000])],
    // Learned yesterday with Easy: stability about 8 days, due in about a week.
    [easy!.id, reviewed([Rating.Easy, now - DAY])],
    // Reviewed for over a year: recalled well beyond any interview a month ahead.
    [solid!.id, wellKnown(8, now - 500 * DAY)],
    // Learned with Easy this morning: not due, but reviewed today.
    [reviewedToday!.id, reviewed([Rating.Easy, now - HOUR])],
  ]);
  const queueFor = (day: string | undefined, at = now) =>
    buildDrillQueue({ cards: kb.cards, states, now: at, dailyNewLimit: 5, newIntroducedToday: 0, interview: forecast(day, at) });
  const ids = (queue: ReturnType<typeof queueFor>) => queue.cards.map((card) => card.id);

  it('the profile is what the test says (the scheduler decides, nothing is mocked)', () => {
    for (const card of [fragile, easy, solid, reviewedToday]) expect(states.get(card!.id)!.due).toBeGreaterThan(now);
    expect(states.get(solid!.id)!.due).toBeGreaterThan(now + 60 * DAY);
    expect(TARGET_RETENTION).toBe(0.9);
  });

  it('brings forward reviewed cards not due whose recall on the day is below the target: after the due cards, before the new ones, least likely recalled first', () => {
    const interview = upcomingInterview(inDays(14), now)!;
    const recall = (card: typeof fragile) => retrievability(states.get(card!.id), interview.at);
    expect(recall(fragile)).toBeLessThan(recall(easy));
    expect(recall(easy)).toBeLessThan(TARGET_RETENTION);
    expect(recall(solid)).toBeGreaterThanOrEqual(TARGET_RETENTION);
    expect(recall(reviewedToday)).toBeLessThan(TARGET_RETENTION);

    const queue = queueFor(inDays(14));
    expect(ids(queue)).toEqual([overdue!.id, dueToday!.id, fragile!.id, easy!.id, ...unseen.slice(0, 5).map((card) => card.id)]);
    expect(queue).toMatchObject({ dueCount: 2, broughtForwardCount: 2, newCount: 5, newHeldBack: unseen.length - 5 });
  });

  it('brings forward more the further away the day is, and only what would be forgotten by then', () => {
    // In 3 days the fragile card (stability ~2 days) is below the target, the easy one (~8 days) is not yet.
    expect(retrievability(states.get(easy!.id), upcomingInterview(inDays(3), now)!.at)).toBeGreaterThanOrEqual(TARGET_RETENTION);
    expect(ids(queueFor(inDays(3))).slice(2, 3)).toEqual([fragile!.id]);
    expect(queueFor(inDays(3)).broughtForwardCount).toBe(1);
    const counts = [0, 3, 14, 60].map((days) => queueFor(inDays(days)).broughtForwardCount);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    // An interview tonight: every card is still above the target by then (the fragile one falls below tomorrow).
    expect(retrievability(states.get(fragile!.id), upcomingInterview(inDays(0), now)!.at)).toBeGreaterThanOrEqual(TARGET_RETENTION);
    expect(queueFor(inDays(0)).broughtForwardCount).toBe(0);
  });

  it('Interview mode asks what the drill brings forward too, and leaves it out without a date', () => {
    const openings = (day: string | undefined) =>
      pickInterviewCards(kb.cards, states, { kind: 'weak-and-due' }, now, { count: kb.cards.length, interview: forecast(day, now) }).map((card) => card.id);
    expect(openings(inDays(14))).toEqual(expect.arrayContaining([overdue!.id, fragile!.id, easy!.id]));
    expect(openings(undefined)).toContain(overdue!.id);
    expect(openings(undefined)).not.toContain(fragile!.id);
    expect(openings(undefined)).not.toContain(easy!.id);
  });

  it('a card reviewed today is brought forward from tomorrow on, not again today', () => {
    expect(ids(queueFor(inDays(14)))).not.toContain(reviewedToday!.id);
    const tomorrow = startOfDay(now) + DAY + 9 * HOUR;
    expect(ids(queueFor(inDays(14), tomorrow))).toContain(reviewedToday!.id);
  });

  it('without a date, and once the day is over, the queue is exactly the normal schedule', () => {
    const normal = buildDrillQueue({ cards: kb.cards, states, now, dailyNewLimit: 5, newIntroducedToday: 0 });
    expect(normal.broughtForwardCount).toBe(0);
    expect(queueFor(undefined)).toEqual(normal);
    // An interview yesterday: nothing is brought forward any more.
    const yesterday = localDayAfter(now, -1);
    expect(forecast(yesterday, now)).toBeUndefined();
    expect(queueFor(yesterday)).toEqual(normal);
    // The day after a 14-day interview, the normal queue of that day.
    const after = startOfDay(now) + 15 * DAY + 9 * HOUR;
    expect(queueFor(inDays(14), after)).toEqual(buildDrillQueue({ cards: kb.cards, states, now: after, dailyNewLimit: 5, newIntroducedToday: 0 }));
  });

  it('grading a brought-forward card is a normal review: logged, replayable from the log, not brought forward again today', async () => {
    const db = createCopilotDatabase('graded-early');
    await seedShippedCards(db, kb);
    await saveReview(db, { cardId: easy!.id, grade: Rating.Easy, mode: 'recall', reviewedAt: now - DAY });
    const before = (await readUserProgress(db, startOfDay(now))).states.get(easy!.id)!;
    expect(buildDrillQueue({ cards: [easy!], states: new Map([[easy!.id, before]]), now, dailyNewLimit: 0, newIntroducedToday: 0, interview: forecast(inDays(14), now) }).broughtForwardCount).toBe(1);

    const saved = await saveReview(db, { cardId: easy!.id, grade: Rating.Good, mode: 'recall', reviewedAt: now });
    expect(saved.next).toEqual(applyGrade(before, Rating.Good, now));
    expect(await verifyProgress(db)).toEqual([]);
    expect((await readUserData(db)).reviewLog.map((row) => row.reviewedAt)).toEqual([now - DAY, now]);
    const after = (await readUserProgress(db, startOfDay(now))).states;
    expect(buildDrillQueue({ cards: [easy!], states: after, now: now + 60_000, dailyNewLimit: 0, newIntroducedToday: 0, interview: forecast(inDays(14), now) }).cards).toEqual([]);
    db.close();
  });
});

describe('Progress at the interview date (real ts-fsrs)', () => {
  const gatherCards = kb.cards.filter((card) => card.concept === 'gather');
  const states = new Map<string, SchedulingState>(gatherCards.map((card) => [card.id, reviewed([Rating.Good, now - 2 * DAY], [Rating.Good, now - 2 * DAY + 600_000])]));
  const gatherRecall = (at: number) => computeMastery(kb.concepts, kb.cards, states, now, startOfDay(now) + DAY, at).find((m) => m.concept.id === 'gather')!.recallOfStudied!;

  it('predicts recall at the end of the interview day while it lies ahead, and at the 7-day horizon without one or after it', () => {
    const far = upcomingInterview(inDays(30), now)!;
    const near = upcomingInterview(inDays(1), now)!;
    expect(masteryMoment(now, far)).toBe(far.at);
    expect(masteryMoment(now, undefined)).toBe(now + DEFAULT_MASTERY_HORIZON_MS);
    expect(masteryMoment(now, upcomingInterview(localDayAfter(now, -1), now))).toBe(now + DEFAULT_MASTERY_HORIZON_MS);
    const atHorizon = gatherRecall(masteryMoment(now, undefined));
    expect(gatherRecall(masteryMoment(now, far))).toBeLessThan(atHorizon);
    expect(gatherRecall(masteryMoment(now, near))).toBeGreaterThan(atHorizon);
    expect(gatherRecall(masteryMoment(now, far))).toBeCloseTo(retrievability(states.get(gatherCards[0]!.id), far.at), 10);
  });
});

describe('the interview date as a stored setting', () => {
  async function profile(name: string): Promise<CopilotDatabase> {
    const db = createCopilotDatabase(name);
    await seedShippedCards(db, kb);
    await saveReview(db, { cardId: 'gather', grade: Rating.Good, mode: 'recall', reviewedAt: now - DAY });
    return db;
  }
  const exportText = async (db: CopilotDatabase) => JSON.stringify(createBackup(await readUserData(db), kb.cards, kb.version, now));

  it('is read with the progress; a value that is not a day reads as no date', async () => {
    const db = await profile('setting');
    expect((await readUserProgress(db, 0)).interviewDate).toBeUndefined();
    await putSetting(db, INTERVIEW_DATE_KEY, inDays(14));
    expect((await readUserProgress(db, 0)).interviewDate).toBe(inDays(14));
    await putSetting(db, INTERVIEW_DATE_KEY, null);
    expect((await readUserProgress(db, 0)).interviewDate).toBeUndefined();
    await putSetting(db, INTERVIEW_DATE_KEY, 20260324);
    expect((await readUserProgress(db, 0)).interviewDate).toBeUndefined();
    db.close();
  });

  it('goes through export and import unchanged, set, cleared or passed', async () => {
    for (const value of [inDays(14), null, localDayAfter(now, -20)]) {
      const source = await profile(`source-${value}`);
      await putSetting(source, INTERVIEW_DATE_KEY, value);
      const text = await exportText(source);
      const check = checkBackup(text, kb.cards, now);
      expect(check.ok, String(value)).toBe(true);
      if (!check.ok) return;
      const fresh = createCopilotDatabase(`fresh-${value}`);
      await seedShippedCards(fresh, kb);
      await replaceUserData(fresh, check.data, kb.cards);
      expect(await fresh.settings.get(INTERVIEW_DATE_KEY)).toEqual({ key: INTERVIEW_DATE_KEY, value });
      expect(JSON.parse(await exportText(fresh))).toEqual(JSON.parse(text));
      source.close();
      fresh.close();
    }
  });

  it('an import with a bad interview date names the setting and changes nothing', async () => {
    const source = await profile('bad-source');
    await putSetting(source, INTERVIEW_DATE_KEY, inDays(14));
    const file = JSON.parse(await exportText(source));
    const index = file.data.settings.findIndex((row: { key: string }) => row.key === INTERVIEW_DATE_KEY);
    for (const [value, message] of [
      ['2026-02-30', 'Enter a real day as YYYY-MM-DD.'],
      ['14/03/2026', 'Enter a real day as YYYY-MM-DD.'],
      [inDays(3 * 365), 'That is more than a year away'],
      [20260324, 'expected string'],
    ] as const) {
      file.data.settings[index].value = value;
      const check = checkBackup(JSON.stringify(file), kb.cards, now);
      expect(check.ok, String(value)).toBe(false);
      if (check.ok) continue;
      expect(check.problems.join(' '), String(value)).toContain(`setting ${index + 1} (settings[${index}]), field "value"`);
      expect(check.problems.join(' '), String(value)).toContain(message);
    }
    const target = await profile('bad-target');
    await putSetting(target, INTERVIEW_DATE_KEY, inDays(7));
    // Nothing was applied: the target keeps its own date.
    expect((await readUserProgress(target, 0)).interviewDate).toBe(inDays(7));
    source.close();
    target.close();
  });

  it('follows the user to their other browsers through the sync settings item, clearing included; a bad synced value is ignored', async () => {
    const items: Record<string, unknown> = {};
    const area: SyncArea = {
      get: async () => structuredClone(items),
      set: async (changed) => void Object.assign(items, structuredClone(changed)),
    };
    const a = await profile('sync-a');
    const b = await profile('sync-b');
    await putSetting(a, INTERVIEW_DATE_KEY, inDays(14));
    await syncProgress(a, area, now);
    await syncProgress(b, area, now + 1000);
    expect((await readUserProgress(b, 0)).interviewDate).toBe(inDays(14));
    // Cleared later in B: A loses its date too.
    await putSetting(b, INTERVIEW_DATE_KEY, null);
    await syncProgress(b, area, now + 2000);
    await syncProgress(a, area, now + 3000);
    expect((await readUserProgress(a, 0)).interviewDate).toBeUndefined();

    const c = await profile('sync-c');
    await putSetting(c, INTERVIEW_DATE_KEY, inDays(5));
    items.s = { [INTERVIEW_DATE_KEY]: ['2026-02-30', now + 10_000] };
    await syncProgress(c, area, now + 4000);
    expect((await readUserProgress(c, 0)).interviewDate).toBe(inDays(5));
    for (const db of [a, b, c]) db.close();
  });
});
