import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { LoadingStep } from '@/utils/python/protocol';
import { DEFAULT_TIMEOUT_MS, type PythonRunner, type RunResult } from '@/utils/python/runner';
import { panelPythonRunner } from '@/utils/python/panel-runner';
import type { OutputChunk } from '@/utils/python/session';

/** What one code block shows about its run. */
export type RunView =
  | { phase: 'idle' }
  | { phase: 'loading'; step: LoadingStep; output: OutputChunk[] }
  | { phase: 'running'; output: OutputChunk[] }
  | { phase: 'finished'; output: OutputChunk[]; result: RunResult };

/** Time limits the user can pick; the choice holds for the panel's session. */
export const TIME_LIMIT_CHOICES_MS = [2_000, 5_000, 10_000, 30_000, 60_000] as const;

let timeLimitMs = DEFAULT_TIMEOUT_MS;
const timeLimitListeners = new Set<() => void>();

/** The run time limit shared by every code block of the panel. */
export function useRunTimeLimit(): [number, (ms: number) => void] {
  const value = useSyncExternalStore(
    (listener) => {
      timeLimitListeners.add(listener);
      return () => timeLimitListeners.delete(listener);
    },
    () => timeLimitMs,
  );
  const set = useCallback((ms: number) => {
    timeLimitMs = ms;
    for (const listener of timeLimitListeners) listener();
  }, []);
  return [value, set];
}

/**
 * Runs code in the panel's Python and follows the run for one view (a card's code block, a
 * drill question). Stopping, or leaving the view, ends the run.
 */
export function usePythonRun(runner: PythonRunner = panelPythonRunner()) {
  const [view, setView] = useState<RunView>({ phase: 'idle' });
  const controller = useRef<AbortController>(undefined);
  const [timeLimit] = useRunTimeLimit();

  useEffect(() => () => controller.current?.abort(), []);

  const run = useCallback(
    async (source: string): Promise<RunResult> => {
      controller.current?.abort();
      const own = new AbortController();
      controller.current = own;
      let output: OutputChunk[] = [];
      setView({ phase: 'loading', step: 'runtime', output });
      const result = await runner.run(source, {
        timeoutMs: timeLimit,
        signal: own.signal,
        onStatus: (status) => {
          if (own.signal.aborted) return;
          setView(status.state === 'loading' ? { phase: 'loading', step: status.step, output } : { phase: 'running', output });
        },
        onOutput: (chunks) => {
          if (own.signal.aborted) return;
          output = [...output, ...chunks];
          setView((current) => (current.phase === 'running' ? { phase: 'running', output } : current));
        },
      });
      if (controller.current === own) {
        controller.current = undefined;
        setView({ phase: 'finished', output: result.output, result });
      }
      return result;
    },
    [runner, timeLimit],
  );

  const stop = useCallback(() => controller.current?.abort(), []);
  const clear = useCallback(() => {
    const running = controller.current;
    controller.current = undefined;
    running?.abort();
    setView({ phase: 'idle' });
  }, []);

  return { view, run, stop, clear, busy: view.phase === 'loading' || view.phase === 'running' };
}
