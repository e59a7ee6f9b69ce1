/**
 * Which words people use when they ask about asyncio, and which when they ask about something
 * else that shares its vocabulary (threads, queues, locks, pytest, "tasks" at work): a
 * Bernoulli naive-Bayes lean fitted on the development queries, related against unrelated.
 *
 * The cards say what asyncio is about; they cannot say what it is not. "python threading lock
 * deadlock" matches the lock card word for word, and only the questions people ask about plain
 * threading tell that nothing in it is asyncio. The abstain model takes the query's mean lean
 * and its most unrelated-leaning word's as features (`query.topicLean`,
 * `query.topicLean.least`), so its weight is fitted beside the others; `npm run tune`
 * counts the table on the fit sets and writes it into ranker-weights.json, and scores each
 * fit query with its own words taken out of the counts (leave one out), as a query never
 * seen would be scored.
 */
import type { Expansion } from './expand';

export interface TopicWordTable {
  /** How many related and unrelated queries were counted. */
  related: number;
  unrelated: number;
  /** Word → [related queries using it, unrelated queries using it]; words used by one query only are left out. */
  words: Record<string, [number, number]>;
}

/** A query's words for the table: its content stems as corrected, each once. */
export function topicWordsOf(expansion: Expansion): string[] {
  const words = new Set<string>();
  for (const term of expansion.terms) {
    if (!term.countsForCoverage) continue;
    words.add(term.matches.find((m) => m.kind === 'typo')?.term ?? term.stem);
  }
  return [...words];
}

export interface TopicSample {
  words: readonly string[];
  related: boolean;
}

export function countTopicWords(samples: readonly TopicSample[]): TopicWordTable {
  const counts = new Map<string, [number, number]>();
  let related = 0;
  for (const sample of samples) {
    if (sample.related) related += 1;
    for (const word of sample.words) {
      let count = counts.get(word);
      if (!count) counts.set(word, (count = [0, 0]));
      count[sample.related ? 0 : 1] += 1;
    }
  }
  const words: Record<string, [number, number]> = {};
  for (const word of [...counts.keys()].sort()) {
    const count = counts.get(word)!;
    if (count[0] + count[1] >= 2) words[word] = count;
  }
  return { related, unrelated: samples.length - related, words };
}

/** Add-one smoothing of each class's share of queries using a word. */
const SMOOTHING = 1;

/** A query's lean: the mean log-odds over its words, and the log-odds of its most
 * unrelated-leaning word ("threading", "sailors", "pytest" give a query away however asyncio
 * the rest of its words read, and a mean dilutes them). */
export interface TopicLean {
  mean: number;
  /** The lowest word log-odds, or 0 when no word leans away. */
  least: number;
}

/**
 * The log-odds, over the query's words the table knows, that a query using the word is
 * related rather than unrelated (0 when it knows none). `leaveOut` takes one counted query's
 * own words out of the counts first.
 */
export function topicLeans(table: TopicWordTable | undefined, words: readonly string[], leaveOut?: TopicSample): TopicLean {
  if (!table) return { mean: 0, least: 0 };
  const own = leaveOut ? new Set(leaveOut.words) : undefined;
  const relatedTotal = table.related - (leaveOut?.related ? 1 : 0);
  const unrelatedTotal = table.unrelated - (leaveOut && !leaveOut.related ? 1 : 0);
  let sum = 0;
  let known = 0;
  let least = 0;
  for (const word of words) {
    const count = table.words[word];
    if (!count) continue;
    let [related, unrelated] = count;
    if (own?.has(word)) {
      if (leaveOut!.related) related -= 1;
      else unrelated -= 1;
    }
    // As a table counted without that query would hold it: words of one query are left out.
    if (related + unrelated < 2) continue;
    known += 1;
    const lean =
      Math.log((related + SMOOTHING) / (relatedTotal + 2 * SMOOTHING)) - Math.log((unrelated + SMOOTHING) / (unrelatedTotal + 2 * SMOOTHING));
    sum += lean;
    least = Math.min(least, lean);
  }
  return { mean: known > 0 ? sum / known : 0, least };
}

/** The mean lean alone. */
export function topicLean(table: TopicWordTable | undefined, words: readonly string[], leaveOut?: TopicSample): number {
  return topicLeans(table, words, leaveOut).mean;
}
