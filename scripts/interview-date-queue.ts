import { Rating, type Grade } from 'ts-fsrs';
import { loadKnowledgeBase } from '../knowledge/compile';
import { buildDrillQueue, DEFAULT_DAILY_NEW_LIMIT, startOfDay, type DrillQueue } from '../utils/drill';
import { comesBackInSession } from '../utils/drill-session';
import type { InterviewForecast } from '../utils/drill';
import { interviewForecast, localDayAfter, upcomingInterview, type UpcomingInterview } from '../utils/interview-date';
import { applyGrade, retrievability, TARGET_RETENTION, type SchedulingState } from '../utils/scheduler';

/**
 * npm run simulate:interview-date — how an interview date changes the drill queue, on simulated
 * learners and the real scheduler (ts-fsrs) and queue (utils/drill.ts).
 *
 * A learner drills once a day at 9:00: every card the queue holds, new ones up to the default
 * limit, a card coming back in the same session when its learning step says so. The answers are
 * drawn at random from the scheduler's own predicted recall at that moment (recalled: Hard 10 %,
 * Good 80 %, Easy 10 %; forgotten: Again; a card seen for the first time: Again 25 %, Good 65 %,
 * Easy 10 %), so the "recall on the day" columns are the FSRS model's prediction for a learner
 * who behaves as the model assumes, not a measurement on people.
 *
 * For each profile and interview date it prints the queue of the day the date is set (due ·
 * brought forward · new), then keeps drilling every day up to the interview, once with the date
 * and once without, and compares the reviews done and the predicted recall at the end of the
 * interview day over the cards studied by then. Means over SEEDS learners (min–max in brackets).
 */

const SEEDS = [1, 2, 3, 4, 5];
const PROFILES = [
  { label: '3 weeks in (21 days of drilling, 10 new a day)', days: 21 },
  { label: '2 months in (60 days: every card studied)', days: 60 },
];
const INTERVIEW_DAYS_AHEAD = [3, 7, 14, 30];
const DAY = 86_400_000;
const SECONDS_PER_REVIEW = 30;

const kb = await loadKnowledgeBase();

