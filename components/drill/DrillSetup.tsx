import type { Concept } from '@/knowledge/schema';
import { describeScope, type DrillQueue, type DrillScope } from '@/utils/drill';
import { describeInterview, type UpcomingInterview } from '@/utils/interview-date';
import { formatInterval } from '@/utils/scheduler';
import { inputClass, primaryButtonClass } from '../shared/ui';

interface DrillSetupProps {
  scope: DrillScope;
  onScopeChange(scope: DrillScope): void;
  concepts: readonly Concept[];
  tags: readonly string[];
  queue: DrillQueue;
  dailyNewLimit: number;
  /** The interview the queue works toward, while its day has not ended. */
  interview: UpcomingInterview | undefined;
  /** When the next card in scope falls due, if none is due now. */
  nextDue: number | undefined;
  now: number;
  onStart(): void;
}

function scopeValue(scope: DrillScope): string {
  return scope.kind === 'concept' ? `concept:${scope.concept}` : scope.kind === 'tag' ? `tag:${scope.tag}` : scope.kind;
}

function parseScope(value: string): DrillScope {
  if (value.startsWith('concept:')) return { kind: 'concept', concept: value.slice('concept:'.length) };
  if (value.startsWith('tag:')) return { kind: 'tag', tag: value.slice('tag:'.length) };
  if (value === 'guide' || value === 'bookmarked') return { kind: value };
  return { kind: 'all' };
}

/** Picks what to drill and shows what a session would hold. */
export function DrillSetup({ scope, onScopeChange, concepts, tags, queue, dailyNewLimit, interview, nextDue, now, onStart }: DrillSetupProps) {
  const empty = queue.cards.length === 0;
  return (
    <section aria-labelledby="drill-setup-title" className="flex flex-col gap-3">
      <h2 id="drill-setup-title" className="text-base font-semibold">
        Drill
      </h2>
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">Cards to drill</span>
        <select value={scopeValue(scope)} onChange={(event) => onScopeChange(parseScope(event.target.value))} className={inputClass}>
          <option value="all">All cards</option>
          <option value="guide">The guide's topics</option>
          <option value="bookmarked">Bookmarked cards</option>
          <optgroup label="One concept">
            {concepts.map((concept) => (
              <option key={concept.id} value={`concept:${concept.id}`}>
                {concept.title}
              </option>
            ))}
          </optgroup>
          <optgroup label="One tag">
            {tags.map((tag) => (
              <option key={tag} value={`tag:${tag}`}>
                {tag}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      {interview && (
        <p data-testid="interview-countdown" className="text-sm text-zinc-700 dark:text-zinc-300">
          {describeInterview(interview)}
        </p>
      )}
      <p data-testid="drill-counts" className="text-sm text-zinc-700 dark:text-zinc-300">
        <strong>{queue.dueCount}</strong> due ·{' '}
        {interview && (
          <>
            <strong>{queue.broughtForwardCount}</strong> brought forward for your interview ·{' '}
          </>
        )}
        <strong>{queue.newCount}</strong> new
        <span className="text-zinc-600 dark:text-zinc-400"> (up to {dailyNewLimit} new a day)</span>
      </p>
      {empty && (
        <p role="status" className="text-sm text-zinc-700 dark:text-zinc-300">
          Nothing to drill in “{describeScope(scope, (id) => concepts.find((c) => c.id === id)?.title)}” right now.
          {queue.newHeldBack > 0 ? ` Today's new cards are done; ${queue.newHeldBack} more wait for the coming days (raise the daily limit under Data).` : ''}
          {nextDue !== undefined ? ` The next review is due in ${formatInterval(nextDue - now)}.` : ''}
        </p>
      )}
      <button type="button" onClick={onStart} disabled={empty} className={`${primaryButtonClass} self-start`}>
        Start drill
      </button>
    </section>
  );
}
