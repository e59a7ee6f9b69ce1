import type { FromWorker, LoadingStep, ToWorker } from './protocol';
import type { OutputChunk } from './session';

/**
 * Runs Python snippets for the panel in a worker that holds Pyodide. Plain TypeScript (no
 * React): the card view and the drill view use it through components/card/use-python-run.ts.
 *
 * The worker is started on the first run, not before, so the panel's start-up does not pay
 * for Python. A run that passes its time limit, or that the user stops, terminates the
 * worker (a busy Python cannot be interrupted otherwise); the next run loads a fresh one.
 */

export type RunExit = 'ok' | 'error' | 'timeout' | 'stopped' | 'load-failed';

export interface RunResult {
  exit: RunExit;
  /** The program's exit code when it ended by itself (0 ok, 1 uncaught exception, or sys.exit's). */
  exitCode?: number;
  /** Time the snippet ran, from its start in the worker to its end (or to the stop). */
  elapsedMs: number;
  /** Time spent loading Python first, if this run had to load it. */
  loadMs?: number;
  /** Everything printed, in order. */
  output: OutputChunk[];
  /** The output went over the worker's cap and the rest was dropped. */
  truncated: boolean;
  /** Why the runtime could not load (exit 'load-failed'). */
  message?: string;
}

export type RunnerStatus =
  | { state: 'loading'; step: LoadingStep }
  | { state: 'running' };

export interface RunOptions {
  /** Output as it comes, in batches. */
  onOutput?(chunks: OutputChunk[]): void;
  /** Loading steps, then 'running' when the snippet starts. */
  onStatus?(status: RunnerStatus): void;
  /** The time limit for the snippet itself (loading not included). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface PythonRunner {
  run(source: string, options?: RunOptions): Promise<RunResult>;
  /** True when a worker with Python loaded (or loading) is alive. */
  readonly hasRuntime: boolean;
  dispose(): void;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
/** A runtime that has not answered by then is reported as failed (the CSP can make it hang). */
export const LOAD_TIMEOUT_MS = 60_000;


export interface WorkerLike {
  postMessage(message: ToWorker): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export function createPythonRunner(createWorker: () => WorkerLike, loadTimeoutMs = LOAD_TIMEOUT_MS): PythonRunner {
  let worker: WorkerLike | undefined;
  let loaded = false;
  let nextId = 1;
  let queue: Promise<unknown> = Promise.resolve();

  function discardWorker() {
    worker?.terminate();
    worker = undefined;
    loaded = false;
  }

  function runNow(source: string, options: RunOptions): Promise<RunResult> {
    const id = nextId++;
    const output: OutputChunk[] = [];
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let truncated = false;
    let loadMs: number | undefined;
    let startedAt: number | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;

    if (!worker) worker = createWorker();
    const active = worker;

    return new Promise<RunResult>((resolve) => {
      let settled = false;
      const finish = (result: Omit<RunResult, 'output' | 'truncated' | 'elapsedMs'> & { elapsedMs?: number }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        active.onmessage = null;
        active.onerror = null;
        resolve({
          ...result,
          elapsedMs: result.elapsedMs ?? (startedAt === undefined ? 0 : performance.now() - startedAt),
          output,
          truncated,
          ...(loadMs === undefined ? {} : { loadMs }),
        });
      };
      const onAbort = () => {
        discardWorker();
        finish({ exit: 'stopped' });
      };
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort);

      if (!loaded) {
        timer = setTimeout(() => {
          discardWorker();
          finish({ exit: 'load-failed', message: `Python did not start within ${Math.round(loadTimeoutMs / 1000)} s.` });
        }, loadTimeoutMs);
      }

      active.onerror = (event) => {
        event.preventDefault?.();
        discardWorker();
        finish(
          startedAt === undefined
            ? { exit: 'load-failed', message: event.message || 'The Python worker could not start.' }
            : { exit: 'error', message: event.message || 'The Python worker failed.' },
        );
      };
      active.onmessage = ({ data }) => {
        switch (data.type) {
          case 'loading':
            options.onStatus?.({ state: 'loading', step: data.step });
            break;
          case 'ready':
            loaded = true;
            loadMs = data.loadMs;
            clearTimeout(timer);
            break;
          case 'load-failed':
            discardWorker();
            finish({ exit: 'load-failed', message: data.message });
            break;
          case 'started':
            if (data.id !== id) break;
            loaded = true;
            clearTimeout(timer);
            startedAt = performance.now();
            options.onStatus?.({ state: 'running' });
            timer = setTimeout(() => {
              discardWorker();
              finish({ exit: 'timeout' });
            }, timeoutMs);
            break;
          case 'output':
            if (data.id !== id) break;
            output.push(...data.chunks);
            options.onOutput?.(data.chunks);
            break;
          case 'done':
            if (data.id !== id) break;
            truncated = data.truncated;
            finish({ exit: data.exitCode === 0 ? 'ok' : 'error', exitCode: data.exitCode, elapsedMs: data.elapsedMs });
            break;
          case 'crashed':
            if (data.id !== id) break;
            discardWorker();
            finish({ exit: 'error', message: data.message });
            break;
        }
      };
      active.postMessage({ type: 'run', id, source });
    });
  }

  return {
    run(source, options = {}) {
      // One snippet at a time: a second Run waits for the first to end.
      const result = queue.then(() => runNow(source, options));
      queue = result.catch(() => undefined);
      return result;
    },
    get hasRuntime() {
      return worker !== undefined;
    },
    dispose: discardWorker,
  };
}

/** Joins the chunks of one stream kind, or of both in order, into text. */
export function outputText(chunks: readonly OutputChunk[], stream?: OutputChunk['stream']): string {
  return chunks
    .filter((chunk) => !stream || chunk.stream === stream)
    .map((chunk) => chunk.text)
    .join('');
}
