import { loadPyodide } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../knowledge/compile';
import { PYODIDE_PACKAGE_DIR } from '../../knowledge/pyodide-snippets';
import type { Card } from '../../knowledge/schema';
import {
  arrangedProgram,
  isOriginalOrder,
  maskLineNumbers,
  MAX_PARSONS_PIECES,
  MIN_PARSONS_PIECES,
  movePiece,
  parsonsPieces,
  parsonsProblem,
  piecesInPlace,
  qualifiesForParsons,
  shuffleOrder,
  suggestedParsonsGrade,
  verdictCorrect,
  verdictFromRun,
  type ParsonsVerdict,
} from '../../utils/parsons';
import { outputText } from '../../utils/python/runner';
import { createPythonSession, PYTHON_ENV, type OutputChunk } from '../../utils/python/session';
import { GRADES } from '../../utils/scheduler';

const kb = await loadKnowledgeBase();
const qualifying = kb.cards.filter(qualifiesForParsons);
const withoutBlankLines = (text: string) => text.split('\n').filter((line) => line.trim() !== '').join('\n');
const identity = (n: number) => [...Array(n).keys()];
const AGAIN = GRADES[0].grade;
const GOOD = GRADES[2].grade;

/** A card with this snippet, everything else taken from a real card. */
function cardWith(source: string, extra: Partial<NonNullable<Card['code']>> = {}): Card {
  const base = kb.cards.find((card) => card.code)!;
  return { ...base, code: { source, output: '', ...extra } };
}

describe('cutting a snippet into pieces', () => {
  it('makes one piece per statement line, keeps indentation, drops blank lines and fixes the imports on top', () => {
    const source = ['import asyncio', 'from time import perf_counter', '', 'async def main():', '    await asyncio.sleep(0)', '', '', '    print("done")', 'asyncio.run(main())', ''].join('\n');
    expect(parsonsPieces(source)).toEqual({
      fixed: 'import asyncio\nfrom time import perf_counter',
      pieces: ['async def main():', '    await asyncio.sleep(0)', '    print("done")', 'asyncio.run(main())'],
    });
  });

  it('keeps a statement over several lines as one piece: brackets, triple-quoted strings (blank lines and # inside), backslashes', () => {
    const source = [
      'results = gather(',
      '    fetch("a"),  # first',
      '',
      '    fetch(")"),',
      ')',
      'text = """one',
      '',
      '# not a comment',
      'two"""',
      "total = 1 + \\",
      '    2',
      "print('it''s', \"#\", {'k': [1, (2)]})",
    ].join('\n');
    expect(parsonsPieces(source).pieces).toEqual([
      'results = gather(\n    fetch("a"),  # first\n\n    fetch(")"),\n)',
      'text = """one\n\n# not a comment\ntwo"""',
      'total = 1 + \\\n    2',
      "print('it''s', \"#\", {'k': [1, (2)]})",
    ]);
  });

  it('puts a comment line with the statement under it and a decorator with its definition; comments at the end join the last piece', () => {
    const source = ['import functools', '# a cache', '@functools.cache', '@staticmethod', 'def f():', '    # the answer', '    return 42', 'print(f())', '# the end'].join('\n');
    expect(parsonsPieces(source)).toEqual({
      fixed: 'import functools',
      pieces: ['# a cache\n@functools.cache\n@staticmethod\ndef f():', '    # the answer\n    return 42', 'print(f())\n# the end'],
    });
  });

  it('fixes only the leading run of imports (comments among them included); a later or indented import is a piece', () => {
    const source = ['# imports', 'import asyncio', '# more', 'from contextlib import (', '    suppress,', ')', 'x = 1', 'import sys', 'def f():', '    import os'].join('\n');
    expect(parsonsPieces(source)).toEqual({
      fixed: '# imports\nimport asyncio\n# more\nfrom contextlib import (\n    suppress,\n)',
      pieces: ['x = 1', 'import sys', 'def f():', '    import os'],
    });
    // No imports: nothing is fixed, and a leading comment goes with the first statement.
    expect(parsonsPieces('# hello\nprint(1)\nprint(2)')).toEqual({ fixed: '', pieces: ['# hello\nprint(1)', 'print(2)'] });
    // A name that starts with "from" or "import" is not an import.
    expect(parsonsPieces('imports = 1\nfrom_ = 2').fixed).toBe('');
  });

  it('loses nothing and reorders nothing of any shipped snippet: the fixed block and the pieces in order are the snippet', () => {
    for (const card of kb.cards.filter((c) => c.code)) {
      const cut = parsonsPieces(card.code!.source);
      expect(withoutBlankLines(arrangedProgram(cut, identity(cut.pieces.length))), card.id).toBe(withoutBlankLines(card.code!.source));
      for (const piece of cut.pieces) expect(piece.trim(), card.id).not.toBe('');
    }
  });
});

