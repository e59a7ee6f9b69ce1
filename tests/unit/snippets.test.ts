import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../knowledge/compile';
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
  it('prints exactly its expected output', { timeout: 120_000 }, async () => {
    const { cards } = await loadKnowledgeBase();
    const results = await checkSnippets(cards, pythons);
    const failed = results.filter((r) => r.status === 'failed');
    const skipped = results.filter((r) => r.status === 'skipped');
    console.log(
      `snippets: ${results.length} run with ${pythons.map((p) => p.version).join(', ')}; ` +
        `${results.length - failed.length - skipped.length} passed, ${failed.length} failed, ${skipped.length} skipped` +
        (skipped.length ? ` (${skipped.map((s) => `${s.card.id}: ${s.reason}`).join('; ')})` : ''),
    );
    const report = failed.map((r) => `${r.card.id} (Python ${r.python})${r.reason ? ` ${r.reason}` : ''}\n--- expected\n${r.card.code?.output}\n--- printed\n${r.actual}`);
    expect(report).toEqual([]);
    expect(results.length).toBeGreaterThan(0);
  });
});

if (pythons.length === 0) console.warn('No python3 >= 3.11 found: card snippets were not run (install python3.11+ to check them).');
