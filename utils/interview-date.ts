// Types only from the drill module: it is part of the panel's start-up, and a run-time import
// from here makes the bundler put it in one chunk with the scheduler (ts-fsrs, ~7 KB gzipped).
import type { InterviewForecast } from './drill';
import { retrievability, TARGET_RETENTION } from './scheduler';

/**
 * The interview date the drill works toward (DESIGN.md, Drill). The user picks a calendar day
 * and it is stored as that local day, "YYYY-MM-DD" (what a native date input gives), so it
 * stays the same day whatever time zone the browser is in later.
 *
 * "On the interview day" means at the END of that local day. The hour of the interview is not
 * known; recall predicted for the day's last moment is a floor for every hour of it, so what
 * the drill brings forward covers an interview late in the day too, and the drill keeps
 * working toward the date through its morning. Once the day is over the interview is past and
 * the drill and Progress are exactly what they are without a date.
 */

/** A day further ahead than this is refused as a typo: at a year out almost every reviewed
 * card's recall would be below the target on the day (FSRS intervals of a collection being
 * learned are days to months), so the drill would bring the whole collection forward. */
export const MAX_INTERVIEW_DAYS_AHEAD = 365;

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight at the start of a "YYYY-MM-DD" day; undefined unless it is a real calendar day from 1970 on. */
export function startOfInterviewDay(day: unknown): number | undefined {
  if (typeof day !== 'string') return undefined;
  const match = DAY_PATTERN.exec(day);
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1970) return undefined;
  const start = new Date(year, month - 1, date);
  if (start.getFullYear() !== year || start.getMonth() !== month - 1 || start.getDate() !== date) return undefined;
  return start.getTime();
}

/** The local day containing `now` as "YYYY-MM-DD" (a date input's value). */
export function localDay(now: number): string {
  const day = new Date(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

/** The local day `days` calendar days after the one containing `now`. */
export function localDayAfter(now: number, days: number): string {
  const day = new Date(now);
  return localDay(new Date(day.getFullYear(), day.getMonth(), day.getDate() + days).getTime());
}

/** The last millisecond of the local day that starts at `dayStart` (days are 23 or 25 hours when clocks change). */
function endOfLocalDay(dayStart: number): number {
  const day = new Date(dayStart);
  return new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1).getTime() - 1;
}

/** Calendar days from the day containing `now` to `dayStart`: 0 today, 1 tomorrow, negative once past
 * (rounded: a day is 23 or 25 hours when clocks change). */
function calendarDaysUntil(dayStart: number, now: number): number {
  return Math.round((dayStart - startOfInterviewDay(localDay(now))!) / DAY_MS);
}

/** A date as the views show it, in the browser's language: "Fri, Mar 12, 2027". */
export function formatInterviewDay(day: string): string {
  const start = startOfInterviewDay(day);
  if (start === undefined) return day;
  return new Date(start).toLocaleDateString(undefined, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
}

/**
 * Why `day` cannot be the interview date, in one short sentence, or undefined when it can.
 * The Data tab refuses a day that has passed; an imported or synced value may lie in the past
 * (the interview happened since), but never absurdly far ahead.
 */
export function interviewDayProblem(day: string, now: number, past: 'refused' | 'allowed' = 'refused'): string | undefined {
  const start = startOfInterviewDay(day);
  if (start === undefined) return 'Enter a real day as YYYY-MM-DD.';
  const days = calendarDaysUntil(start, now);
  if (days < 0 && past === 'refused') return 'That day has passed: pick today or a later day.';
  // A file or another browser may be a day ahead of this clock (another time zone).
  if (days > MAX_INTERVIEW_DAYS_AHEAD + (past === 'allowed' ? 1 : 0)) {
    return `That is more than a year away: pick a day up to ${formatInterviewDay(localDayAfter(now, MAX_INTERVIEW_DAYS_AHEAD))}.`;
  }
  return undefined;
}

/** An interview date that has not passed yet. */
export interface UpcomingInterview {
  day: string;
  /** The moment recall is predicted for: the end of the interview day. */
  at: number;
  /** Calendar days to go: 0 on the day itself. */
  daysLeft: number;
}

/** The interview, while its day has not ended; undefined without a date or after it. */
export function upcomingInterview(day: string | undefined, now: number): UpcomingInterview | undefined {
  const start = startOfInterviewDay(day);
  if (start === undefined) return undefined;
  const at = endOfLocalDay(start);
  if (now > at) return undefined;
  return { day: day!, at, daysLeft: calendarDaysUntil(start, now) };
}

/** "Interview on Fri, Mar 12, 2027 — in 14 days" (or "— tomorrow", "— today"). */
export function describeInterview(interview: UpcomingInterview): string {
  const when = interview.daysLeft === 0 ? 'today' : interview.daysLeft === 1 ? 'tomorrow' : `in ${interview.daysLeft} days`;
  return `Interview on ${formatInterviewDay(interview.day)} — ${when}`;
}

/** What the drill queue needs to bring cards forward for an interview (utils/drill.ts); undefined without one ahead. */
export function interviewForecast(interview: UpcomingInterview | undefined): InterviewForecast | undefined {
  if (!interview) return undefined;
  return { recallAtInterview: (state) => retrievability(state, interview.at), targetRetention: TARGET_RETENTION };
}
