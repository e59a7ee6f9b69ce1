import type { Card } from '@/knowledge/schema';
import type { DrillMode } from '@/utils/drill';
import { GRADES } from '@/utils/scheduler';
import { buttonClass, linkClass, primaryButtonClass, sectionTitleClass } from '../shared/ui';

export interface SessionResult {
  card: Card;
  grade: number;
  mode: DrillMode;
  answerMatched?: boolean;
}

interface DrillSummaryProps {
  results: readonly SessionResult[];
  elapsedMs: number;
  onDrillMore(): void;
  onShowProgress(): void;
  onOpenCard(cardId: string): void;
}

/** The end of a session: what was reviewed, how it went, and the cards to look at again. */
export function DrillSummary({ results, elapsedMs, onDrillMore, onShowProgress, onOpenCard }: DrillSummaryProps) {
  const outputs = results.filter((r) => r.mode === 'output');
  const parsons = results.filter((r) => r.mode === 'parsons');
  const missed = [...new Map(results.filter((r) => r.grade === 1).map((r) => [r.card.id, r.card])).values()];
  const minutes = Math.max(1, Math.round(elapsedMs / 60_000));
  return (
    <section aria-labelledby="drill-summary-title" data-testid="drill-summary" className="flex flex-col gap-3">
      <h2 id="drill-summary-title" tabIndex={-1} className="text-base font-semibold focus:outline-none">
        Session done
      </h2>
      <p className="text-sm">
        {results.length} {results.length === 1 ? 'review' : 'reviews'} of {new Set(results.map((r) => r.card.id)).size} cards in about {minutes}{' '}
        {minutes === 1 ? 'minute' : 'minutes'}.
      </p>
      <dl className="grid grid-cols-4 gap-2 text-center text-sm">
        {GRADES.map(({ grade, label }) => (
          <div key={grade} className="rounded-md border border-zinc-200 p-2 dark:border-zinc-800">
            <dt className="text-xs text-zinc-600 dark:text-zinc-400">{label}</dt>
            <dd data-testid={`summary-${label.toLowerCase()}`} className="text-lg font-semibold">
              {results.filter((r) => r.grade === grade).length}
            </dd>
          </div>
        ))}
      </dl>
      {outputs.length > 0 && (
        <p className="text-sm">
          “What does this print?”: {outputs.filter((r) => r.answerMatched).length} of {outputs.length} answered exactly.
        </p>
      )}
      {parsons.length > 0 && (
        <p className="text-sm">
          Parsons problems: {parsons.filter((r) => r.answerMatched).length} of {parsons.length} put in a working order.
        </p>
      )}
      {missed.length > 0 && (
        <div className="flex flex-col gap-1">
          <h3 className={sectionTitleClass}>Worth another look</h3>
          <ul className="flex flex-col gap-1">
            {missed.map((card) => (
              <li key={card.id}>
                <button type="button" className={linkClass} onClick={() => onOpenCard(card.id)}>
                  {card.title}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="flex flex-wrap gap-2">
        <button type="button" className={primaryButtonClass} onClick={onDrillMore}>
          Back to drill
        </button>
        <button type="button" className={buttonClass} onClick={onShowProgress}>
          See progress
        </button>
      </div>
    </section>
  );
}
