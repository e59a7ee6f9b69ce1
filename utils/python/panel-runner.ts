import { createPythonRunner, type PythonRunner } from './runner';

let runner: PythonRunner | undefined;

/**
 * The panel's one Python runner. Creating it starts nothing: the worker (a separate chunk
 * that Vite bundles with Pyodide's loader) starts on the first run.
 */
export function panelPythonRunner(): PythonRunner {
  runner ??= createPythonRunner(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'python' }));
  return runner;
}
