import { useMemo } from 'react';
import type { KnowledgeBase } from '@/knowledge/schema';
import { startOfDay } from '@/utils/drill';
import { describeInterview, upcomingInterview } from '@/utils/interview-date';
import { computeMastery, DEFAULT_MASTERY_HORIZON_MS, masteryLevel, masteryMoment, type MasteryLevel } from '@/utils/mastery';
import type { UserProgress } from '@/utils/database';
import { linkClass } from '../shared/ui';

const LEVEL_STYLE: Record<MasteryLevel, { bar: string; text: string; label: string }> = {
  weak: { bar: 'bg-rose-600 dark:bg-rose-500', text: 'text-rose-800 dark:text-rose-300', label: 'weak' },
  shaky: { bar: 'bg-amber-500 dark:bg-amber-400', text: 'text-amber-900 dark:text-amber-300', label: 'shaky' },
  strong: { bar: 'bg-emerald-600 dark:bg-emerald-500', text: 'text-emerald-800 dark:text-emerald-300', label: 'strong' },
  unstarted: { bar: 'bg-zinc-300 dark:bg-zinc-700', text: 'text-zinc-600 dark:text-zinc-400', label: 'not started' },
};

const DAY = 86_400_000;
/** Says which moment the recall is predicted for without an interview date. */
const horizonLabel = `in ${Math.round(DEFAULT_MASTERY_HORIZON_MS / DAY)} days`;

/** Per concept: the recall the scheduler predicts a week ahead (or at the interview, while one
 * lies ahead) and cards due today, weakest first. */
export function MasteryView({ knowledgeBase, progress, onDrillConcept }: {
  knowledgeBase: KnowledgeBase;
  progress: UserProgress;
  onDrillConcept(conceptId: string): void;
}) {
  // Recomputed when progress changes; recall drifting by the minute while the view is open does not matter.
  const { entries, interview } = useMemo(() => {
    const now = Date.now();
    const interview = upcomingInterview(progress.interviewDate, now);
    const entries = computeMastery(knowledgeBase.concepts, knowledgeBase.cards, progress.states, now, startOfDay(now) + DAY, masteryMoment(now, interview));
    return { entries, interview };
  }, [knowledgeBase, progress.states, progress.interviewDate]);
  const recallLabel = interview ? 'at your interview' : horizonLabel;
  const studied = entries.reduce((sum, e) => sum + e.studied, 0);
  const dueToday = entries.reduce((sum, e) => sum + e.dueToday, 0);
  const weak = entries.filter((e) => masteryLevel(e) === 'weak').length;
  return (
    <section aria-labelledby="mastery-title" className="flex flex-col gap-3">
      <h2 id="mastery-title" className="text-base font-semibold">
        {interview ? 'Progress: recall at your interview' : 'Progress'}
      </h2>
      {interview && (
        <p data-testid="interview-countdown" className="text-sm text-zinc-700 dark:text-zinc-300">
          {describeInterview(interview)}. Recall is predicted for the end of that day.
        </p>
      )}
      <p data-testid="progress-totals" className="text-sm text-zinc-700 dark:text-zinc-300">
        {studied} of {knowledgeBase.cards.length} cards studied · {dueToday} due today · {weak} weak {weak === 1 ? 'concept' : 'concepts'}
      </p>
      <ul aria-label="Mastery by concept" className="flex flex-col gap-2">
        {entries.map((entry) => {
          const level = masteryLevel(entry);
          const style = LEVEL_STYLE[level];
          const percent = Math.round((entry.recallOfStudied ?? 0) * 100);
          return (
            <li key={entry.concept.id} data-concept={entry.concept.id} data-level={level} className="flex flex-col gap-1">
              {/* The level goes under the title when both do not fit (200 % zoom); long API names break. */}
              <div className="flex flex-wrap items-baseline justify-between gap-x-2 text-sm">
                <button type="button" className={`${linkClass} min-w-0 [overflow-wrap:anywhere]`} onClick={() => onDrillConcept(entry.concept.id)} aria-label={`Drill ${entry.concept.title}`}>
                  {entry.concept.title}
                </button>
                <span className={`shrink-0 text-xs font-medium ${style.text}`}>
                  {level === 'unstarted' ? style.label : `${percent}% recall ${recallLabel} · ${style.label}`}
                </span>
              </div>
              <div
                role="meter"
                aria-label={`${entry.concept.title} recall ${recallLabel}`}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={percent}
                className="h-1.5 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
              >
                <div className={`h-full ${style.bar}`} style={{ width: `${Math.max(level === 'unstarted' ? 0 : 3, percent)}%` }} />
              </div>
              <p className="text-xs text-zinc-600 dark:text-zinc-400">
                {entry.studied}/{entry.cardCount} studied{entry.dueToday ? ` · ${entry.dueToday} due today` : ''}
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
