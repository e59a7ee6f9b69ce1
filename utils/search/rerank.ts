/**
 * Stage 4, rerank: turns each retrieved card's evidence into named features and scores them
 * with the fitted ranker (ranker.ts, weights in ranker-weights.json). The cheap features are
 * scored for every card touched; the best `rerankPool` of them also get the costlier ones
 * (overlap with the card's title and with its best askedAs phrasing). The list puts the best
 * card of each concept first, then the rest, and stops where a card's score falls more than
 * the fitted list margin below the best card's.
 */
import type { Card } from '../../knowledge/schema';
import type { QueryAnalysis } from './analyze';
import type { Expansion } from './expand';
import { sigmoid, weightVector, type LinearModel } from './ranker';
import type { Evidence, Retrieval } from './retrieve';
import { SEARCH_FIELDS, splitStems, type PrebuiltSearchIndex } from './search-index';
import { isContentStem, stem, tokenize } from './terms';
import { ConceptWordModel, wordPairs } from './concept-words';

/** A concept the query's words all but rule out: its log-posterior is held here (the fit sees
 * one value for "not this concept" rather than the long tail of a long text's sums). */
const MIN_LOG_POSTERIOR = -12;

/** The query's word features for the concept word model: its terms as corrected (a long
 * text's key terms only) and its word pairs. */
function queryWordFeatures(expansion: Expansion): Set<string> {
  const features = new Set<string>();
  for (const term of expansion.terms) {
    const corrected = term.matches.find((m) => m.kind === 'typo');
    if (term.countsForCoverage) features.add(corrected?.term ?? term.stem);
  }
  for (const pair of wordPairs(expansion.resolvedStems)) features.add(pair);
  return features;
}

/** The content stems of a concept id ("gather-vs-wait" → gather, wait; "blocking-the-loop" → block, loop). */
function conceptNameStems(concept: string): string[] {
  return tokenize(concept.replace(/-/g, ' '))
    .filter((word) => isContentStem(word, stem(word)))
    .map(stem);
}

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
  'concept.name',
  'concept.name×what.primary',
  'concept.name×difference',
  'concept.words',
  'concept.words.mean',
  'title.overlap',
  'askedAs.overlap',
  'askedAs.queryCoverage',
  'concept.askedAs',
] as const;

