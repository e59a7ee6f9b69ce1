/**
 * Fitting the search's models (used by `npm run tune` and by `npm run eval` for
 * cross-validated figures): the ranker on the leading candidates of every related query
 * (listwise softmax: what puts a right card above the wrong ones of the same query), the
 * abstain model on every query, their thresholds on the fit set's own decisions. K-fold
 * cross-validation fits on k−1 parts and answers the k-th with those weights only.
 */
import { ABSTAIN_FEATURES, TOPIC_LEAN_FEATURE, TOPIC_LEAN_LEAST_FEATURE } from './abstain';
import { boundQuery, LANGUAGE_FEATURES, languageRow, languageSigns, OTHER_LANGUAGES, type LanguageModel } from './analyze';
import { LANGUAGE_NAMES, type EvalQuery } from './evaluate';
import { fitLogistic, fitSoftmaxRanking, linearScore, sigmoid, type FitSettings, type LinearModel, type RankerWeights, type RankingGroup } from './ranker';
import { RANKER_FEATURES } from './rerank';
import type { CardSearch, SearchResponse } from './search';
import { countTopicWords, topicLeans, topicWordsOf, type TopicSample } from './topic-words';

const FIT = { epochs: 400, learningRate: 0.05 };
/** The L2 penalties when the weights file names none (`npm run tune` chooses them by
 * cross-validation and records them in it). */
export const DEFAULT_FIT_SETTINGS: FitSettings = { rankerL2: 1e-3, abstainL2: 1e-2 };
/** Fitting rounds: the leading candidates depend on the ranker being fitted. */
const ROUNDS = 2;
/** How much worse it is to call Python text another language (its answer is lost) than to
 * miss another language's text (it gets a weak card): a product decision for the language
 * model's threshold. */
export const MISSED_ANSWER_COST = 3;
/**
 * The share of the fit sets' unrelated queries (those the abstain model decides) that must get
 * no answer; the answer threshold is the lowest that achieves it, so every related query above
 * it is answered. The product aims at 80 % on text it has never seen, so each fit set's
 * cross-validated share is to reach 85 %: measured by `npm run tune`, 0.85 gave dev-v3 81.0 %,
 * 0.9 gave 84.1 %, 0.92 gives 86.5 % (dev-v2 94.0 %, queries 98.3 %; false "no match" 3.0 %,
 * 0.6 %, 0.6 %). A quantile of several hundred scores moves little between refits; the
 * threshold that maximised a weighted count of right decisions sat on a flat plateau and
 * moved by ±0.1 (0.38, 0.45, 0.22) between refits of nearly the same model.
 */
export const UNRELATED_UNANSWERED_SHARE = 0.92;
/** The penalties `npm run tune` chooses among, by cross-validation. */
export const L2_GRID = [1e-4, 1e-3, 1e-2, 1e-1];

/** Each related query's leading candidates, labelled right or wrong, for the ranking fit. */
function rankingGroups(search: CardSearch, queries: readonly EvalQuery[], conceptOf: (card: number) => string): RankingGroup[] {
  const groups: RankingGroup[] = [];
  for (const query of queries) {
    if (query.expect.length === 0) continue;
    const pool = search.trace(query.q).ranked.slice(0, search.options.rerankPool);
    const labels = pool.map((r) => (query.expect.includes(conceptOf(r.evidence.card)) ? 1 : 0));
    // A query whose right concept has no card yet teaches the ranker nothing.
    if (labels.includes(1)) groups.push({ rows: pool.map((r) => r.features), labels });
  }
  return groups;
}

/** The threshold on `scores` that best separates the labels: the most right decisions, each
 * class weighing the same in all and a missed positive `positiveCost` times a false one (a
 * false "no match" hides the answer; a weak card shown for unrelated text is only noise). */
function bestThreshold(scores: readonly number[], labels: readonly number[], positiveCost = 1): number {
  const positives = labels.filter((l) => l === 1).length;
  const negatives = labels.length - positives;
  const candidates = [...new Set(scores.map((s) => Math.round(s * 1000) / 1000))].sort((a, b) => a - b);
  let best = { threshold: 0.5, value: -1 };
  for (const t of candidates) {
    let tp = 0;
    let tn = 0;
    scores.forEach((s, i) => {
      const answer = s >= t;
      if (answer && labels[i] === 1) tp += 1;
      if (!answer && labels[i] === 0) tn += 1;
    });
    const value = positiveCost * (positives ? tp / positives : 0) + (negatives ? tn / negatives : 0);
    if (value > best.value) best = { threshold: t, value };
  }
  return best.threshold;
}

/** Fits all weights on `queries`, starting from `base`'s. */
/** Fits the language model: each query's row is Python's signs and the signs of its language
 * (the labelled one for other-language negatives, else the one with most signs); labelled
 * other-language text is 1. A Python text wrongly called another language loses its answer,
 * so it weighs MISSED_ANSWER_COST times a missed other-language text in the threshold. */
