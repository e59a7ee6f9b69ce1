import type { OutputChunk } from './session';

/** Messages between the panel's runner (utils/python/runner.ts) and its worker (worker.ts). */
export type ToWorker = { type: 'run'; id: number; source: string };

export type LoadingStep = 'runtime' | 'compile' | 'interpreter' | 'asyncio';

export type FromWorker =
  | { type: 'loading'; step: LoadingStep }
  | { type: 'ready'; loadMs: number }
  | { type: 'load-failed'; message: string }
  | { type: 'started'; id: number }
  | { type: 'output'; id: number; chunks: OutputChunk[] }
  | { type: 'done'; id: number; exitCode: number; truncated: boolean; elapsedMs: number }
  | { type: 'crashed'; id: number; message: string };

/** Where the build puts Pyodide's run-time files (wxt.config.ts), relative to the extension root. */
export const PYODIDE_ASSET_DIR = 'pyodide';
