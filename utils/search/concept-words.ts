/**
 * How each concept is asked about, as a word model: a smoothed naive-Bayes language model per
 * concept over the ways its cards say they are asked (askedAs phrasings, titles, aliases) and
 * their short answers.
 *
 * BM25 weighs each word by its rarity across cards, so everyday words ("once", "same",
 * "after") and stopwords count for little or nothing. People's questions often carry their
 * meaning in just those words: "at once", "at the same time", "one after another", "wait for
 * all". The model reads word pairs as well as content words, stopwords included, and all of a
 * concept's phrasings together, so a question worded like several of a concept's phrasings
 * points to that concept even when no single card word is rare. The reranker takes the
 * posterior of each candidate's concept as a feature (`concept.words`); the abstain model
 * takes the best card's.
 *
 * A concept's words are counted as a multinomial model counts them (every occurrence); a
 * query's features count once each. Smoothing: Dirichlet, with the prior mass `mu` equal to
 * the mean concept model's size (the usual default for query-likelihood models), towards the
 * word's frequency over all concepts.
 */
import type { Card } from '../../knowledge/schema';
import { isContentStem, stem, tokenize } from './terms';

/** Word pairs are read from this many leading tokens: a long text's pairs would swamp its words. */
const MAX_PAIR_TOKENS = 48;

/** The features of a text: its content stems and its adjacent stem pairs. */
export function wordFeatures(tokens: readonly string[], stems: readonly string[]): Set<string> {
  const features = new Set<string>();
  stems.forEach((stemmed, i) => {
    if (isContentStem(tokens[i]!, stemmed)) features.add(stemmed);
  });
  for (const pair of wordPairs(stems)) features.add(pair);
  return features;
}

/** Adjacent stem pairs of a text's leading tokens ("at once", "same time", "one after"). */
export function wordPairs(stems: readonly string[]): string[] {
  const pairs: string[] = [];
  const end = Math.min(stems.length, MAX_PAIR_TOKENS);
  for (let i = 1; i < end; i++) pairs.push(`${stems[i - 1]} ${stems[i]}`);
  return pairs;
}

export class ConceptWordModel {
  readonly concepts: readonly string[];
  /** Per feature: the concepts using it and how often, as flat [concept, count, …] pairs (sparse:
   * most features belong to one or two concepts; probabilities are worked out per query, so
   * building the model is only counting). */
  private readonly counts = new Map<string, number[]>();
  private readonly sizes: Float64Array;
  private readonly total: number;
  /** The Dirichlet prior's mass: the mean concept model's size. */
  private readonly mu: number;

  constructor(cards: readonly Card[]) {
    const conceptIndex = new Map<string, number>();
    for (const card of cards) if (!conceptIndex.has(card.concept)) conceptIndex.set(card.concept, conceptIndex.size);
    this.concepts = [...conceptIndex.keys()];
    const n = this.concepts.length;
    this.sizes = new Float64Array(n);
    // Every occurrence counts, as in a multinomial model (a query's features count once each).
    for (const card of cards) {
      const c = conceptIndex.get(card.concept)!;
      for (const phrasing of [card.title, card.answer, ...(card.aliases ?? []), ...(card.askedAs ?? [])]) {
        const tokens = tokenize(phrasing);
        const stems = tokens.map(stem);
        for (let i = 0; i < stems.length; i++) if (isContentStem(tokens[i]!, stems[i]!)) this.count(stems[i]!, c);
        for (const pair of wordPairs(stems)) this.count(pair, c);
      }
    }
    let total = 0;
    for (const size of this.sizes) total += size;
    this.total = total;
    this.mu = total / Math.max(n, 1);
  }

  private count(feature: string, concept: number): void {
    let pairs = this.counts.get(feature);
    if (!pairs) this.counts.set(feature, (pairs = []));
    // Cards of one concept come one after another, so its pair is the last one.
    if (pairs.length > 0 && pairs[pairs.length - 2] === concept) pairs[pairs.length - 1]! += 1;
    else pairs.push(concept, 1);
    this.sizes[concept]! += 1;
  }

  /** Each concept's posterior given the text's features (uniform prior); features no concept
   * uses are left out (they say the same of every concept). */
  posterior(features: Iterable<string>): Map<string, number> {
    return this.read(features).posterior;
  }

  /** The posterior, and how many of the features some concept uses (the evidence it rests on). */
  read(features: Iterable<string>): { posterior: Map<string, number>; known: number } {
    const { sizes, mu } = this;
    const n = this.concepts.length;
    const logLikelihood = new Float64Array(n);
    const row = new Float64Array(n);
    let known = 0;
    for (const feature of features) {
      const pairs = this.counts.get(feature);
      if (!pairs) continue;
      known += 1;
      row.fill(0);
      let featureTotal = 0;
      for (let k = 0; k < pairs.length; k += 2) {
        row[pairs[k]!]! += pairs[k + 1]!;
        featureTotal += pairs[k + 1]!;
      }
      const prior = (mu * featureTotal) / this.total;
      for (let c = 0; c < n; c++) logLikelihood[c]! += Math.log((row[c]! + prior) / (sizes[c]! + mu));
    }
    let best = -Infinity;
    for (const v of logLikelihood) best = Math.max(best, v);
    let sum = 0;
    for (const v of logLikelihood) sum += Math.exp(v - best);
    const result = new Map<string, number>();
    this.concepts.forEach((concept, c) => result.set(concept, Math.exp(logLikelihood[c]! - best) / sum));
    return { posterior: result, known };
  }
}
