import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FromWorker, ToWorker } from '../../utils/python/protocol';
import { createPythonRunner, outputText, type WorkerLike } from '../../utils/python/runner';

/**
 * The runner's side of the worker protocol, against a scripted worker: what it does on
 * output, on the time limit, on Stop and when Python cannot load. The real worker and
 * Pyodide are exercised by tests/e2e/run-python.spec.ts in Chromium.
 */
class ScriptedWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  received: ToWorker[] = [];
  terminated = false;
  postMessage(message: ToWorker) {
    this.received.push(message);
  }
  terminate() {
    this.terminated = true;
  }
  send(message: FromWorker) {
    this.onmessage?.({ data: message } as MessageEvent<FromWorker>);
  }
  get lastId() {
    return this.received[this.received.length - 1]!.id;
  }
}

describe('the Python runner', () => {
  let workers: ScriptedWorker[];
  const newWorker = () => {
    const worker = new ScriptedWorker();
    workers.push(worker);
    return worker;
  };

  beforeEach(() => {
    workers = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('starts no worker until the first run, then streams output and reports the exit', async () => {
    const runner = createPythonRunner(newWorker);
    expect(workers).toHaveLength(0);
    expect(runner.hasRuntime).toBe(false);
    const seen: string[] = [];
    const statuses: string[] = [];
    const done = runner.run('print(1)', {
      onOutput: (chunks) => seen.push(outputText(chunks)),
      onStatus: (s) => statuses.push(s.state === 'loading' ? s.step : s.state),
    });
    await vi.advanceTimersByTimeAsync(0);
    const worker = workers[0]!;
    expect(worker.received).toEqual([{ type: 'run', id: 1, source: 'print(1)' }]);
    worker.send({ type: 'loading', step: 'runtime' });
    worker.send({ type: 'loading', step: 'interpreter' });
    worker.send({ type: 'ready', loadMs: 2000 });
    worker.send({ type: 'started', id: 1 });
    worker.send({ type: 'output', id: 1, chunks: [{ stream: 'stdout', text: 'a\n' }] });
    worker.send({ type: 'output', id: 1, chunks: [{ stream: 'stderr', text: 'warn\n' }, { stream: 'stdout', text: 'b\n' }] });
    worker.send({ type: 'done', id: 1, exitCode: 0, truncated: false, elapsedMs: 120 });
    const result = await done;
    expect(result).toMatchObject({ exit: 'ok', exitCode: 0, elapsedMs: 120, loadMs: 2000, truncated: false });
    expect(outputText(result.output)).toBe('a\nwarn\nb\n');
    expect(outputText(result.output, 'stderr')).toBe('warn\n');
    expect(seen).toEqual(['a\n', 'warn\nb\n']);
    expect(statuses).toEqual(['runtime', 'interpreter', 'running']);

    // The second run reuses the loaded worker and reports no load time.
    const second = runner.run('raise SystemExit(3)');
    await vi.advanceTimersByTimeAsync(0);
    expect(workers).toHaveLength(1);
    worker.send({ type: 'started', id: worker.lastId });
    worker.send({ type: 'done', id: worker.lastId, exitCode: 3, truncated: false, elapsedMs: 5 });
    const secondResult = await second;
    expect(secondResult).toMatchObject({ exit: 'error', exitCode: 3 });
    expect(secondResult.loadMs).toBeUndefined();
  });

  it('terminates the worker at the time limit, and the next run starts a fresh one', async () => {
    const runner = createPythonRunner(newWorker);
    const run = runner.run('while True: pass', { timeoutMs: 2000 });
    await vi.advanceTimersByTimeAsync(0);
    workers[0]!.send({ type: 'ready', loadMs: 10 });
    workers[0]!.send({ type: 'started', id: 1 });
    workers[0]!.send({ type: 'output', id: 1, chunks: [{ stream: 'stdout', text: 'spinning\n' }] });
    await vi.advanceTimersByTimeAsync(1999);
    expect(workers[0]!.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const result = await run;
    expect(result.exit).toBe('timeout');
    expect(outputText(result.output)).toBe('spinning\n');
    expect(workers[0]!.terminated).toBe(true);
    expect(runner.hasRuntime).toBe(false);

    void runner.run('print(2)');
    await vi.advanceTimersByTimeAsync(0);
    expect(workers).toHaveLength(2);
  });

  it('stops a run at once when its signal aborts', async () => {
    const runner = createPythonRunner(newWorker);
    const controller = new AbortController();
    const run = runner.run('while True: pass', { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(0);
    workers[0]!.send({ type: 'started', id: 1 });
    controller.abort();
    expect((await run).exit).toBe('stopped');
    expect(workers[0]!.terminated).toBe(true);
  });

  it('reports a runtime that fails or never answers as load-failed, and tries again on the next run', async () => {
    const runner = createPythonRunner(newWorker, 5000);
    const failed = runner.run('print(1)');
    await vi.advanceTimersByTimeAsync(0);
    workers[0]!.send({ type: 'load-failed', message: 'WebAssembly.instantiate(): refused by CSP' });
    expect(await failed).toMatchObject({ exit: 'load-failed', message: 'WebAssembly.instantiate(): refused by CSP' });

    const hanging = runner.run('print(1)');
    await vi.advanceTimersByTimeAsync(5000);
    expect(await hanging).toMatchObject({ exit: 'load-failed', message: 'Python did not start within 5 s.' });
    expect(workers).toHaveLength(2);
    expect(workers[1]!.terminated).toBe(true);
  });

  it('runs one snippet at a time: a second run waits for the first', async () => {
    const runner = createPythonRunner(newWorker);
    const first = runner.run('a');
    const second = runner.run('b');
    await vi.advanceTimersByTimeAsync(0);
    const worker = workers[0]!;
    expect(worker.received.map((m) => m.source)).toEqual(['a']);
    worker.send({ type: 'started', id: 1 });
    worker.send({ type: 'done', id: 1, exitCode: 0, truncated: false, elapsedMs: 1 });
    await first;
    await vi.advanceTimersByTimeAsync(0);
    expect(worker.received.map((m) => m.source)).toEqual(['a', 'b']);
    worker.send({ type: 'started', id: 2 });
    worker.send({ type: 'done', id: 2, exitCode: 0, truncated: false, elapsedMs: 1 });
    expect((await second).exit).toBe('ok');
  });
});