export function fitLanguageModel(search: CardSearch, queries: readonly EvalQuery[], l2: number): LanguageModel {
  const rows: Float64Array[] = [];
  const labels: number[] = [];
  for (const query of queries) {
    const signs = languageSigns(boundQuery(query.q, search.options.maxQueryChars).text);
    const named = query.lang ? LANGUAGE_NAMES[query.lang] : undefined;
    const language = named ?? OTHER_LANGUAGES.reduce<string | undefined>((best, l) => ((signs.byLanguage[l]?.length ?? 0) > (best ? (signs.byLanguage[best]?.length ?? 0) : 0) ? l : best), undefined);
    rows.push(languageRow(signs, language));
    labels.push(named ? 1 : 0);
  }
  const positives = labels.filter((l) => l === 1).length;
  const negatives = labels.length - positives;
  const model = fitLogistic(LANGUAGE_FEATURES, rows, labels, {
    ...FIT,
    l2,
    sampleWeights: labels.map((l) => (l ? labels.length / (2 * Math.max(1, positives)) : labels.length / (2 * Math.max(1, negatives)))),
  });
  const scores = rows.map((row) => sigmoid(linearScore(model, LANGUAGE_FEATURES, row)));
  // bestThreshold's costly class is 1: here that is Python text (0), so the labels flip.
  const threshold = bestThreshold(scores.map((p) => -p), labels.map((l) => 1 - l), MISSED_ANSWER_COST);
  return { ...model, threshold: -threshold };
}

export function fitWeights(
  base: CardSearch,
  queries: readonly EvalQuery[],
  conceptOf: (card: number) => string,
  fittedOn: string[] = [],
  folds = 0,
  settings: FitSettings = base.weights.settings ?? DEFAULT_FIT_SETTINGS,
): RankerWeights {
  // The language model first: which queries reach the other models depends on it.
  let weights: RankerWeights = { ...base.weights, language: fitLanguageModel(base, queries, settings.abstainL2) };
  for (let round = 0; round < ROUNDS; round++) {
    const groups = rankingGroups(base.withWeights(weights), queries, conceptOf);
    const ranker = fitSoftmaxRanking(RANKER_FEATURES, groups, { ...FIT, l2: settings.rankerL2 });
    weights = { ...weights, ranker };
  }
  // The list margin: the gap below the best score that best separates right from wrong cards
  // after the first.
  const search = base.withWeights(weights);
  const traces = queries.map((query) => search.trace(query.q));
  // The topic words of every fit query; each abstain row gets its query's lean with the
  // query's own words taken out, as an unseen query's would be.
  const samples: TopicSample[] = traces.map((trace, i) => ({ words: topicWordsOf(trace.expansion), related: queries[i]!.expect.length > 0 }));
  const topicWords = countTopicWords(samples);
  const listScores: number[] = [];
  const listLabels: number[] = [];
  const abstainRows: Float64Array[] = [];
  const abstainLabels: number[] = [];
  queries.forEach((query, q) => {
    const trace = traces[q]!;
    if (trace.analysis.otherLanguage) return; // answered by rule
    // The model decides only queries without a clear asyncio term (those are always answered),
    // so it is fitted on those.
    if (!trace.decision.clearAsyncioTerm) {
      const row = Float64Array.from(trace.decision.features);
      const lean = topicLeans(topicWords, samples[q]!.words, samples[q]);
      row[TOPIC_LEAN_FEATURE] = lean.mean;
      row[TOPIC_LEAN_LEAST_FEATURE] = lean.least;
      abstainRows.push(row);
      abstainLabels.push(query.expect.length > 0 ? 1 : 0);
    }
    for (const r of trace.ranked.slice(1, search.options.maxResults * 2)) {
      if (query.expect.length === 0) break;
      listScores.push(r.score - trace.ranked[0]!.score);
      listLabels.push(query.expect.includes(conceptOf(r.evidence.card)) ? 1 : 0);
    }
  });
  const positives = abstainLabels.filter((l) => l === 1).length;
  const negatives = abstainLabels.length - positives;
  const abstainModel: LinearModel = fitLogistic(ABSTAIN_FEATURES, abstainRows, abstainLabels, {
    ...FIT,
    l2: settings.abstainL2,
    sampleWeights: abstainLabels.map((l) => (l ? abstainLabels.length / (2 * Math.max(1, positives)) : abstainLabels.length / (2 * Math.max(1, negatives)))),
  });
  return {
    fittedOn,
    folds,
    settings,
    ranker: weights.ranker,
    language: weights.language,
    topicWords,
    abstain: {
      ...abstainModel,
      threshold: unansweredThreshold(abstainRows.filter((_, i) => abstainLabels[i] === 0).map((row) => sigmoid(linearScore(abstainModel, ABSTAIN_FEATURES, row)))),
    },
    // bestThreshold over the gaps below the best card (negated: listed when the gap is small).
    listMargin: -bestThreshold(listScores, listLabels),
  };
}

/** The lowest threshold under which `share` of the unrelated queries' probabilities fall
 * (a query is answered when p ≥ threshold). */
export function unansweredThreshold(unrelatedProbabilities: readonly number[], share = UNRELATED_UNANSWERED_SHARE): number {
  const sorted = [...unrelatedProbabilities].sort((a, b) => a - b);
  if (sorted.length === 0) return 0.5;
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length))]!;
}

/** Which of k folds a query is in: a fixed hash of its text, so folds do not depend on order. */
export function foldOf(query: EvalQuery, k: number): number {
  let h = 2166136261;
  for (let i = 0; i < query.q.length; i++) h = Math.imul(h ^ query.q.charCodeAt(i), 16777619);
  return (h >>> 0) % k;
}

/** Answers every query with weights fitted on the other folds. */
export function crossValidatedResponses(
  base: CardSearch,
  queries: readonly EvalQuery[],
  conceptOf: (card: number) => string,
  k: number,
  settings?: FitSettings,
): SearchResponse[] {
  const responses = new Array<SearchResponse>(queries.length);
  for (let fold = 0; fold < k; fold++) {
    const training = queries.filter((q) => foldOf(q, k) !== fold);
    const search = base.withWeights(fitWeights(base, training, conceptOf, [], 0, settings));
    queries.forEach((q, i) => {
      if (foldOf(q, k) === fold) responses[i] = search.search(q.q);
    });
  }
  return responses;
}
