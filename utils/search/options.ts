/**
 * The knobs of the card search that are not fitted: bounds (how much work a query may cause)
 * and the definitions the features are built on. How much each signal counts is fitted by
 * `npm run tune` and shipped in ranker-weights.json (see ranker.ts).
 */
export interface SearchOptions {
  /** Input longer than this is cut (head and last lines kept) before anything else happens,
   * so a 1 MB selection costs the same as a long paragraph. */
  maxQueryChars: number;
  /** Most results returned. */
  maxResults: number;
  /** The best cards of this many concepts are listed whatever their probability. */
  minListedConcepts: number;
  /** A long text is searched by this many of its key terms (the most specific ones). */
  maxKeyTerms: number;
  /** BM25 term-frequency saturation and length normalisation (the usual defaults). */
  k1: number;
  b: number;
  /** Whether words in code snippets count when judging how rare a word is (BM25's idf). */
  codeCountsForRarity: boolean;
  /** Prefix matching applies to the last query token of short queries only: it is the word
   * the user is still typing. */
  prefixMinLength: number;
  maxPrefixExpansions: number;
  /** Typo correction: words from this long to this long (longer "words" are not words: a
   * 1 MB selection without spaces never reaches the correction), at most this many per query. */
  fuzzyMinLength: number;
  fuzzyMaxLength: number;
  maxFuzzyTermsPerQuery: number;
  /** How many spellings a misspelt word may stand for. */
  maxFuzzyExpansions: number;
  /** How many of the cards scored first get the costlier features (title and askedAs overlap). */
  rerankPool: number;
  /** A single-word alias is decisive evidence when the word is at least this specific. */
  minSpecificity: number;
  /** Words that appear in card titles, aliases or tags are at least this specific. */
  topicWordSpecificity: number;
  /** Specificity of words every programming text uses. */
  genericWordSpecificity: number;
  /** A word used by at most this share of Python's standard-library modules is not
   * general-purpose; from `genericShareHigh` on it fully is (see common-words.ts). */
  genericShareLow: number;
  genericShareHigh: number;
  /** A word the cards use 10^domainRatioLow times more often than everyday English is a bit
   * specific to asyncio, 10^domainRatioHigh times or more fully (see Lexicon.domainSpecificity). */
  domainRatioLow: number;
  domainRatioHigh: number;
  /** A topic word more general-purpose than this loses its topic standing ("list"). */
  topicWordMaxGenerality: number;
  /** Topic words appear in at most this share of the cards. */
  topicWordMaxShare: number;
  /** A word no everyday-English or Python vocabulary has, used by the cards of at least this
   * share of the concepts, names the subject ("asyncio", "coroutine"): a query holding one
   * is always answered. */
  subjectConceptShare: number;
  /** Matched terms on more than this share of the cards are not highlighted. */
  highlightMaxShare: number;
}

export const DEFAULT_SEARCH_OPTIONS: SearchOptions = {
  maxQueryChars: 2000,
  maxResults: 8,
  minListedConcepts: 3,
  maxKeyTerms: 40,
  k1: 1.2,
  b: 0.75,
  codeCountsForRarity: false,
  prefixMinLength: 3,
  maxPrefixExpansions: 6,
  fuzzyMinLength: 4,
  fuzzyMaxLength: 24,
  maxFuzzyTermsPerQuery: 6,
  maxFuzzyExpansions: 2,
  rerankPool: 40,
  minSpecificity: 0.6,
  topicWordSpecificity: 0.5,
  topicWordMaxShare: 0.15,
  genericWordSpecificity: 0.2,
  genericShareLow: 0.05,
  genericShareHigh: 0.4,
  topicWordMaxGenerality: 0.5,
  domainRatioLow: 1.5,
  domainRatioHigh: 3,
  highlightMaxShare: 0.3,
  subjectConceptShare: 0.5,
};
