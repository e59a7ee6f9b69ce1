export { boundQuery, CardSearch, createCardSearch, type SearchResponse, type SearchResult, type SynonymEntry } from './card-search';
export { DEFAULT_SEARCH_OPTIONS, type SearchOptions } from './options';
export { stem, stemmedTokens, tokenize } from './terms';
export { buildSearchIndex, searchIndexKey, type PrebuiltSearchIndex } from './search-index';