describe('which cards are Parsons problems', () => {
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `print(${i})`).join('\n');

  it(`takes code cards that run in the panel with ${MIN_PARSONS_PIECES} to ${MAX_PARSONS_PIECES} pieces, not all the same`, () => {
    expect(qualifiesForParsons(cardWith(lines(MIN_PARSONS_PIECES)))).toBe(true);
    expect(qualifiesForParsons(cardWith(lines(MAX_PARSONS_PIECES)))).toBe(true);
    expect(qualifiesForParsons(cardWith(lines(MIN_PARSONS_PIECES - 1)))).toBe(false);
    expect(qualifiesForParsons(cardWith(lines(MAX_PARSONS_PIECES + 1)))).toBe(false);
    // The fixed imports do not count.
    expect(qualifiesForParsons(cardWith(`import asyncio\n${lines(MIN_PARSONS_PIECES - 1)}`))).toBe(false);
    expect(qualifiesForParsons(cardWith(lines(6), { cpythonOnly: 'needs threads, which Pyodide lacks' }))).toBe(false);
    expect(qualifiesForParsons(cardWith('print(1)\nprint(1)\nprint(1)\nprint(1)'))).toBe(false);
    const { code: _code, ...noCode } = cardWith('');
    expect(qualifiesForParsons(noCode)).toBe(false);
  });

  it('finds Parsons problems among the shipped cards, none of them CPython-only', () => {
    expect(qualifying.length).toBeGreaterThan(0);
    for (const card of qualifying) expect(card.code!.cpythonOnly, card.id).toBeUndefined();
    console.log(`${qualifying.length} of ${kb.cards.filter((c) => c.code && !c.code.cpythonOnly).length} runnable code cards are Parsons problems`);
  });
});

describe('the shuffle', () => {
  it('is a permutation, the same for the same seed, and differs between seeds', () => {
    const pieces = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const order = shuffleOrder(pieces, 'card:2');
    expect([...order].sort()).toEqual(identity(8));
    expect(shuffleOrder(pieces, 'card:2')).toEqual(order);
    const orders = new Set(['card:5', 'card:8', 'other:2', 'x'].map((seed) => shuffleOrder(pieces, seed).join()));
    expect(orders.size).toBeGreaterThan(1);
  });

  it('never shows a shipped snippet in its own order, and moves at least half of its pieces', () => {
    for (const card of qualifying) {
      const cut = parsonsPieces(card.code!.source);
      for (let reps = 2; reps < 60; reps += 3) {
        const order = shuffleOrder(cut.pieces, `${card.id}:${reps}`);
        expect(isOriginalOrder(cut, order), `${card.id} at ${reps}`).toBe(false);
        const moved = piecesInPlace(cut, order).filter((inPlace) => !inPlace).length;
        expect(moved * 2, `${card.id} at ${reps}`).toBeGreaterThanOrEqual(cut.pieces.length);
      }
    }
  });

  it('treats identical lines as one: the shuffle differs from the original as text, even with few distinct lines', () => {
    const pieces = ['x', 'x', 'x', 'y'];
    for (let seed = 0; seed < 50; seed++) {
      const order = shuffleOrder(pieces, String(seed));
      expect(order.map((i) => pieces[i]).join(), String(seed)).not.toBe('x,x,x,y');
    }
    // Only one order exists: nothing to shuffle.
    expect(shuffleOrder(['z', 'z', 'z'], 'any')).toEqual([0, 1, 2]);
  });
});

