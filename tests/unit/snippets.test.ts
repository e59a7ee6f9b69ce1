import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../knowledge/compile';
import { checkSnippetsInPyodide } from '../../knowledge/pyodide-snippets';
import { checkSnippets, findPythons, outputMatches } from '../../knowledge/snippets';

describe('the masking convention', () => {
  it('matches <addr> to an address and <...> to text within one line', () => {
    expect(outputMatches('<object at <addr>>', '<object at 0x7f3a2c1b9d60>')).toBe(true);
    expect(outputMatches('<object at <addr>>', '<object at 12345>')).toBe(false);
    expect(outputMatches('took <...> s\ndone', 'took 0.013 s\ndone')).toBe(true);
    expect(outputMatches('took <...> s', 'took 1\n2 s')).toBe(false);
    expect(outputMatches('a\nb', 'a  \nb\n\n')).toBe(true);
    expect(outputMatches('[1, 2]', '[1, 2, 3]')).toBe(false);
  });
});

const pythons = findPythons();

describe.skipIf(pythons.length === 0)('every card snippet under CPython', () => {
  it('prints exactly its expected output', { timeout: 300_000 }, async () => {
    const { cards } = await loadKnowledgeBase();
    const results = await checkSnippets(cards, pythons);
    const failed = results.filter((r) => r.status === 'failed');
    const skipped = results.filter((r) => r.status === 'skipped');
    console.log(
      `snippets: ${results.length} run with ${pythons.map((p) => p.version).join(', ')}; ` +
        `${results.length - failed.length - skipped.length} passed, ` +
        `${failed.length} failed, ${skipped.length} skipped` +
        (skipped.length ? ` (${skipped.map((s) => `${s.card.id}: ${s.reason}`).join('; ')})` : ''),
    );
    const report = failed.map((r) => `${r.card.id} (Python ${r.python})${r.reason ? ` ${r.reason}` : ''}\n--- expected\n${r.card.code?.output}\n--- printed\n${r.actual}`);
    expect(report).toEqual([]);
    expect(results.length).toBeGreaterThan(0);
  });
});

// The same Pyodide package and session code the panel's worker runs (utils/python/session.ts),
// in Node child processes. In this file, after the CPython check, so the two do not compete
// for the cores (snippets print rounded timings).
describe('every card snippet under Pyodide (Python 3.14 in WebAssembly)', () => {
  it('prints exactly its expected output, or the card says why it cannot run there', { timeout: 150_000 }, async () => {
    const { cards } = await loadKnowledgeBase();
    const results = await checkSnippetsInPyodide(cards, { concurrency: 2 });
    const failed = results.filter((r) => r.status === 'failed');
    const notRun = results.filter((r) => r.status === 'not-run');
    console.log(
      `pyodide snippets: ${results.length}; ${results.length - failed.length - notRun.length} passed, ` +
        `${failed.length} failed, ${notRun.length} marked cpythonOnly`,
    );
    const report = failed.map((r) => `${r.card.id}${r.reason ? ` ${r.reason}` : ''}\n--- expected\n${r.card.code?.output}\n--- printed\n${r.actual}`);
    expect(report).toEqual([]);
    expect(results.length - notRun.length).toBeGreaterThan(100);
  });
});

if (pythons.length === 0) console.warn('No python3 >= 3.11 found: card snippets were not run (install python3.11+ to check them).');