const ALIASES_FIELD = SEARCH_FIELDS.indexOf('aliases');
const TITLE_FIELD = SEARCH_FIELDS.indexOf('title');
const CODE_FIELD = SEARCH_FIELDS.indexOf('code');
const ASKED_FIELD = SEARCH_FIELDS.indexOf('asked');

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
  /** Each concept's id as stems ("event-loop" → event, loop): the concept's own name. */
  private readonly conceptNameStems = new Map<string, string[]>();
  private readonly conceptWordModel: ConceptWordModel;
  /** The model's weights by feature position. */
  private readonly weights: Float64Array;

  constructor(
    private readonly cards: readonly Card[],
    /** The cards' title and askedAs stems and the concept word counts (the compiler's PrebuiltSearchIndex). */
    private readonly stems: Pick<PrebuiltSearchIndex, 'titleStems' | 'askedAsStems' | 'conceptWords'>,
    private readonly model: LinearModel,
    private readonly pool: number,
  ) {
    this.cardTerms = new Array<CardTerms | undefined>(cards.length);
    this.conceptWordModel = new ConceptWordModel(stems.conceptWords);
    this.weights = weightVector(model, RANKER_FEATURES);
    for (const card of cards) {
      this.conceptSize.set(card.concept, (this.conceptSize.get(card.concept) ?? 0) + 1);
      if (!this.conceptNameStems.has(card.concept)) this.conceptNameStems.set(card.concept, conceptNameStems(card.concept));
    }
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
    const resolved = new Set(expansion.resolvedStems);
    const { posterior: wordPosterior, known } = this.conceptWordModel.read(queryWordFeatures(expansion));
    // What every card of a concept shares, worked out once per concept.
    const byConcept = new Map<string, { siblings: number; logSize: number; named: number; words: number; wordsMean: number }>();
    for (const [concept, name] of this.conceptNameStems) {
      const logPosterior = Math.log(wordPosterior.get(concept) ?? 0);
      byConcept.set(concept, {
        siblings: siblingsPlain.get(concept) ?? 0,
        logSize: Math.log(this.conceptSize.get(concept)!),
        named: name.length === 0 ? 0 : name.filter((t) => resolved.has(t)).length / name.length,
        words: Math.max(logPosterior, MIN_LOG_POSTERIOR),
        wordsMean: Math.max(logPosterior / Math.max(known, 1), MIN_LOG_POSTERIOR),
      });
    }
    const isCode = analysis.isCode ? 1 : 0;
    const isError = analysis.isTraceback || analysis.errorLine ? 1 : 0;
    const ranked: Ranked[] = retrieval.evidence.map((e) => {
      const card = cards[e.card]!;
      const concept = byConcept.get(card.concept)!;
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
      x[i++] = isQuestion * x[ASKED_FIELD]!;
      x[i++] = isQuestion * x[TITLE_FIELD]!;
      x[i++] = isCode * x[CODE_FIELD]!;
      x[i++] = isError * x[ALIASES_FIELD]!;
      x[i++] = Math.log1p(concept.siblings - e.plain);
      x[i++] = card.id === card.concept ? 1 : 0;
      x[i++] = concept.logSize;
      const { named } = concept;
      x[i++] = named;
      // "What is X?", "Explain X": the concept's own explainer, when the whole name is asked about.
      x[i++] = named === 1 && analysis.questionType === 'what' && card.id === card.concept ? 1 : 0;
      x[i++] = named === 1 && analysis.questionType === 'difference' ? 1 : 0;
      x[i++] = concept.words;
      x[i++] = concept.wordsMean;
      let score = this.model.bias;
      for (let j = 0; j < COSTLY_FROM; j++) score += this.weights[j]! * x[j]!;
      return { evidence: e, features: x, score, probability: 0 };
    });
    ranked.sort((a, b) => b.score - a.score);
    // The costlier features for the leading cards.
    const queryStems = new Set<string>();
    for (const term of expansion.terms) {
      queryStems.add(term.stem);
      for (const m of term.matches) if (m.kind === 'typo') queryStems.add(m.term);
    }
    const specificityOf = new Map<string, number>();
    let querySpecificity = 0;
    for (const term of expansion.terms) {
      if (!term.countsForCoverage) continue;
      const weight = term.specificity * term.emphasis;
      querySpecificity += weight;
      specificityOf.set(term.stem, weight);
      for (const m of term.matches) if (m.kind === 'typo') specificityOf.set(m.term, Math.max(specificityOf.get(m.term) ?? 0, weight));
    }
    const weighedStems = [...specificityOf.keys()];
    const stemWeights = [...specificityOf.values()];
    const pool = ranked.slice(0, this.pool);
    const bestAskedByConcept = new Map<string, number>();
    for (const r of pool) {
      const terms = this.termsOf(r.evidence.card);
      r.features[COSTLY_FROM] = overlap(terms.title, queryStems);
      let bestJaccard = 0;
      let bestCoverage = 0;
      for (const phrasing of terms.askedAs) {
        bestJaccard = Math.max(bestJaccard, jaccard(phrasing, queryStems));
        if (querySpecificity > 0) {
          let found = 0;
          for (let k = 0; k < weighedStems.length; k++) if (phrasing.has(weighedStems[k]!)) found += stemWeights[k]!;
          bestCoverage = Math.max(bestCoverage, found / querySpecificity);
        }
      }
      r.features[COSTLY_FROM + 1] = bestJaccard;
      r.features[COSTLY_FROM + 2] = Math.min(1, bestCoverage);
      const concept = cards[r.evidence.card]!.concept;
      bestAskedByConcept.set(concept, Math.max(bestAskedByConcept.get(concept) ?? 0, bestJaccard));
    }
    // A concept whose other card has the closest phrasing: its cards share the evidence.
    for (const r of pool) r.features[COSTLY_FROM + 3] = bestAskedByConcept.get(cards[r.evidence.card]!.concept)!;
    for (const r of pool) {
      for (let j = COSTLY_FROM; j < RANKER_FEATURES.length; j++) r.score += this.weights[j]! * r.features[j]!;
    }
    ranked.sort((a, b) => b.score - a.score);
    for (const r of ranked) r.probability = sigmoid(r.score);
    return ranked;
  }

  /** The best card of each concept first (by score), then the other cards, while their
   * score is within `listMargin` of the best card's; the best cards of the first `minConcepts` concepts
   * are always listed (a second and third guess cost the reader little). */
  list(ranked: readonly Ranked[], maxResults: number, listMargin: number, minConcepts: number): Ranked[] {
    const floor = (ranked[0]?.score ?? 0) - listMargin;
    const seen = new Set<string>();
    const first: Ranked[] = [];
    const rest: Ranked[] = [];
    for (const r of ranked) {
      if (first.length + rest.length >= maxResults * 3) break;
      const concept = this.cards[r.evidence.card]!.concept;
      (seen.has(concept) ? rest : first).push(r);
      seen.add(concept);
    }
    return [...first, ...rest].filter((r, i) => i < Math.min(minConcepts, first.length) || r.score >= floor).slice(0, maxResults);
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
