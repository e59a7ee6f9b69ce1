import type { Card } from '../../knowledge/schema';
import { abstainFeatures, decideAbstention, type AbstainDecision } from './abstain';
import { analyzeQuery, type QueryAnalysis } from './analyze';
import type { CommonWordTable, ProgrammingWordTable } from './common-words';
import { Expander, synonymPhrases, type Expansion, type SynonymEntry } from './expand';
import { Lexicon } from './lexicon';
import { DEFAULT_SEARCH_OPTIONS, type SearchOptions } from './options';
import type { RankerWeights } from './ranker';
import SHIPPED_WEIGHTS from './ranker-weights.json';
import { Reranker, type Ranked } from './rerank';
import { Retriever, type Retrieval } from './retrieve';
import { buildSearchIndex, searchIndexKey, type PrebuiltSearchIndex } from './search-index';

export interface SearchResult {
  card: Card;
  /** Relevance, higher is better; comparable within one query only (the ranker's log-odds). */
  score: number;
  /** Share of the query's term weight this card matched (0–1). */
  coverage: number;
  /** "weak" when the ranker doubts the card answers the query: the panel says so. */
  strength: 'strong' | 'weak';
  /** Stemmed card terms that matched (the card view highlights words with these stems). */
  matchedTerms: string[];
  /** Aliases of the card found whole in the query. */
  matchedAliases: string[];
}

export interface OtherLanguage {
  /** "JavaScript", "Rust", "Kotlin", "Go", "C#", "Dart". */
  language: string;
  /** What that language's async model is called: "async/await", "coroutines", … */
  asyncModel: string;
  /** The Python asyncio concept closest to what the text is about, if any. */
  nearestConcept?: string;
}

export interface SearchResponse {
  /** The query as searched: trimmed and bounded. */
  query: string;
  /** True when the input was longer than the bound and was cut. */
  truncated: boolean;
  /** Best first; empty when nothing matches well (the search abstained) or the query is blank. */
  results: SearchResult[];
  /** Set when the text reads like async code or docs of another language: no asyncio card is given. */
  otherLanguage?: OtherLanguage;
}

/** What the search runs over: the cards, and everyday-English word frequencies. */
export interface SearchCorpus {
  cards: readonly Card[];
  commonWords?: CommonWordTable;
  programmingWords?: ProgrammingWordTable;
  synonyms?: readonly SynonymEntry[];
  /** The index built ahead of time from these cards (see buildSearchIndex). */
  searchIndex?: PrebuiltSearchIndex;
}

/** Every stage's output for one query (`npm run tune` reads the features from it). */
export interface SearchTrace {
  analysis: QueryAnalysis;
  expansion: Expansion;
  retrieval: Retrieval;
  ranked: Ranked[];
  decision: AbstainDecision;
}

interface Stages {
  index: PrebuiltSearchIndex;
  lexicon: Lexicon;
  expander: Expander;
  retriever: Retriever;
}

export class CardSearch {
  readonly options: SearchOptions;
  readonly weights: RankerWeights;
  private readonly cards: readonly Card[];
  private readonly stages: Stages;
  private readonly reranker: Reranker;
  /** The last query and its answer: the panel asks again for the same text on re-renders. */
  private lastSearch?: { input: string; response: SearchResponse };

  constructor(corpus: SearchCorpus, options: Partial<SearchOptions> = {}, weights?: RankerWeights, stages?: Stages) {
    this.options = { ...DEFAULT_SEARCH_OPTIONS, ...options };
    this.cards = corpus.cards;
    // (A JSON import types the topic words' [related, unrelated] pairs as number[].)
    this.weights = weights ?? (SHIPPED_WEIGHTS as unknown as RankerWeights);
    if (stages) this.stages = stages;
    else {
      // The index shipped with the knowledge base when it was built for these cards and
      // options (the panel's case); otherwise it is built here.
      const { cards, searchIndex } = corpus;
      const index = searchIndex?.key === searchIndexKey(cards, this.options) ? searchIndex : buildSearchIndex(cards, this.options);
      const lexicon = new Lexicon({ index, commonWords: corpus.commonWords, programmingWords: corpus.programmingWords }, this.options);
      this.stages = {
        index,
        lexicon,
        expander: new Expander(lexicon, synonymPhrases(corpus.synonyms ?? [], lexicon), this.options),
        retriever: new Retriever(cards, index, lexicon, this.options),
      };
    }
    this.reranker = new Reranker(this.cards, this.stages.index, this.weights.ranker, this.options.rerankPool);
  }

