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

/** The model's counts as the knowledge-base compiler ships them in the search index, so the
 * panel reads them instead of counting every card's words at its first query (30–70 ms). */
export interface PackedConceptWords {
  concepts: string[];
  /** Every feature some concept uses, sorted, one per line: one JSON string parses much faster
   * than 20,000 (a query's features are found by binary search). */
  features: string;
  /** Feature features[i] has the [concept, count] pairs entries[offsets[i]..offsets[i+1]). */
  offsets: Int32Array;
  entries: Int32Array;
  /** Per concept: how many feature occurrences its model holds. */
  sizes: Float64Array;
}

/** Counts each concept's features over its cards' title, short answer, aliases and askedAs
 * phrasings. Every occurrence counts, as in a multinomial model (a query's features count once
 * each). */
export function countConceptWords(cards: readonly Card[]): PackedConceptWords {
  const conceptIndex = new Map<string, number>();
  for (const card of cards) if (!conceptIndex.has(card.concept)) conceptIndex.set(card.concept, conceptIndex.size);
  const sizes = new Float64Array(conceptIndex.size);
  // Per feature: flat [concept, count, …] pairs; cards of one concept come one after another,
  // so a feature's pair for the current concept, if any, is its last one.
  const counts = new Map<string, number[]>();
  const count = (feature: string, concept: number) => {
    let pairs = counts.get(feature);
    if (!pairs) counts.set(feature, (pairs = []));
    if (pairs.length > 0 && pairs[pairs.length - 2] === concept) pairs[pairs.length - 1]! += 1;
    else pairs.push(concept, 1);
    sizes[concept]! += 1;
  };
  for (const card of cards) {
    const c = conceptIndex.get(card.concept)!;
    for (const phrasing of [card.title, card.answer, ...(card.aliases ?? []), ...(card.askedAs ?? [])]) {
      const tokens = tokenize(phrasing);
      const stems = tokens.map(stem);
      for (let i = 0; i < stems.length; i++) if (isContentStem(tokens[i]!, stems[i]!)) count(stems[i]!, c);
      for (const pair of wordPairs(stems)) count(pair, c);
    }
  }
  const features = [...counts.keys()].sort();
  const offsets = new Int32Array(features.length + 1);
  let length = 0;
  features.forEach((feature, i) => {
    offsets[i] = length;
    length += counts.get(feature)!.length;
  });
  offsets[features.length] = length;
  const entries = new Int32Array(length);
  features.forEach((feature, i) => entries.set(counts.get(feature)!, offsets[i]));
  return { concepts: [...conceptIndex.keys()], features: features.join('\n'), offsets, entries, sizes };
}

export class ConceptWordModel {
  readonly concepts: readonly string[];
  private readonly packed: PackedConceptWords;
  /** The sorted features, split at the first query. */
  private features?: string[];
  private readonly total: number;
  /** The Dirichlet prior's mass: the mean concept model's size. */
  private readonly mu: number;

  /** Over the counts the compiler shipped, or counted here from the cards. */
  constructor(source: PackedConceptWords | readonly Card[]) {
    this.packed = 'features' in source ? source : countConceptWords(source);
    this.concepts = this.packed.concepts;
    let total = 0;
    for (const size of this.packed.sizes) total += size;
    this.total = total;
    this.mu = total / Math.max(this.concepts.length, 1);
  }

  /** The place of `feature` in the sorted features, or -1. */
  private placeOf(feature: string): number {
    const features = (this.features ??= this.packed.features === '' ? [] : this.packed.features.split('\n'));
    let lo = 0;
    let hi = features.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = features[mid]!;
      if (at === feature) return mid;
      if (at < feature) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Each concept's posterior given the text's features (uniform prior); features no concept
   * uses are left out (they say the same of every concept). */
  posterior(features: Iterable<string>): Map<string, number> {
    return this.read(features).posterior;
  }

  /** The posterior, and how many of the features some concept uses (the evidence it rests on). */
  read(features: Iterable<string>): { posterior: Map<string, number>; known: number } {
    const { mu } = this;
    const { sizes, offsets, entries } = this.packed;
    const n = this.concepts.length;
    const logLikelihood = new Float64Array(n);
    const row = new Float64Array(n);
    let known = 0;
    for (const feature of features) {
      const place = this.placeOf(feature);
      if (place < 0) continue;
      known += 1;
      row.fill(0);
      let featureTotal = 0;
      for (let k = offsets[place]!; k < offsets[place + 1]!; k += 2) {
        row[entries[k]!]! += entries[k + 1]!;
        featureTotal += entries[k + 1]!;
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
