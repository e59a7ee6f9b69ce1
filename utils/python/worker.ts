/// <reference lib="webworker" />
import { loadPyodide } from 'pyodide';
import { PYODIDE_ASSET_DIR, type FromWorker, type ToWorker } from './protocol';
import { createPythonSession, PYTHON_ENV, type PythonSession } from './session';

/**
 * The panel's Python: a module worker that loads Pyodide from the files shipped inside the
 * extension (nothing from the network) and runs snippets one at a time. Running blocks this
 * worker (CPython's own event loop sleeps here), so the panel stops a run by terminating it.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromWorker) => scope.postMessage(message);

/** The smallest WebAssembly module: compiling it fails at once where the CSP forbids WebAssembly. */
const EMPTY_WASM_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

let compilingReported = false;
function reportCompiling(): void {
  if (compilingReported) return;
  compilingReported = true;
  post({ type: 'loading', step: 'compile' });
}

async function start(): Promise<PythonSession> {
  const started = performance.now();
  post({ type: 'loading', step: 'runtime' });
  try {
    await WebAssembly.compile(EMPTY_WASM_MODULE);
  } catch (error) {
    // Pyodide itself would wait forever here; say what is wrong instead.
    throw new Error(`this page may not run WebAssembly (${error instanceof Error ? error.message : String(error)})`);
  }
  // Pyodide compiles its 9.6 MB WebAssembly module through these; the first call is the
  // moment loading its JavaScript ends and compiling begins (the longest step on a slow machine).
  for (const name of ['instantiateStreaming', 'instantiate'] as const) {
    const original = WebAssembly[name] as (...args: unknown[]) => Promise<unknown>;
    (WebAssembly as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      reportCompiling();
      return original.apply(WebAssembly, args);
    };
  }
  // The worker's own URL is inside the extension, so this is chrome-extension://<id>/pyodide/.
  const indexURL = new URL(`/${PYODIDE_ASSET_DIR}/`, scope.location.href).href;
  const pyodide = await loadPyodide({
    indexURL,
    env: PYTHON_ENV,
    // Pyodide writes a banner to stdout at start-up in some versions: keep it out of the card.
    stdout: () => {},
    stderr: () => {},
    // Called once the WebAssembly module is compiled, before the interpreter starts.
    fsInit: async () => post({ type: 'loading', step: 'interpreter' }),
  });
  post({ type: 'loading', step: 'asyncio' });
  const session = createPythonSession(pyodide);
  session.prepare();
  post({ type: 'ready', loadMs: performance.now() - started });
  return session;
}

let sessionPromise: Promise<PythonSession> | undefined;

scope.onmessage = async (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type !== 'run') return;
  sessionPromise ??= start();
  let session: PythonSession;
  try {
    session = await sessionPromise;
  } catch (error) {
    post({ type: 'load-failed', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  post({ type: 'started', id: message.id });
  const started = performance.now();
  try {
    const result = session.run(message.source, (chunks) => post({ type: 'output', id: message.id, chunks }));
    post({ type: 'done', id: message.id, exitCode: result.exitCode, truncated: result.truncated, elapsedMs: performance.now() - started });
    session.prepare(); // while the user reads the output
  } catch (error) {
    post({ type: 'crashed', id: message.id, message: error instanceof Error ? error.message : String(error) });
  }
};