describe('checking an order', () => {
  const cut = { fixed: 'import asyncio', pieces: ['async def main():', '    await asyncio.sleep(0)', '    await asyncio.sleep(0)', '    print("done")', 'asyncio.run(main())'] };

  it('counts identical lines as interchangeable and marks each position in place or not', () => {
    expect(isOriginalOrder(cut, [0, 2, 1, 3, 4])).toBe(true);
    expect(piecesInPlace(cut, [0, 1, 3, 2, 4])).toEqual([true, true, false, false, true]);
    expect(isOriginalOrder(cut, [0, 1, 3, 2, 4])).toBe(false);
    expect(isOriginalOrder(cut, [0, 1, 2, 3])).toBe(false);
  });

  it('makes the program from the fixed block and the pieces in the order given', () => {
    expect(arrangedProgram(cut, [4, 0, 1, 2, 3])).toBe('import asyncio\nasyncio.run(main())\nasync def main():\n    await asyncio.sleep(0)\n    await asyncio.sleep(0)\n    print("done")\n');
    expect(arrangedProgram({ fixed: '', pieces: ['a', 'b'] }, [1, 0])).toBe('b\na\n');
  });

  it('moves one piece, the others keeping their order; an impossible move changes nothing', () => {
    expect(movePiece([0, 1, 2, 3], 0, 2)).toEqual([1, 2, 0, 3]);
    expect(movePiece([0, 1, 2, 3], 3, 0)).toEqual([3, 0, 1, 2]);
    expect(movePiece([0, 1, 2, 3], 1, 1)).toEqual([0, 1, 2, 3]);
    expect(movePiece([0, 1, 2, 3], 0, 4)).toEqual([0, 1, 2, 3]);
    expect(movePiece([0, 1, 2, 3], -1, 0)).toEqual([0, 1, 2, 3]);
  });

  it('judges a run of another order by the card output, masks and line numbers aside', () => {
    const ok = { exit: 'ok' as const, exitCode: 0 };
    expect(verdictFromRun('a\nb', ok, 'a\nb\n')).toEqual({ kind: 'same-output' });
    expect(verdictFromRun('a\nb', ok, 'b\na\n')).toEqual({ kind: 'different-output' });
    expect(verdictFromRun('<Task at <addr>>', ok, '<Task at 0x7f01>')).toEqual({ kind: 'same-output' });
    const warned = "main.py:9: RuntimeWarning: coroutine 'f' was never awaited\n  File \"main.py\", line 5, in g";
    expect(verdictFromRun(warned, { exit: 'error', exitCode: 1 }, warned.replace('main.py:9', 'main.py:4').replace('line 5', 'line 7'))).toEqual({ kind: 'same-output' });
    expect(verdictFromRun(warned, { exit: 'error', exitCode: 1 }, warned.replace("'f'", "'h'"))).toEqual({ kind: 'different-output' });
    expect(maskLineNumbers('defined at main.py:3, lineno 10, line 2')).toBe('defined at main.py:<line>, lineno <line>, line <line>');
    expect(verdictFromRun('a', { exit: 'timeout' }, '')).toEqual({ kind: 'did-not-finish' });
    expect(verdictFromRun('a', { exit: 'stopped' }, '')).toEqual({ kind: 'not-checked', reason: 'The run was stopped.' });
    expect(verdictFromRun('a', { exit: 'load-failed', message: 'Python did not start within 60 s.' }, '')).toEqual({
      kind: 'not-checked',
      reason: 'Python did not start within 60 s.',
    });
  });

  it('suggests Good for a working order, Again for a wrong one, nothing when it could not be checked', () => {
    const cases: [ParsonsVerdict, boolean | undefined, number | undefined][] = [
      [{ kind: 'original-order' }, true, GOOD],
      [{ kind: 'same-output' }, true, GOOD],
      [{ kind: 'different-output' }, false, AGAIN],
      [{ kind: 'did-not-finish' }, false, AGAIN],
      [{ kind: 'not-checked', reason: 'stopped' }, undefined, undefined],
    ];
    for (const [verdict, correct, grade] of cases) {
      expect(verdictCorrect(verdict), verdict.kind).toBe(correct);
      expect(suggestedParsonsGrade(verdict), verdict.kind).toBe(grade);
    }
  });
});

/** The check the drill runs, with the panel's Python (Pyodide) in this process. */
describe('checking another order by running it in Pyodide', () => {
  let runProgram: (source: string) => { exitCode: number; text: string };
  beforeAll(async () => {
    const session = createPythonSession(await loadPyodide({ indexURL: PYODIDE_PACKAGE_DIR, env: PYTHON_ENV }));
    runProgram = (source) => {
      const chunks: OutputChunk[] = [];
      const result = session.run(source, (batch) => chunks.push(...batch));
      return { exitCode: result.exitCode, text: outputText(chunks) };
    };
  }, 60_000);

  function verdictOf(card: Card, order: number[]): ParsonsVerdict {
    const cut = parsonsPieces(card.code!.source);
    if (isOriginalOrder(cut, order)) return { kind: 'original-order' };
    const run = runProgram(arrangedProgram(cut, order));
    return verdictFromRun(card.code!.output, { exit: run.exitCode === 0 ? 'ok' : 'error', exitCode: run.exitCode }, run.text);
  }

  it('accepts an order that prints the same (two definitions swapped) and rejects the shuffled one', () => {
    const card = kb.cards.find((c) => c.id === 'event-loop')!;
    expect(qualifiesForParsons(card)).toBe(true);
    const cut = parsonsPieces(card.code!.source);
    // The two coroutine definitions change places: a different order, the same program.
    const defs = cut.pieces.flatMap((piece, i) => (piece.startsWith('async def ') ? [i] : []));
    expect(defs).toHaveLength(2);
    const [first, second] = defs as [number, number];
    expect(first).toBe(0);
    const last = cut.pieces.length - 1;
    const order = [...identity(last).slice(second), ...identity(second), last];
    expect(isOriginalOrder(cut, order)).toBe(false);
    expect(verdictOf(card, order)).toEqual({ kind: 'same-output' });
    expect(verdictOf(card, identity(cut.pieces.length))).toEqual({ kind: 'original-order' });
    expect(verdictOf(card, parsonsProblem(card.code!.source, `${card.id}:2`).shuffled)).toEqual({ kind: 'different-output' });
  });

  it('runs every shipped Parsons snippet in its original order, blank lines dropped, to the card output', () => {
    for (const card of qualifying) {
      const cut = parsonsPieces(card.code!.source);
      const run = runProgram(arrangedProgram(cut, identity(cut.pieces.length)));
      expect(verdictFromRun(card.code!.output, { exit: 'ok', exitCode: run.exitCode }, run.text), card.id).toEqual({ kind: 'same-output' });
    }
    // The snippets really sleep (about 20 s in all); a loaded machine takes longer.
  }, 300_000);
});
