import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { normalizeOutput, outputMatches } from '../utils/python/compare-output';
import type { Card } from './schema';

/**
 * Runs card snippets under real CPython and compares what they print with `code.output`.
 *
 * The convention (documented in knowledge/README.md): a snippet is written to `main.py` in
 * an empty folder and run there with PYTHONUNBUFFERED=1 and standard error merged into
 * standard output; the folder's path is removed from the output. In the expected output
 * `<addr>` stands for a memory address and `<...>` for any text within one line.
 */

export const OLDEST_PYTHON = '3.11';
export const SNIPPET_TIMEOUT_MS = 15_000;

export interface PythonInterpreter {
  command: string;
  version: string; // "3.12"
}

function versionNumber(version: string): number {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major * 100 + minor;
}

/** The interpreter's version and real executable (a pyenv shim is a shell script that is slow to start). */
function probeInterpreter(command: string): { version: string; executable: string } | undefined {
  try {
    const out = execFileSync(command, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2]); print(sys.executable)'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: SNIPPET_TIMEOUT_MS,
    });
    const [version, executable] = out.trim().split('\n');
    return version ? { version, executable: executable || command } : undefined;
  } catch {
    return undefined;
  }
}

/** CPython interpreters of 3.11 or newer: PYTHON (if set), python3, python3.1x and pyenv installs. */
export function findPythons(): PythonInterpreter[] {
  const candidates = [process.env.PYTHON, 'python3', 'python3.11', 'python3.12', 'python3.13', 'python3.14'];
  const pyenvRoot = path.join(process.env.PYENV_ROOT ?? path.join(os.homedir(), '.pyenv'), 'versions');
  if (existsSync(pyenvRoot)) {
    for (const name of readdirSync(pyenvRoot)) candidates.push(path.join(pyenvRoot, name, 'bin', 'python3'));
  }
  const byVersion = new Map<string, PythonInterpreter>();
  for (const command of candidates) {
    if (!command) continue;
    const found = probeInterpreter(command);
    if (!found || versionNumber(found.version) < versionNumber(OLDEST_PYTHON) || byVersion.has(found.version)) continue;
    byVersion.set(found.version, { command: found.executable, version: found.version });
  }
  return [...byVersion.values()].sort((a, b) => versionNumber(a.version) - versionNumber(b.version));
}

/** The oldest interpreter that can run a snippet needing `minPython`. */
export function pickPython(pythons: PythonInterpreter[], minPython = OLDEST_PYTHON): PythonInterpreter | undefined {
  return pythons.find((p) => versionNumber(p.version) >= versionNumber(minPython));
}

export { outputMatches };

/** Runs one snippet as main.py and returns what it printed (stdout and stderr interleaved). */
export async function runSnippet(source: string, python: PythonInterpreter): Promise<{ output: string; timedOut: boolean }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'snippet-'));
  try {
    await writeFile(path.join(dir, 'main.py'), source.endsWith('\n') ? source : `${source}\n`);
    const outFile = await open(path.join(dir, 'out.txt'), 'w');
    let timedOut = false;
    try {
      await new Promise<void>((resolve, reject) => {
        const child = spawn(python.command, ['main.py'], {
          cwd: dir,
          stdio: ['ignore', outFile.fd, outFile.fd],
          env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1', PYTHONASYNCIODEBUG: '', PYTHONWARNINGS: '' },
        });
        const timer = setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, SNIPPET_TIMEOUT_MS);
        child.on('error', reject);
        child.on('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    } finally {
      await outFile.close();
    }
    const raw = await readFile(path.join(dir, 'out.txt'), 'utf8');
    return { output: normalizeOutput(raw.split(`${dir}${path.sep}`).join('')), timedOut };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface SnippetResult {
  card: Card;
  status: 'passed' | 'failed' | 'skipped';
  python?: string;
  actual?: string;
  reason?: string;
}

/**
 * Snippets run side by side, 8 per core: they mostly sleep, and a snippet must print the same
 * on a busy machine (no tight timing margins), so the check runs them under that load and
 * does not run a failure again.
 */
export const SNIPPETS_PER_CORE = 8;

/**
 * Runs every card's snippet under every given interpreter that meets its `minPython`
 * (3.11, 3.12 and 3.13 where installed), `concurrency` runs at a time.
 */
export async function checkSnippets(
  cards: Card[],
  pythons = findPythons(),
  concurrency = SNIPPETS_PER_CORE * os.availableParallelism(),
): Promise<SnippetResult[]> {
  const jobs: Array<{ card: Card; python: PythonInterpreter | undefined }> = [];
  for (const card of cards.filter((c) => c.code)) {
    const fitting = pythons.filter((p) => versionNumber(p.version) >= versionNumber(card.code!.minPython ?? OLDEST_PYTHON));
    if (fitting.length === 0) jobs.push({ card, python: undefined });
    for (const python of fitting) jobs.push({ card, python });
  }
  const results: SnippetResult[] = new Array(jobs.length);
  let next = 0;
  async function worker() {
    while (next < jobs.length) {
      const index = next++;
      const { card, python } = jobs[index]!;
      const code = card.code!;
      if (!python) {
        results[index] = { card, status: 'skipped', reason: `needs Python ${code.minPython ?? OLDEST_PYTHON}+` };
        continue;
      }
      const { output, timedOut } = await runSnippet(code.source, python);
      const passed = !timedOut && outputMatches(code.output, output);
      results[index] = {
        card,
        status: passed ? 'passed' : 'failed',
        python: python.version,
        actual: output,
        ...(timedOut ? { reason: `timed out after ${SNIPPET_TIMEOUT_MS / 1000} s` } : {}),
      };
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}