function seeded(seed: number) {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function sampleGrade(state: SchedulingState | undefined, at: number, random: () => number): Grade {
  const roll = random();
  if (!state || state.reps === 0) return roll < 0.25 ? Rating.Again : roll < 0.9 ? Rating.Good : Rating.Easy;
  if (random() >= retrievability(state, at)) return Rating.Again;
  return roll < 0.1 ? Rating.Hard : roll < 0.9 ? Rating.Good : Rating.Easy;
}

interface Learner {
  states: Map<string, SchedulingState>;
  random: () => number;
}

/** One day's session at `now`; returns the queue it started from and the reviews given. */
type Rule = (interview: UpcomingInterview | undefined) => InterviewForecast | undefined;

/**
 * Not shipped, for comparison: bring forward only the cards the normal schedule will not review
 * before the interview day (due on or after its start) and whose recall is below the target at
 * its end. FSRS puts a card's due date where its predicted recall reaches the target, so a card
 * due before the interview is reviewed in time by a learner who drills every day.
 */
const onlyDueTooLate: Rule = (interview) => {
  const shipped = interviewForecast(interview);
  if (!interview || !shipped) return undefined;
  const dayStart = startOfDay(interview.at);
  return { ...shipped, recallAtInterview: (state) => (state.due < dayStart ? 1 : shipped.recallAtInterview(state)) };
};

function drillDay(learner: Learner, now: number, interviewDay: string | undefined, rule: Rule = interviewForecast): { queue: DrillQueue; reviews: number } {
  const queue = buildDrillQueue({
    cards: kb.cards,
    states: learner.states,
    now,
    dailyNewLimit: DEFAULT_DAILY_NEW_LIMIT,
    newIntroducedToday: 0,
    interview: rule(upcomingInterview(interviewDay, now)),
  });
  const order = queue.cards.map((card) => card.id);
  let at = now;
  for (let i = 0; i < order.length; i++) {
    const id = order[i]!;
    const next = applyGrade(learner.states.get(id), sampleGrade(learner.states.get(id), at, learner.random), at);
    learner.states.set(id, next);
    if (comesBackInSession(next, at)) order.push(id);
    at += SECONDS_PER_REVIEW * 1000;
  }
  return { queue, reviews: order.length };
}

function profile(seed: number, days: number, start: number): Learner {
  const learner: Learner = { states: new Map(), random: seeded(seed) };
  for (let day = 0; day < days; day++) drillDay(learner, start + day * DAY, undefined);
  return learner;
}

function copy(learner: Learner, seed: number): Learner {
  return { states: new Map(learner.states), random: seeded(seed * 7919) };
}

/** Drills every day from `today` to the interview day (inclusive); the recall predicted at its end. */
function runUp(learner: Learner, today: number, daysAhead: number, interviewDay: string | undefined, rule?: Rule) {
  let reviews = 0;
  let first: ReturnType<typeof drillDay> | undefined;
  for (let day = 0; day <= daysAhead; day++) {
    const session = drillDay(learner, today + day * DAY, interviewDay, rule);
    first ??= session;
    reviews += session.reviews;
  }
  const at = upcomingInterview(localDayAfter(today, daysAhead), today)!.at;
  const studied = [...learner.states.values()].filter((state) => state.reps > 0);
  const recall = studied.map((state) => retrievability(state, at));
  return {
    first: first!,
    reviews,
    meanRecall: recall.reduce((sum, r) => sum + r, 0) / recall.length,
    belowTarget: recall.filter((r) => r < TARGET_RETENTION).length,
    studied: studied.length,
  };
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const summary = (values: number[], digits = 0) => {
  const fmt = (v: number) => v.toFixed(digits);
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  return lo === hi ? fmt(lo) : `${fmt(mean(values))} [${fmt(lo)}–${fmt(hi)}]`;
};
const percent = (values: number[]) => summary(values.map((v) => 100 * v), 1);

const start = new Date(2026, 0, 5, 9).getTime();
console.log(`interview date and the drill queue: ${kb.cards.length} cards, ${SEEDS.length} simulated learners, target retention ${TARGET_RETENTION}`);
for (const { label, days } of PROFILES) {
  const today = start + days * DAY;
  const learners = SEEDS.map((seed) => profile(seed, days, start));
  const studied = learners.map((l) => [...l.states.values()].filter((s) => s.reps > 0).length);
  console.log(`\n${label}: ${summary(studied)} cards studied`);
  console.log('interview in | queue today: due · brought forward · new = cards | reviews until the day (no date → with date) | recall on the day, mean (no date → with date) | studied cards below 90 % on the day (no date → with date)');
  for (const daysAhead of [0, ...INTERVIEW_DAYS_AHEAD]) {
    const interviewDay = daysAhead === 0 ? undefined : localDayAfter(today, daysAhead);
    const withDate = learners.map((learner, i) => runUp(copy(learner, SEEDS[i]!), today, daysAhead, interviewDay));
    const withoutDate = learners.map((learner, i) => runUp(copy(learner, SEEDS[i]!), today, daysAhead, undefined));
    const q = withDate.map((r) => r.first.queue);
    const queueText = `${summary(q.map((x) => x.dueCount))} · ${summary(q.map((x) => x.broughtForwardCount))} · ${summary(q.map((x) => x.newCount))} = ${summary(q.map((x) => x.cards.length))}`;
    if (daysAhead === 0) {
      console.log(`no date      | ${queueText}`);
      continue;
    }
    console.log(
      `${`${daysAhead} days`.padEnd(12)} | ${queueText} | ${summary(withoutDate.map((r) => r.reviews))} → ${summary(withDate.map((r) => r.reviews))}` +
        ` | ${percent(withoutDate.map((r) => r.meanRecall))} % → ${percent(withDate.map((r) => r.meanRecall))} %` +
        ` | ${summary(withoutDate.map((r) => r.belowTarget))} → ${summary(withDate.map((r) => r.belowTarget))}`,
    );
  }
}
console.log('\nfor comparison, a rule not shipped: bring forward only cards due on or after the interview day (the normal schedule reviews the others in time)');
console.log('profile      | interview in | queue today: brought forward | reviews until the day | recall on the day, mean | studied cards below 90 % on the day');
for (const { days } of PROFILES) {
  const today = start + days * DAY;
  const learners = SEEDS.map((seed) => profile(seed, days, start));
  for (const daysAhead of INTERVIEW_DAYS_AHEAD) {
    const runs = learners.map((learner, i) => runUp(copy(learner, SEEDS[i]!), today, daysAhead, localDayAfter(today, daysAhead), onlyDueTooLate));
    console.log(
      `${`${days} days`.padEnd(12)} | ${`${daysAhead} days`.padEnd(12)} | ${summary(runs.map((r) => r.first.queue.broughtForwardCount))} | ${summary(runs.map((r) => r.reviews))}` +
        ` | ${percent(runs.map((r) => r.meanRecall))} % | ${summary(runs.map((r) => r.belowTarget))}`,
    );
  }
}

// Sanity: the day after the interview, the queue is the normal one again (checked, not assumed).
const check = profile(1, 21, start);
const after = start + 21 * DAY + 15 * DAY;
const normal = buildDrillQueue({ cards: kb.cards, states: check.states, now: after, dailyNewLimit: DEFAULT_DAILY_NEW_LIMIT, newIntroducedToday: 0 });
const withPast = buildDrillQueue({
  cards: kb.cards,
  states: check.states,
  now: after,
  dailyNewLimit: DEFAULT_DAILY_NEW_LIMIT,
  newIntroducedToday: 0,
  interview: interviewForecast(upcomingInterview(localDayAfter(startOfDay(after), -1), after)),
});
console.log(`\nthe day after the interview the queue is the normal one: ${JSON.stringify(normal) === JSON.stringify(withPast)}`);
