import type { OutputComparison } from '@/utils/python/compare-output';

interface OutputComparisonViewProps {
  comparison: OutputComparison;
  /** Whose text the run is compared with: "the card's output", "your answer". */
  expectedLabel: string;
  /** How a line of the expected side is labelled where lines differ ("expected", "you said"). */
  expectedLineLabel?: string;
}

/**
 * A run's output against an expected text, line by line: the summary, then every line, with
 * both sides shown where they differ. Used by the card's code block (against the card's
 * output) and by the drill's "what does this print?" (against the user's answer).
 */
export function OutputComparisonView({ comparison, expectedLabel, expectedLineLabel = 'expected' }: OutputComparisonViewProps) {
  const differing = comparison.lines.filter((line) => !line.same).length;
  if (comparison.matches) {
    return (
      <p data-testid="run-comparison" className="text-xs text-emerald-700 dark:text-emerald-300">
        Same as {expectedLabel}.
      </p>
    );
  }
  return (
    <details data-testid="run-comparison-details" className="text-xs">
      <summary
        data-testid="run-comparison"
        className="cursor-pointer text-amber-800 focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-amber-300"
      >
        Differs from {expectedLabel} from line {comparison.firstDifference} ({differing} of {comparison.lines.length} lines differ)
      </summary>
      <ol className="mt-1 flex flex-col gap-0.5 font-mono">
        {comparison.lines.map((line) => (
          <li key={line.line} data-line={line.line} data-same={line.same} className="flex gap-2">
            <span className="w-6 shrink-0 text-right text-zinc-500 dark:text-zinc-400">{line.line}</span>
            {line.same ? (
              <span className="min-w-0 whitespace-pre-wrap wrap-anywhere text-zinc-700 dark:text-zinc-300">
                <span className="sr-only">same: </span>
                {line.actual}
              </span>
            ) : (
              <span className="flex min-w-0 flex-col">
                <span className="whitespace-pre-wrap wrap-anywhere text-zinc-600 dark:text-zinc-400">
                  {expectedLineLabel}: {line.expected ?? <em>(no line)</em>}
                </span>
                <span className="whitespace-pre-wrap wrap-anywhere text-amber-800 dark:text-amber-300">
                  printed: {line.actual ?? <em>(no line)</em>}
                </span>
              </span>
            )}
          </li>
        ))}
      </ol>
    </details>
  );
}
