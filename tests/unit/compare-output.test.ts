import { describe, expect, it } from 'vitest';
import { compareOutput, lineMatches, outputMatches } from '../../utils/python/compare-output';

describe('line-by-line output comparison', () => {
  it('finds the same output the same, ignoring trailing whitespace and line-end style', () => {
    const result = compareOutput('a\nb\n', 'a  \r\nb\r\n\r\n');
    expect(result.matches).toBe(true);
    expect(result.firstDifference).toBeUndefined();
    expect(result.lines).toEqual([
      { line: 1, expected: 'a', actual: 'a', same: true },
      { line: 2, expected: 'b', actual: 'b', same: true },
    ]);
  });

  it('names the first line that differs and keeps every line of both sides', () => {
    const result = compareOutput('finished: fast\nfinished: mid\nfinished: slow', 'finished: fast\nfinished: slow\nfinished: mid\nextra');
    expect(result.matches).toBe(false);
    expect(result.firstDifference).toBe(2);
    expect(result.lines.map((l) => l.same)).toEqual([true, false, false, false]);
    expect(result.lines[3]).toEqual({ line: 4, actual: 'extra', same: false });
  });

  it('reports missing lines when the run printed less', () => {
    const result = compareOutput('one\ntwo', 'one');
    expect(result.firstDifference).toBe(2);
    expect(result.lines[1]).toEqual({ line: 2, expected: 'two', same: false });
    expect(compareOutput('', '').matches).toBe(true);
    expect(compareOutput('x', '').firstDifference).toBe(1);
  });

  it('applies the masking convention per line: <addr> is an address, <...> any text within the line', () => {
    expect(lineMatches('<coroutine object at <addr>>', '<coroutine object at 0x7f3a2c1b9d60>')).toBe(true);
    expect(lineMatches('<coroutine object at <addr>>', '<coroutine object at 12345>')).toBe(false);
    expect(lineMatches('took <...> seconds', 'took 0.156 seconds')).toBe(true);
    expect(lineMatches('a.b', 'axb')).toBe(false); // the rest is literal, not a pattern
    expect(compareOutput('x <...>\ny', 'x anything\ny').matches).toBe(true);
    expect(outputMatches('took <...> s', 'took 1\n2 s')).toBe(false);
  });
});
