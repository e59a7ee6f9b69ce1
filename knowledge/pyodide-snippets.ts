import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Card } from './schema';
import { outputMatches } from './snippets';

/**
 * Runs card snippets under Pyodide in Node — the same npm package and the same session code
 * (utils/python/session.ts) the panel's worker uses — and compares what they print with
 * `code.output` under the masking convention of knowledge/README.md.
 *
 * Each Pyodide lives in a child Node process (knowledge/pyodide-snippet-child.ts), so a
 * snippet that never ends is stopped by killing its process, and a few run side by side
 * (snippets mostly sleep).
 */

export const PYODIDE_PACKAGE_DIR = path.dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
export const PYODIDE_SNIPPET_TIMEOUT_MS = 15_000;
const CHILD_SCRIPT = fileURLToPath(new URL('./pyodide-snippet-child.ts', import.meta.url));

export type ChildRequest = { type: 'run'; id: number; source: string };
export type ChildReply =
  | { type: 'ready' }
  | { type: 'done'; id: number; output: string; exitCode: number; elapsedMs: number };

export interface PyodideSnippetResult {
  card: Card;
  status: 'passed' | 'failed' | 'not-run';
  actual?: string;
  reason?: string;
}

class PyodideChild {
  private process: ChildProcess;
  private readonly ready: Promise<void>;
  private pending?: { id: number; resolve(reply: Extract<ChildReply, { type: 'done' }> | undefined): void };

  constructor() {
    this.process = fork(CHILD_SCRIPT, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.ready = new Promise((resolve, reject) => {
      this.process.once('exit', (code) => {
        reject(new Error(`Pyodide child exited with ${code} before it was ready`));
        this.pending?.resolve(undefined);
      });
      this.process.on('message', (reply: ChildReply) => {
        if (reply.type === 'ready') resolve();
        else if (this.pending?.id === reply.id) this.pending.resolve(reply);
      });
    });
    // A child killed before it was used (more workers than snippets) is not an error.
    this.ready.catch(() => undefined);
  }

  /** The run's reply, or undefined if the snippet did not finish within the time limit. */
  async run(id: number, source: string, timeoutMs: number) {
    await this.ready;
    return new Promise<Extract<ChildReply, { type: 'done' }> | undefined>((resolve) => {
      const timer = setTimeout(() => {
        this.kill();
        resolve(undefined);
      }, timeoutMs);
      this.pending = {
        id,
        resolve: (reply) => {
          clearTimeout(timer);
          this.pending = undefined;
          resolve(reply);
        },
      };
      this.process.send({ type: 'run', id, source } satisfies ChildRequest);
    });
  }

  kill() {
    this.process.kill('SIGKILL');
  }
}

export interface PyodideCheckOptions {
  /** Child processes side by side, each with its own Pyodide. */
  concurrency?: number;
}

/** Runs every card's snippet under Pyodide, skipping cards marked CPython-only. */
export async function checkSnippetsInPyodide(cards: Card[], options: PyodideCheckOptions = {}): Promise<PyodideSnippetResult[]> {
  const withCode = cards.filter((card) => card.code);
  const results: PyodideSnippetResult[] = new Array(withCode.length);
  let next = 0;
  async function worker() {
    let child = new PyodideChild();
    try {
      while (next < withCode.length) {
        const index = next++;
        const card = withCode[index]!;
        const code = card.code!;
        if (code.cpythonOnly) {
          results[index] = { card, status: 'not-run', reason: code.cpythonOnly };
          continue;
        }
        const reply = await child.run(index, code.source, PYODIDE_SNIPPET_TIMEOUT_MS);
        if (!reply) {
          results[index] = { card, status: 'failed', reason: `timed out after ${PYODIDE_SNIPPET_TIMEOUT_MS / 1000} s` };
          child = new PyodideChild();
          continue;
        }
        results[index] = {
          card,
          status: outputMatches(code.output, reply.output) ? 'passed' : 'failed',
          actual: reply.output,
        };
      }
    } finally {
      child.kill();
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 3) }, worker));
  return results;
}
