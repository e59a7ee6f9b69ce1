import {
  programmingGenerality,
  unpackCommonWords,
  unpackProgrammingWords,
  wordSpecificity,
  type CommonWordTable,
  type SortedWordTable,
  type ProgrammingWordTable,
} from './common-words';
import type { SearchOptions } from './options';
import type { PrebuiltSearchIndex } from './search-index';
import { GENERIC_PROGRAMMING_WORDS, STOPWORDS, stem } from './terms';

/**
 * What the search knows about words, shared by the stages: the cards' vocabulary (stems),
 * the everyday-English word list (SUBTLEX), how general-purpose a word is in Python code,
 * and from these a word's specificity (0 everyday … 1 says what the text is about). It also
 * finds the nearest spelling of a word in either vocabulary.
 */

/** Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbouring letters each count as one edit (the usual shapes of a typo). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

/** Most edits a misspelling of a word this long may have. */
export function maxEditsFor(length: number): number {
  return length <= 5 ? 1 : 2;
}

export interface Spelling {
  word: string;
  edits: number;
}

/** Words bucketed by initial letter and length: a misspelling rarely changes the first
 * letter and changes the length by at most the edits allowed, so a lookup compares the word
 * with a few hundred candidates at most, by edit distance with an early exit. (fuse.js, used
 * here before, is much slower on long words: Bitap's cost grows with the pattern length and
 * the errors allowed, and a 20-letter word cost 80 ms.) The words come sorted, so those of
 * one initial letter are a run of the list: a letter's buckets are made on its first lookup,
 * and a panel that corrects no word never buckets the 18,000 words of everyday English. */
export class SpellingIndex {
  private readonly byLetter = new Map<string, Map<number, string[]>>();

  constructor(
    /** Sorted (Array.prototype.sort order). */
    private readonly words: readonly string[],
    /** Whether a word of the list may be offered as a spelling at all. */
    private readonly accept: (word: string) => boolean,
    /** Among equally close words, the likelier one first (higher is likelier). */
    private readonly likelihood: (word: string) => number,
  ) {}

  private bucketsFor(letter: string): Map<number, string[]> {
    let buckets = this.byLetter.get(letter);
    if (buckets) return buckets;
    buckets = new Map();
    for (let i = lowerBound(this.words, letter); i < this.words.length && this.words[i]!.startsWith(letter); i++) {
      const word = this.words[i]!;
      if (!this.accept(word)) continue;
      const list = buckets.get(word.length);
      if (list) list.push(word);
      else buckets.set(word.length, [word]);
    }
    this.byLetter.set(letter, buckets);
    return buckets;
  }

  nearest(word: string, limit: number, accept: (candidate: string) => boolean = () => true): Spelling[] {
    const maxEdits = maxEditsFor(word.length);
    const buckets = this.bucketsFor(word[0] ?? '');
    const found: Spelling[] = [];
    for (let length = word.length - maxEdits; length <= word.length + maxEdits; length++) {
      for (const candidate of buckets.get(length) ?? []) {
        if (candidate === word) continue;
        const edits = boundedEditDistance(word, candidate, maxEdits);
        if (edits <= maxEdits && accept(candidate)) found.push({ word: candidate, edits });
      }
    }
    // Among equally close words, one a doubled or undoubled letter away comes first: the
    // commonest slip of all ("arive" is "arrive" before it is "alive"), then the likelier word.
    return found
      .sort((a, b) => a.edits - b.edits || Number(isDoublingSlip(word, b.word)) - Number(isDoublingSlip(word, a.word)) || this.likelihood(b.word) - this.likelihood(a.word))
      .slice(0, limit);
  }
}

/** Whether `a` and `b` differ by one letter written once instead of twice, or twice instead of
 * once ("arive" / "arrive", "untill" / "until"). */
export function isDoublingSlip(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) !== 1) return false;
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && long[i] === short[i]) i++;
  const extra = long[i];
  return (extra === long[i - 1] || extra === long[i + 1]) && long.slice(i + 1) === short.slice(i);
}

/** The first index of a sorted list whose word is not before `prefix`. */
function lowerBound(words: readonly string[], prefix: string): number {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** editDistance, or any number above `max` as soon as the distance must exceed it. */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const cols = b.length + 1;
  let before = new Array<number>(cols).fill(0);
  let previous = Array.from({ length: cols }, (_, j) => j);
  let current = new Array<number>(cols).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      current[j] = best;
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[cols - 1]!;
}

export interface LexiconSources {
  index: PrebuiltSearchIndex;
  commonWords?: CommonWordTable;
  programmingWords?: ProgrammingWordTable;
}

export class Lexicon {
  /** Card stems in any field, sorted (prefix search). */
  readonly vocabulary: readonly string[];
  /** Stems of the cards' text outside aliases: real words, unlike an alias "semaphre". */
  readonly textTerms: ReadonlySet<string>;
  readonly topicStems: ReadonlySet<string>;
  /** Everyday-English words and their Zipf values (common-words.ts). */
  private readonly zipfByWord: SortedWordTable;
  /** Each vocabulary stem's place in `vocabulary` (how the index's postings name it). */
  private readonly places: Map<string, number>;
  /** Per vocabulary place: how many cards use the stem, in its most common field. */
  private readonly documentFrequencies: Int32Array;
  private readonly programmingShareByWord: Map<string, number>;
  private readonly cardWordRate = new Map<string, number>();
  private cardSpellingIndex?: SpellingIndex;
  private englishSpellingIndex?: SpellingIndex;
  private readonly specificityCache = new Map<string, number>();

