import { describe, expect, it } from 'vitest';
import { packCommonWords, unpackCommonWords } from '../../utils/search/common-words';

describe('the everyday-English word table', () => {
  it('reads back each kept word with its Zipf value to one decimal, in sorted order', () => {
    const table = unpackCommonWords(
      packCommonWords([
        ['the', 7.46],
        ['zebra', 3.04],
        ['apple', 4.56],
        ['rare', 2.9],
        ['Proper', 5],
      ]),
    );
    expect(table.keys()).toEqual(['apple', 'the', 'zebra']);
    expect(table.get('the')).toBe(7.5);
    expect(table.get('apple')).toBe(4.6);
    expect(table.get('zebra')).toBe(3);
    // Below the shipped minimum, or not a plain lower-case word: not in the table.
    expect(table.has('rare')).toBe(false);
    expect(table.has('Proper')).toBe(false);
    expect(table.get('aardvark')).toBeUndefined();
    expect(table.get('zzz')).toBeUndefined();
  });

  it('is empty without a table', () => {
    expect(unpackCommonWords(undefined).size).toBe(0);
    expect(unpackCommonWords(packCommonWords([])).get('the')).toBeUndefined();
  });
});
