import type { Card } from '@/knowledge/schema';
import { compareOutput } from '@/utils/python/compare-output';
import { outputText } from '@/utils/python/runner';
import { RunOutput } from '../card/RunOutput';
import { RunProgress } from '../card/RunProgress';
import { usePythonRun, useRunTimeLimit } from '../card/use-python-run';
import { buttonClass } from '../shared/ui';

interface DrillRunProps {
  code: NonNullable<Card['code']>;
  /** What the user typed as the output. */
  typed: string;
}

/**
 * After a "what does this print?" answer: run the snippet in the panel's Python and compare
 * what it really prints with the user's answer, line by line.
 */
export function DrillRun({ code, typed }: DrillRunProps) {
  const { view, run, stop, busy } = usePythonRun();
  const [timeLimit] = useRunTimeLimit();

  if (code.cpythonOnly) {
    return (
      <p data-testid="drill-run-unavailable" className="text-xs text-zinc-600 dark:text-zinc-400">
        Runs only in CPython, not in the panel: this snippet {code.cpythonOnly}.
      </p>
    );
  }
  // A run that ended by itself (exit code 0 or not: some snippets end in a traceback) is
  // compared with the answer; a stopped or failed-to-load run is not.
  const finished = view.phase === 'finished' && view.result.exitCode !== undefined ? view.result : undefined;
  const comparison = finished ? compareOutput(typed, outputText(finished.output)) : undefined;
  return (
    <section aria-label="Run it" className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" data-testid="drill-run" className={buttonClass} disabled={busy} onClick={() => void run(code.source)}>
          {view.phase === 'idle' ? '▶ Run it and compare with your answer' : '▶ Run again'}
        </button>
        {busy && (
          <button type="button" className={buttonClass} onClick={stop}>
            Stop
          </button>
        )}
        <RunProgress view={view} />
      </div>
      {view.phase !== 'idle' && <RunOutput view={view} timeLimitMs={timeLimit} comparison={comparison} comparedWith="your answer" expectedLineLabel="you said" />}
    </section>
  );
}
