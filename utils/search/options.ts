/**
 * Every knob of the card search, named and explained in one place. The panel, the selection
 * lookup, `npm run ask`, the eval and the benchmark all use these defaults.
 */
export interface SearchOptions {
  /** Input longer than this is cut (at a word boundary) before anything else happens, so a
   * 1 MB selection costs the same as a long paragraph. */
  maxQueryChars: number;
  /** Most results returned. */
  maxResults: number;
  /** How much a term found in each card field counts (BM25F field weights). Aliases and the
   * title say what a card is about; follow-up questions mostly describe other cards. */
  fieldWeights: {
    aliases: number;
    title: number;
    tags: number;
    concept: number;
    answer: number;
    points: number;
    code: number;
    drill: number;
    followUps: number;
  };
  /** BM25 term-frequency saturation and length normalisation. */
  k1: number;
  b: number;
  /** Score added when a whole alias (an API name, an error message, a synonym) appears in the
   * query, per alias token: exact names and messages are the strongest signal a user gives. */
  aliasTokenBonus: number;
  /** A one-token alias is weaker evidence than a multi-token one (it may be a common word). */
  singleTokenAliasFactor: number;
  /** Credit for a query term that matched a card term only through its prefix (the word being
   * typed) or through fuzzy matching (a misspelling), relative to an exact match. */
  prefixFactor: number;
  fuzzyFactor: number;
  /** Prefix matching applies to the last query token of short queries only: it is the word
   * the user is still typing. */
  prefixMinLength: number;
  maxPrefixExpansions: number;
  /** fuse.js matching of misspelt terms against the vocabulary: terms at least this long,
   * at most this many per query, and fuse.js's threshold (0 exact … 1 anything). */
  fuzzyMinLength: number;
  maxFuzzyTermsPerQuery: number;
  fuzzyThreshold: number;
  maxFuzzyExpansions: number;
  /** The primary card of a concept wins ties over its narrower cards. */
  primaryCardBoost: number;
  /** Other results must reach this share of the best result's score to be listed. */
  relativeCutoff: number;
  /** Abstention: with no alias matched, the best card must cover at least this share of the
   * query's term weight (IDF-weighted) … */
  minCoverage: number;
  /** … and long queries (paragraphs) at least this many distinct matched terms. */
  minMatchedTermsLong: number;
  /** A query with more content terms than this is treated as a paragraph. */
  longQueryTerms: number;
  /** A result whose coverage is below this is labelled a weak match in the panel. */
  strongCoverage: number;
}

export const DEFAULT_SEARCH_OPTIONS: SearchOptions = {
  maxQueryChars: 2000,
  maxResults: 8,
  fieldWeights: {
    aliases: 5,
    title: 4,
    tags: 2.5,
    concept: 2,
    answer: 1.5,
    points: 1,
    code: 0.6,
    drill: 0.5,
    followUps: 0.3,
  },
  k1: 1.2,
  b: 0.5,
  aliasTokenBonus: 4,
  singleTokenAliasFactor: 0.6,
  prefixFactor: 0.8,
  fuzzyFactor: 0.75,
  prefixMinLength: 3,
  maxPrefixExpansions: 6,
  fuzzyMinLength: 4,
  maxFuzzyTermsPerQuery: 6,
  fuzzyThreshold: 0.34,
  maxFuzzyExpansions: 2,
  primaryCardBoost: 1.1,
  relativeCutoff: 0.3,
  minCoverage: 0.45,
  minMatchedTermsLong: 3,
  longQueryTerms: 10,
  strongCoverage: 0.6,
};
