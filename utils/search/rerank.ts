/**
 * Stage 4, rerank: turns each retrieved card's evidence into named features and scores them
 * with the fitted ranker (ranker.ts, weights in ranker-weights.json). The cheap features are
 * scored for every card touched; the best `rerankPool` of them also get the costlier ones
 * (overlap with the card's title and with its best askedAs phrasing). The list puts the best
 * card of each concept first, then the rest, and stops where the ranker's probability drops
 * below the fitted list threshold.
 */
import type { Card } from '../../knowledge/schema';
import type { QueryAnalysis } from './analyze';
import type { Expansion } from './expand';
import { linearScore, sigmoid, type LinearModel } from './ranker';
import type { Evidence, Retrieval } from './retrieve';
import { SEARCH_FIELDS, splitStems, type PrebuiltSearchIndex } from './search-index';

/** The ranker's features, in order. Per-field BM25 values are log-damped. */
export const RANKER_FEATURES = [
  ...SEARCH_FIELDS.map((f) => `bm25.${f}`),
  'bm25.plain',
  'bm25.expanded',
  'phrase',
  'coverage',
  'coverage.name',
  'coverage.errorLine',
  'bestSpecificity',
  'alias.words',
  'alias.decisive',
  'alias.weak',
  'alias.corrected',
  'alias.queryShare',
  'identifier.alias',
  'identifier.code',
  'question×bm25.asked',
  'question×bm25.title',
  'code×bm25.code',
  'traceback×bm25.aliases',
  'concept.siblings',
  'concept.primary',
  'concept.size',
  'title.overlap',
  'askedAs.overlap',
] as const;

/** Features computed for the best `rerankPool` cards only (they start at this index). */
const COSTLY_FROM = RANKER_FEATURES.indexOf('title.overlap');

export interface Ranked {
  evidence: Evidence;
  features: Float64Array;
  score: number;
  probability: number;
}

interface CardTerms {
  title: Set<string>;
  askedAs: Array<Set<string>>;
}

export class Reranker {
  /** Per card, as sets once it first reaches the pool (most cards never do in a session). */
  private readonly cardTerms: Array<CardTerms | undefined>;
  private readonly conceptSize = new Map<string, number>();

  constructor(
    private readonly cards: readonly Card[],
    /** The cards' title and askedAs stems (the compiler's PrebuiltSearchIndex). */
    private readonly stems: Pick<PrebuiltSearchIndex, 'titleStems' | 'askedAsStems'>,
    private readonly model: LinearModel,
    private readonly pool: number,
  ) {
    this.cardTerms = new Array<CardTerms | undefined>(cards.length);
    for (const card of cards) this.conceptSize.set(card.concept, (this.conceptSize.get(card.concept) ?? 0) + 1);
  }

  private termsOf(c: number): CardTerms {
    return (this.cardTerms[c] ??= {
      title: new Set(splitStems(this.stems.titleStems[c]!)),
      askedAs: this.stems.askedAsStems[c]!.map((phrasing) => new Set(splitStems(phrasing))),
    });
  }

  rank(analysis: QueryAnalysis, expansion: Expansion, retrieval: Retrieval): Ranked[] {
    const { cards } = this;
    const siblingsPlain = new Map<string, number>();
    for (const e of retrieval.evidence) {
      const concept = cards[e.card]!.concept;
      siblingsPlain.set(concept, (siblingsPlain.get(concept) ?? 0) + e.plain);
    }
    const isQuestion = analysis.isQuestion ? 1 : 0;
    const ranked: Ranked[] = retrieval.evidence.map((e) => {
      const card = cards[e.card]!;
      const x = new Float64Array(RANKER_FEATURES.length);
      let i = 0;
      for (const v of e.fields) x[i++] = Math.log1p(v);
      x[i++] = Math.log1p(e.plain);
      x[i++] = Math.log1p(e.expanded);
      x[i++] = Math.log1p(e.phrase);
      x[i++] = e.coverage;
      x[i++] = e.nameCoverage;
      x[i++] = e.errorCoverage;
      x[i++] = e.bestSpecificity;
      x[i++] = e.aliasWords;
      x[i++] = Math.min(e.decisiveAliases, 3);
      x[i++] = Math.min(e.weakAliases, 3);
      x[i++] = e.correctedAlias;
      x[i++] = e.aliasQueryShare;
      x[i++] = Math.min(e.identifierAlias, 3);
      x[i++] = e.identifierCode;
      x[i++] = isQuestion * x[SEARCH_FIELDS.indexOf('asked')]!;
      x[i++] = isQuestion * x[SEARCH_FIELDS.indexOf('title')]!;
      x[i++] = (analysis.isCode ? 1 : 0) * x[SEARCH_FIELDS.indexOf('code')]!;
      x[i++] = (analysis.isTraceback || analysis.errorLine ? 1 : 0) * x[SEARCH_FIELDS.indexOf('aliases')]!;
      x[i++] = Math.log1p(siblingsPlain.get(card.concept)! - e.plain);
      x[i++] = card.id === card.concept ? 1 : 0;
      x[i++] = Math.log(this.conceptSize.get(card.concept)!);
      const score = linearScore(this.model, RANKER_FEATURES, x);
      return { evidence: e, features: x, score, probability: 0 };
    });
    ranked.sort((a, b) => b.score - a.score);
    // The costlier features for the leading cards.
    const queryStems = new Set<string>();
    for (const term of expansion.terms) {
      queryStems.add(term.stem);
      for (const m of term.matches) if (m.kind === 'typo') queryStems.add(m.term);
    }
    const titleAt = COSTLY_FROM;
    const askedAt = COSTLY_FROM + 1;
    const wTitle = this.model.weights['title.overlap'] ?? 0;
    const wAsked = this.model.weights['askedAs.overlap'] ?? 0;
    for (const r of ranked.slice(0, this.pool)) {
      const terms = this.termsOf(r.evidence.card);
      r.features[titleAt] = overlap(terms.title, queryStems);
      let best = 0;
      for (const phrasing of terms.askedAs) best = Math.max(best, jaccard(phrasing, queryStems));
      r.features[askedAt] = best;
      r.score += wTitle * r.features[titleAt]! + wAsked * best;
    }
    ranked.sort((a, b) => b.score - a.score);
    for (const r of ranked) r.probability = sigmoid(r.score);
    return ranked;
  }

  /** The best card of each concept first (by score), then the other cards, while their
   * probability reaches `listThreshold`; the best cards of the first `minConcepts` concepts
   * are always listed (a second and third guess cost the reader little). */
  list(ranked: readonly Ranked[], maxResults: number, listThreshold: number, minConcepts: number): Ranked[] {
    const seen = new Set<string>();
    const first: Ranked[] = [];
    const rest: Ranked[] = [];
    for (const r of ranked) {
      if (first.length + rest.length >= maxResults * 3) break;
      const concept = this.cards[r.evidence.card]!.concept;
      (seen.has(concept) ? rest : first).push(r);
      seen.add(concept);
    }
    return [...first, ...rest].filter((r, i) => i < Math.min(minConcepts, first.length) || r.probability >= listThreshold).slice(0, maxResults);
  }
}

/** Share of a card's title words found in the query. */
function overlap(title: ReadonlySet<string>, query: ReadonlySet<string>): number {
  if (title.size === 0) return 0;
  let found = 0;
  for (const t of title) if (query.has(t)) found += 1;
  return found / title.size;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let both = 0;
  for (const t of a) if (b.has(t)) both += 1;
  return both / (a.size + b.size - both);
}
