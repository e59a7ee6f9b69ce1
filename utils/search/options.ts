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
    askedAs: number;
  };
  /** Whether words in code snippets count when judging how rare a word is (BM25's idf). */
  codeCountsForRarity: boolean;
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
  /** How many candidates fuse.js proposes for a misspelt word before edit distance ranks them. */
  fuzzyCandidates: number;
  /** Weight of two adjacent query words found as the same phrase in a card ("thread pool"),
   * relative to a single word. */
  phraseFactor: number;
  /** Credit for a card word reached through the synonym list, relative to the word itself. */
  synonymFactor: number;
  /** Specificity given to card words a stopword-only phrasing stands for ("at most"). */
  synonymOnlySpecificity: number;
  /** Weight of the question postings (a card's title, drill prompt and the follow-ups that
   * link to it) for a query asked as a question, relative to the main postings. */
  questionFactor: number;
  /** The primary card of a concept wins ties over its narrower cards. */
  primaryCardBoost: number;
  /** Share of the summed scores of a card's sibling cards (same concept) added to its own. */
  conceptPooling: number;
  /** Ordering weight of a card whose concept is already listed above it (per card listed). */
  repeatedConceptFactor: number;
  /** Other results must reach this share of the best result's score to be listed. */
  relativeCutoff: number;
  /** How many of the best-scored cards are checked for covering the query before abstaining. */
  abstentionCandidates: number;
  /** Abstention. Query words weigh by their specificity (rare words 1, everyday English
   * words near 0; see common-words.ts). With no alias matched, the best card of a short query
   * must cover this share of the query's weight … */
  minCoverage: number;
  /** … and match at least one word at least this specific. */
  minSpecificity: number;
  /** A paragraph's best card must match this much specificity in all … */
  minEvidenceLong: number;
  /** … and this share of the paragraph's weight. */
  minCoverageLong: number;
  /** Words that appear in card titles, aliases or tags are at least this specific. */
  topicWordSpecificity: number;
  /** Specificity of words every programming text uses (GENERIC_PROGRAMMING_WORDS, and words
   * most Python modules use). */
  genericWordSpecificity: number;
  /** A word used by at most this share of Python's standard-library modules is not
   * general-purpose; from `genericShareHigh` on it fully is (see common-words.ts). */
  genericShareLow: number;
  genericShareHigh: number;
  /** A word the cards use 10^domainRatioLow times more often than everyday English is a bit
   * specific to asyncio, 10^domainRatioHigh times or more fully (see domainSpecificity). */
  domainRatioLow: number;
  domainRatioHigh: number;
  /** A topic word more general-purpose than this loses its topic standing ("list"). */
  topicWordMaxGenerality: number;
  /** … unless they appear in more than this share of the cards. */
  topicWordMaxShare: number;
  /** Ranking weight of the most everyday word relative to a rare one (specificity 0 vs 1). */
  everydayWordWeight: number;
  /** A query with more content terms than this is treated as a paragraph. */
  longQueryTerms: number;
  /** Matched terms on more than this share of the cards are not highlighted. */
  highlightMaxShare: number;
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
    askedAs: 1,
  },
  codeCountsForRarity: false,
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
  fuzzyThreshold: 0.5,
  maxFuzzyExpansions: 2,
  fuzzyCandidates: 20,
  phraseFactor: 0.5,
  synonymFactor: 0.6,
  synonymOnlySpecificity: 0.5,
  questionFactor: 1,
  primaryCardBoost: 1.1,
  conceptPooling: 0.2,
  relativeCutoff: 0.3,
  repeatedConceptFactor: 0.7,
  abstentionCandidates: 3,
  minCoverage: 0.55,
  minSpecificity: 0.6,
  minEvidenceLong: 2.5,
  minCoverageLong: 0.35,
  topicWordSpecificity: 0.5,
  topicWordMaxShare: 0.15,
  genericWordSpecificity: 0.2,
  genericShareLow: 0.05,
  genericShareHigh: 0.4,
  topicWordMaxGenerality: 0.5,
  domainRatioLow: 1.5,
  domainRatioHigh: 3,
  everydayWordWeight: 0.3,
  longQueryTerms: 10,
  strongCoverage: 0.6,
  highlightMaxShare: 0.3,
};
