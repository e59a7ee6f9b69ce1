import type { LanguageModel } from './analyze';
import type { TopicWordTable } from './topic-words';
/**
 * The fitted models of the search: logistic regression over named features, in plain
 * TypeScript. One model ranks cards (is this card's concept a right answer?), one decides
 * whether to answer at all (is the query about asyncio, so that its best card should be shown?).
 * A third model tells another language's async text from Python's (analyze.ts).
 * `npm run tune` (scripts/tune.ts) fits both on the development sets with k-fold
 * cross-validation and writes ranker-weights.json, which the build ships.
 */

export interface LinearModel {
  /** Feature name → weight, applied to the raw feature value. */
  weights: Record<string, number>;
  bias: number;
}

/** The fit's own knobs, chosen by `npm run tune` by cross-validation. */
export interface FitSettings {
  /** L2 penalty on the ranker's standardized weights. */
  rankerL2: number;
  /** L2 penalty on the abstain and language models' standardized weights. */
  abstainL2: number;
}

export interface RankerWeights {
  /** How the weights were made (for people reading the file). */
  fittedOn: string[];
  folds: number;
  /** The penalties these weights were fitted with. */
  settings?: FitSettings;
  ranker: LinearModel;
  abstain: LinearModel & {
    /** Answer when the abstain model's probability is at least this (fitted). */
    threshold: number;
  };
  /** Words of related and unrelated development queries (topic-words.ts), for the abstain model. */
  topicWords?: TopicWordTable;
  /** Whether a text is another language's async (analyze.ts); fitted with the others. */
  language?: LanguageModel;
  /** Results after the first are listed while their score is at most this far below the best
   * card's (fitted; the ranker's scores compare within one query only). */
  listMargin: number;
  /** Cross-validated figures of the fit, for the record. */
  crossValidated?: Record<string, number>;
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** w·x + b over the named features (names missing from the model weigh 0). */
export function linearScore(model: LinearModel, names: readonly string[], values: ArrayLike<number>): number {
  let score = model.bias;
  for (let i = 0; i < names.length; i++) {
    const w = model.weights[names[i]!];
    if (w !== undefined) score += w * values[i]!;
  }
  return score;
}

/** The model's weights as a vector in the order of `names` (missing names weigh 0): scoring
 * hundreds of cards per query reads them by position, not by name. */
export function weightVector(model: LinearModel, names: readonly string[]): Float64Array {
  return Float64Array.from(names, (name) => model.weights[name] ?? 0);
}

const [BETA1, BETA2, EPSILON] = [0.9, 0.999, 1e-8];

/** One Adam update of the first `d` weights, and of the bias at `w[d]` when `w` holds one;
 * the gradient is divided by `total` and gets the L2 term (never on the bias). */
function adamStep(w: Float64Array, grad: Float64Array, mom: Float64Array, vel: Float64Array, epoch: number, options: FitOptions, total: number, d: number) {
  for (let j = 0; j < w.length; j++) {
    const g = grad[j]! / total + (j < d ? options.l2 * w[j]! : 0);
    mom[j] = BETA1 * mom[j]! + (1 - BETA1) * g;
    vel[j] = BETA2 * vel[j]! + (1 - BETA2) * g * g;
    const mHat = mom[j]! / (1 - BETA1 ** epoch);
    const vHat = vel[j]! / (1 - BETA2 ** epoch);
    w[j]! -= (options.learningRate * mHat) / (Math.sqrt(vHat) + EPSILON);
  }
}

/** Weights fitted on standardized features, folded back to apply to raw values. */
function rawModel(names: readonly string[], w: Float64Array, standardizedBias: number, mean: Float64Array, std: Float64Array): LinearModel {
  const weights: Record<string, number> = {};
  let bias = standardizedBias;
  for (let j = 0; j < names.length; j++) {
    const raw = w[j]! / std[j]!;
    weights[names[j]!] = Number(raw.toPrecision(5));
    bias -= raw * mean[j]!;
  }
  return { weights, bias: Number(bias.toPrecision(5)) };
}

export interface FitOptions {
  /** L2 penalty on the (standardized) weights. */
  l2: number;
  epochs: number;
  learningRate: number;
  /** Weight of each example (e.g. to balance positives and negatives); default 1. */
  sampleWeights?: number[];
}

/**
 * Fits logistic regression by full-batch gradient descent (Adam) on standardized features,
 * then folds the standardization into the weights so they apply to raw values.
 */
export function fitLogistic(names: readonly string[], rows: ReadonlyArray<ArrayLike<number>>, labels: readonly number[], options: FitOptions): LinearModel {
  const d = names.length;
  const m = rows.length;
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (const row of rows) for (let j = 0; j < d; j++) mean[j]! += row[j]! / m;
  for (const row of rows) for (let j = 0; j < d; j++) std[j]! += (row[j]! - mean[j]!) ** 2 / m;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j]!) || 1;
  const x = rows.map((row) => Float64Array.from({ length: d }, (_, j) => (row[j]! - mean[j]!) / std[j]!));
  const sampleWeights = options.sampleWeights ?? new Array<number>(m).fill(1);
  const totalWeight = sampleWeights.reduce((a, b) => a + b, 0);
  const w = new Float64Array(d + 1); // last = bias
  const mom = new Float64Array(d + 1);
  const vel = new Float64Array(d + 1);
  const grad = new Float64Array(d + 1);
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    grad.fill(0);
    for (let i = 0; i < m; i++) {
      const xi = x[i]!;
      let z = w[d]!;
      for (let j = 0; j < d; j++) z += w[j]! * xi[j]!;
      const error = (sigmoid(z) - labels[i]!) * sampleWeights[i]!;
      for (let j = 0; j < d; j++) grad[j]! += error * xi[j]!;
      grad[d]! += error;
    }
    adamStep(w, grad, mom, vel, epoch, options, totalWeight, d);
  }
  return rawModel(names, w, w[d]!, mean, std);
}