  constructor(
    { index, commonWords, programmingWords }: LexiconSources,
    private readonly options: SearchOptions,
  ) {
    this.vocabulary = index.vocabulary;
    this.places = new Map(index.vocabulary.map((term, i) => [term, i]));
    this.documentFrequencies = new Int32Array(index.vocabulary.length);
    for (const { terms, offsets } of index.fields) {
      for (let i = 0; i < terms.length; i++) {
        const term = terms[i]!;
        this.documentFrequencies[term] = Math.max(this.documentFrequencies[term]!, offsets[i + 1]! - offsets[i]!);
      }
    }
    this.textTerms = new Set(index.textTerms);
    this.topicStems = new Set(index.topicStems);
    for (const [word, rate] of Object.entries(index.cardWordRate)) this.cardWordRate.set(word, rate);
    this.zipfByWord = unpackCommonWords(commonWords);
    this.programmingShareByWord = unpackProgrammingWords(programmingWords);
  }

  /** The card vocabulary's spellings. */
  get cardSpelling(): SpellingIndex {
    return (this.cardSpellingIndex ??= new SpellingIndex(this.vocabulary, this.spellable, (w) => this.documentFrequency(w)));
  }

  /** Everyday English's spellings. */
  get englishSpelling(): SpellingIndex {
    return (this.englishSpellingIndex ??= new SpellingIndex(this.zipfByWord.keys(), this.spellable, (w) => this.zipfByWord.get(w) ?? 0));
  }

  private readonly spellable = (w: string) => w.length >= this.options.fuzzyMinLength - 1 && !/\d/.test(w);

  /** A stem's place in the vocabulary (the index's name for it), if the cards use it. */
  placeOf(term: string): number | undefined {
    return this.places.get(term);
  }

  /** How many cards use a stem, in its most common field (0 if none does). */
  documentFrequency(term: string): number {
    const place = this.places.get(term);
    return place === undefined ? 0 : this.documentFrequencies[place]!;
  }

  has(term: string): boolean {
    return this.places.has(term);
  }

  isEnglish(word: string): boolean {
    return this.zipfByWord.has(word);
  }

  /** Two everyday words run together ("eventhough" → even + though), if the word splits
   * into two listed words of four letters or more (shorter ones make false splits: "scrap
   * per"); the split whose rarer half is commonest. */
  splitCompound(word: string): [string, string] | undefined {
    let best: { parts: [string, string]; zipf: number } | undefined;
    for (let i = 4; i <= word.length - 4; i++) {
      const a = this.zipfByWord.get(word.slice(0, i));
      const b = this.zipfByWord.get(word.slice(i));
      if (a === undefined || b === undefined) continue;
      const zipf = Math.min(a, b);
      if (!best || zipf > best.zipf) best = { parts: [word.slice(0, i), word.slice(i)], zipf };
    }
    return best?.parts;
  }

  /** Vocabulary terms starting with `prefix` (binary search in the sorted vocabulary). */
  prefixMatches(prefix: string): string[] {
    let lo = 0;
    let hi = this.vocabulary.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.vocabulary[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const found: string[] = [];
    for (let i = lo; i < this.vocabulary.length && found.length < this.options.maxPrefixExpansions; i++) {
      const term = this.vocabulary[i]!;
      if (!term.startsWith(prefix)) break;
      if (term !== prefix && !term.includes(' ')) found.push(term);
    }
    return found;
  }

  /** 0–1: how general-purpose a word is in Python code; listed programming words and
   * numbers count as fully general. */
  generality(token: string): number {
    if (GENERIC_PROGRAMMING_WORDS.has(token) || /^\d+$/.test(token)) return 1;
    const { genericShareLow, genericShareHigh } = this.options;
    const stemmed = stem(token);
    return Math.max(
      programmingGenerality(this.programmingShareByWord, token, genericShareLow, genericShareHigh),
      stemmed === token ? 0 : programmingGenerality(this.programmingShareByWord, stemmed, genericShareLow, genericShareHigh),
    );
  }

  /** The lower of a word's everyday-English specificity and its specificity among Python code. */
  everydaySpecificity(token: string): number {
    const generic = this.options.genericWordSpecificity;
    const programming = 1 - this.generality(token) * (1 - generic);
    return Math.min(wordSpecificity(this.zipfByWord, token), programming);
  }

  /** How much more often the cards use a word than everyday English does, as 0–1: "gather"
   * and "task" are ordinary English words but the cards use them hundreds of times more. */
  domainSpecificity(token: string, stemmed: string): number {
    const rate = this.cardWordRate.get(stemmed);
    if (!rate) return 0;
    const englishRate = 10 ** Math.max(this.zipfByWord.get(token) ?? 0, 2.5) / 1e9;
    const { domainRatioLow, domainRatioHigh } = this.options;
    const ratio = Math.log10(rate / englishRate);
    return Math.min(1, Math.max(0, (ratio - domainRatioLow) / (domainRatioHigh - domainRatioLow))) * (1 - this.generality(token));
  }

  /** A query word's specificity: the higher of what everyday usage says and what the cards'
   * own use of the word says; words that name card topics never count as everyday words. */
  specificity(token: string, stemmed: string): number {
    const key = `${token} ${stemmed}`;
    let value = this.specificityCache.get(key);
    if (value === undefined) {
      value = Math.max(this.everydaySpecificity(token), this.domainSpecificity(token, stemmed));
      if (this.topicStems.has(stemmed) && this.generality(token) < this.options.topicWordMaxGenerality) value = Math.max(value, this.options.topicWordSpecificity);
      if (this.specificityCache.size > 50_000) this.specificityCache.clear();
      this.specificityCache.set(key, value);
    }
    return value;
  }

  isStopword(token: string): boolean {
    return STOPWORDS.has(token);
  }
}
