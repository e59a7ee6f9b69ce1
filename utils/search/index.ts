/**
 * The card search: it serves the side panel, the selection lookup, `npm run ask`, the eval
 * and the benchmark. A query flows through five stages, each its own module:
 *
 *   text ─▶ analyze ─▶ expand ─▶ retrieve ─▶ rerank ─▶ abstain ─▶ SearchResponse
 *
 *   analyze.ts   bound (head + last lines), traceback frames and final exception line,
 *                identifiers, code, question type, other-language detection
 *   expand.ts    terms → card terms: exact, typo (card vocabulary and English word list),
 *                prefix (the word being typed), synonyms; key terms of long texts
 *   retrieve.ts  per-field BM25 (askedAs included), phrases, aliases, identifiers, coverage
 *   rerank.ts    named features → fitted ranker (ranker.ts, ranker-weights.json); one of
 *                them is concept-words.ts, a word-and-word-pair model of how each concept
 *                is asked about
 *   abstain.ts   fitted answer/abstain model; other-language text gets no card; one of its
 *                features is topic-words.ts, how the words of related and unrelated
 *                development queries lean
 *
 * search.ts wires them (CardSearch); lexicon.ts holds word knowledge (vocabulary, English
 * frequencies, specificity, spelling); search-index.ts builds the index the compiler ships.
 * `npm run tune` refits ranker-weights.json on the development sets.
 */
export { analyzeQuery, boundQuery, detectLanguage, type QueryAnalysis } from './analyze';
export { type SynonymEntry } from './expand';
export { editDistance } from './lexicon';
export { DEFAULT_SEARCH_OPTIONS, type SearchOptions } from './options';
export { type RankerWeights } from './ranker';
export { CardSearch, createCardSearch, type OtherLanguage, type SearchCorpus, type SearchResponse, type SearchResult, type SearchTrace } from './search';
export { buildSearchIndex, searchIndexKey, type PrebuiltSearchIndex } from './search-index';
export { stem, stemmedTokens, tokenize } from './terms';