/** One query's candidates for the ranking fit: their feature rows and which are right. */
export interface RankingGroup {
  rows: ReadonlyArray<ArrayLike<number>>;
  labels: readonly number[];
}

/**
 * Fits a linear ranker with the listwise softmax loss (a conditional logit): for each query,
 * minus the log of the share of exp(score) its right candidates take among all its
 * candidates. Unlike logistic regression on single cards, it learns only what moves a right
 * card above the wrong ones of the same query, which is what hit@1 rewards. Standardized
 * features, Adam, weights folded back to raw values; the bias is 0 (a constant shifts every
 * candidate of a query alike).
 */
export function fitSoftmaxRanking(names: readonly string[], groups: readonly RankingGroup[], options: FitOptions): LinearModel {
  const d = names.length;
  const usable = groups.filter((g) => g.labels.some((l) => l === 1) && g.labels.some((l) => l === 0));
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  let m = 0;
  for (const g of usable) for (const row of g.rows) {
    m += 1;
    for (let j = 0; j < d; j++) mean[j]! += row[j]!;
  }
  for (let j = 0; j < d; j++) mean[j]! /= Math.max(1, m);
  for (const g of usable) for (const row of g.rows) for (let j = 0; j < d; j++) std[j]! += (row[j]! - mean[j]!) ** 2 / Math.max(1, m);
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j]!) || 1;
  const standardized = usable.map((g) => g.rows.map((row) => Float64Array.from({ length: d }, (_, j) => (row[j]! - mean[j]!) / std[j]!)));
  const w = new Float64Array(d);
  const mom = new Float64Array(d);
  const vel = new Float64Array(d);
  const grad = new Float64Array(d);
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    grad.fill(0);
    usable.forEach((g, q) => {
      const xs = standardized[q]!;
      const z = xs.map((x) => {
        let s = 0;
        for (let j = 0; j < d; j++) s += w[j]! * x[j]!;
        return s;
      });
      const top = Math.max(...z);
      const e = z.map((s) => Math.exp(s - top));
      const all = e.reduce((a, b) => a + b, 0);
      const right = e.reduce((a, b, i) => a + (g.labels[i] ? b : 0), 0);
      // d/dz_i of −log(right/all) = p_i − (label_i ? e_i/right : 0)
      xs.forEach((x, i) => {
        const coefficient = e[i]! / all - (g.labels[i] ? e[i]! / right : 0);
        if (coefficient === 0) return;
        for (let j = 0; j < d; j++) grad[j]! += coefficient * x[j]!;
      });
    });
    adamStep(w, grad, mom, vel, epoch, options, Math.max(1, usable.length), d);
  }
  // Centred so a typical candidate scores near 0 (the list threshold reads sigmoid(score)).
  return rawModel(names, w, 0, mean, std);
}