  /** The same search with other fitted weights (the index and vocabulary are shared). */
  withWeights(weights: RankerWeights): CardSearch {
    return new CardSearch({ cards: this.cards }, this.options, weights, this.stages);
  }

  /** Runs the stages: analyze → expand → retrieve → rerank → abstain. */
  trace(input: string): SearchTrace {
    const analysis = analyzeQuery(input, this.options.maxQueryChars, this.weights.language);
    const expansion = this.stages.expander.expand(analysis);
    const retrieval = this.stages.retriever.retrieve(analysis, expansion);
    const ranked = this.reranker.rank(analysis, expansion, retrieval);
    const features = abstainFeatures(analysis, expansion, retrieval, ranked, (c) => this.cards[c]!.concept, this.weights.topicWords);
    const decision = decideAbstention(this.weights.abstain, analysis, retrieval, features, ranked.length > 0);
    return { analysis, expansion, retrieval, ranked, decision };
  }

  search(input: string): SearchResponse {
    if (this.lastSearch?.input === input) return this.lastSearch.response;
    const response = this.respond(this.trace(input));
    this.lastSearch = { input, response };
    return response;
  }

  private respond({ analysis, expansion, ranked, decision }: SearchTrace): SearchResponse {
    const base = { query: analysis.text, truncated: analysis.truncated };
    if (analysis.otherLanguage) {
      const nearest = ranked[0] ? this.cards[ranked[0].evidence.card]!.concept : undefined;
      const { language, asyncModel } = analysis.otherLanguage;
      return { ...base, results: [], otherLanguage: { language, asyncModel, ...(nearest ? { nearestConcept: nearest } : {}) } };
    }
    if (!decision.answer) return { ...base, results: [] };
    // Strong: an alias named the card, or the abstain model itself was sure (not only a rule).
    const byModel = decision.probability >= this.weights.abstain.threshold;
    const listed = this.reranker.list(ranked, this.options.maxResults, this.weights.listMargin, this.options.minListedConcepts);
    const results = listed.map((r): SearchResult => {
      const card = this.cards[r.evidence.card]!;
      return {
        card,
        score: Math.round(r.score * 100) / 100,
        coverage: Math.round(r.evidence.coverage * 100) / 100,
        strength: r.evidence.decisiveAliases > 0 || (byModel && r.score >= ranked[0]!.score - this.weights.listMargin) ? 'strong' : 'weak',
        matchedTerms: this.matchedTermsOf(r.evidence.card, expansion),
        matchedAliases: r.evidence.matchedAliases,
      };
    });
    return { ...base, results };
  }

  private matchedTermsOf(card: number, expansion: Expansion): string[] {
    const found = new Set<string>();
    const { retriever } = this.stages;
    const maxCards = this.cards.length * this.options.highlightMaxShare;
    for (const term of expansion.terms) {
      for (const { term: t } of term.matches) {
        // Words on most cards ("asyncio", "await") would mark half the text: not worth it.
        if (retriever.cardCount(t) <= maxCards && retriever.cardHasTerm(t, card)) found.add(t);
      }
    }
    return [...found];
  }
}

/** Builds the search over a corpus (the shipped knowledge base, later with the user's cards). */
export function createCardSearch(corpus: SearchCorpus, options: Partial<SearchOptions> = {}, weights?: RankerWeights): CardSearch {
  return new CardSearch(corpus, options, weights);
}
