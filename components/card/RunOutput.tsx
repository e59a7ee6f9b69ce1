import { LOADING_STEPS, LOADING_STEP_LABELS } from '@/utils/python/loading';
import type { OutputComparison } from '@/utils/python/compare-output';
import type { RunResult } from '@/utils/python/runner';
import { OutputComparisonView } from './OutputComparisonView';
import type { RunView } from './use-python-run';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** One sentence on how the run went: loading, running, or how it ended and in what time. */
export function runStatusText(view: RunView, timeLimitMs: number): string {
  switch (view.phase) {
    case 'idle':
      return '';
    case 'loading':
      return `${LOADING_STEP_LABELS[view.step]}… (step ${LOADING_STEPS.indexOf(view.step) + 1} of ${LOADING_STEPS.length}, first run only)`;
    case 'running':
      return 'Running…';
    case 'finished':
      return finishedText(view.result, timeLimitMs);
  }
}

function finishedText(result: RunResult, timeLimitMs: number): string {
  const loaded = result.loadMs === undefined ? '' : ` (Python loaded in ${seconds(result.loadMs)})`;
  switch (result.exit) {
    case 'ok':
      return `Finished in ${seconds(result.elapsedMs)}, exit code 0${loaded}.`;
    case 'error':
      return result.exitCode === undefined
        ? `Python failed: ${result.message ?? 'unknown error'}. The next run starts a fresh Python.`
        : `Ended with exit code ${result.exitCode} after ${seconds(result.elapsedMs)}${loaded}.`;
    case 'timeout':
      return `Stopped by the ${timeLimitMs / 1000} s time limit. The next run starts a fresh Python.`;
    case 'stopped':
      return `Stopped after ${seconds(result.elapsedMs)}. The next run starts a fresh Python.`;
    case 'load-failed':
      return `Python could not load: ${result.message ?? 'unknown error'}. The card still works; Run tries again.`;
  }
}

/** The run's status line, its output as it streams (stderr marked), and how it compares with the card. */
export function RunOutput({
  view,
  timeLimitMs,
  comparison,
  comparedWith,
  expectedLineLabel,
}: {
  view: Exclude<RunView, { phase: 'idle' }>;
  timeLimitMs: number;
  comparison?: OutputComparison;
  /** Whose text `comparison` compares with, e.g. "the card's output". */
  comparedWith?: string;
  /** Label of the compared text's lines where they differ (default "expected"). */
  expectedLineLabel?: string;
}) {
  const failed = view.phase === 'finished' && view.result.exit !== 'ok';
  return (
    <div className="flex flex-col gap-1" data-testid="run-panel">
      <p
        role="status"
        data-testid="run-status"
        data-exit={view.phase === 'finished' ? view.result.exit : view.phase}
        className={`text-xs ${failed ? 'text-red-700 dark:text-red-300' : 'text-zinc-600 dark:text-zinc-400'}`}
      >
        {runStatusText(view, timeLimitMs)}
      </p>
      {view.phase !== 'loading' && (
        <>
          <div className="text-xs text-zinc-600 dark:text-zinc-400">Output of this run</div>
          <pre
            data-testid="run-output"
            aria-live="off"
            // No height cap: the document is the panel's one scroll container.
            className="output-wrap rounded-lg border border-emerald-300 bg-white p-3 text-xs leading-relaxed text-zinc-900 dark:border-emerald-800 dark:bg-zinc-950 dark:text-zinc-100"
          >
            {view.output.map((chunk, i) =>
              chunk.stream === 'stderr' ? (
                <span key={i} data-stream="stderr" title="standard error" className="text-red-700 dark:text-red-300">
                  {chunk.text}
                </span>
              ) : (
                <span key={i}>{chunk.text}</span>
              ),
            )}
          </pre>
          {view.phase === 'finished' && view.result.truncated && <p className="text-xs text-zinc-600 dark:text-zinc-400">Output cut: the rest was not kept.</p>}
        </>
      )}
      {comparison && (
        <OutputComparisonView comparison={comparison} expectedLabel={comparedWith ?? 'the expected output'} {...(expectedLineLabel ? { expectedLineLabel } : {})} />
      )}
    </div>
  );
}
