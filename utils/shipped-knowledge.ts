import type { KnowledgeBase } from '../knowledge/schema';
import { createCardCatalog, type CardCatalog } from './card-catalog';
import { createCardSearch, type CardSearch } from './search';
import { decodeSearchIndex } from './search/search-index-file';

/**
 * The compiled cards and their search index as the extension ships them (wxt.config.ts adds
 * both files to the build), read into what the panel and the background search with.
 */

/** Where the build puts the files, from the extension's root. */
export const SHIPPED_KNOWLEDGE_PATH = '/knowledge.json';
export const SHIPPED_SEARCH_INDEX_PATH = '/search-index.bin';

export interface ShippedKnowledge {
  knowledgeBase: KnowledgeBase;
  search: CardSearch;
  catalog: CardCatalog;
}

/** The search and the catalog over the cards, with the index read from its file's bytes. */
export function knowledgeFromFiles(knowledgeBase: KnowledgeBase, searchIndex: ArrayBuffer): ShippedKnowledge {
  knowledgeBase.searchIndex = decodeSearchIndex(searchIndex);
  return { knowledgeBase, search: createCardSearch(knowledgeBase), catalog: createCardCatalog(knowledgeBase.cards) };
}

/** Fetches and reads both files (`urlOf` turns a path into the extension's URL for it). */
export async function loadShippedKnowledge(urlOf: (path: string) => string): Promise<ShippedKnowledge> {
  const [knowledge, searchIndex] = await Promise.all([fetch(urlOf(SHIPPED_KNOWLEDGE_PATH)), fetch(urlOf(SHIPPED_SEARCH_INDEX_PATH))]);
  if (!knowledge.ok || !searchIndex.ok) throw new Error(`the shipped cards could not be read (${knowledge.status}, ${searchIndex.status})`);
  return knowledgeFromFiles((await knowledge.json()) as KnowledgeBase, await searchIndex.arrayBuffer());
}
