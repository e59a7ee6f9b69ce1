import { LOADING_STEPS, LOADING_STEP_LABELS } from '@/utils/python/loading';
import type { RunView } from './use-python-run';

/**
 * Beside the Run button, while a run is under way: which step of Python's first load it is
 * in (loading, compiling, starting, preparing asyncio), then "Running". It sits in the
 * button row, so it is on screen wherever the code block is scrolled to; the run's status
 * line under the code says the same to screen readers (this one is not a live region).
 */
export function RunProgress({ view }: { view: RunView }) {
  if (view.phase !== 'loading' && view.phase !== 'running') return null;
  const steps = LOADING_STEPS.length + 1; // the load's steps, then the run itself
  const done = view.phase === 'loading' ? LOADING_STEPS.indexOf(view.step) : LOADING_STEPS.length;
  const label = view.phase === 'loading' ? LOADING_STEP_LABELS[view.step] : 'Running';
  return (
    <span data-testid="run-progress" data-step={view.phase === 'loading' ? view.step : 'running'} className="flex items-center gap-1 text-xs text-zinc-700 dark:text-zinc-300">
      <progress
        aria-label={`${label}, step ${done + 1} of ${steps}`}
        max={steps}
        value={done + 0.5}
        className="h-1.5 w-12 overflow-hidden rounded-full accent-sky-600 [&::-webkit-progress-bar]:bg-zinc-200 [&::-webkit-progress-value]:bg-sky-600 dark:[&::-webkit-progress-bar]:bg-zinc-700 dark:[&::-webkit-progress-value]:bg-sky-400"
      />
      <span>{label}…</span>
    </span>
  );
}
