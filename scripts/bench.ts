import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import Fuse from 'fuse.js';
import { buildKnowledgeBase } from '../knowledge/compile';
import type { Card, KnowledgeBase } from '../knowledge/schema';
import { createCardSearch } from '../utils/search';
import { parseEvalQueries } from '../utils/search/evaluate';

/**
 * npm run bench — index build time and per-query p50/p95 of our search next to a plain
 * fuse.js baseline (default options over every text field of a card), on the shipped cards
 * and on a synthetic knowledge base 50× larger made from them. Budgets (DESIGN.md): p95 at
 * most 1 ms on the shipped cards, 10 ms at 50×, and faster than the baseline at 50×.
 */
const SCALE = 50;
const BUDGET_P95_MS = { shipped: 1, scaled: 10 };

const BASELINE_MAX_PATTERN = 32;
const BASELINE_KEYS = ['title', 'answer', 'points', 'aliases', 'tags', 'code.source', 'code.output', 'followUps.question', 'drill.prompt', 'drill.answer'];

/** A deterministic pseudo-random sequence, so every run benchmarks the same synthetic cards. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** 50 variants of every real card: points reordered and mixed with another card's, ids and
 * aliases made unique, so the vocabulary, the postings and the alias index all grow. */
function scaledKnowledgeBase(kb: KnowledgeBase, scale: number): KnowledgeBase {
  const random = seeded(42);
  const cards: Card[] = [];
  for (let variant = 0; variant < scale; variant++) {
    for (const card of kb.cards) {
      const donor = kb.cards[Math.floor(random() * kb.cards.length)]!;
      const points = [...card.points.slice(1), card.points[0]!, donor.points[Math.floor(random() * donor.points.length)]!];
      cards.push({
        ...card,
        id: variant === 0 ? card.id : `${card.id}-v${variant}`,
        title: variant === 0 ? card.title : `${card.title} (variant ${variant})`,
        aliases: card.aliases.map((alias) => (variant === 0 ? alias : `${alias} variant${variant}`)),
        points,
      });
    }
  }
  return { ...kb, cards };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Times each query once after running `warmUp` of them untimed (JIT compilation; in the
 * panel, the first keystrokes of a session do this). */
function timeQueries(run: (q: string) => unknown, queries: string[], warmUp: number): { p50: number; p95: number } {
  for (const q of queries.slice(0, warmUp)) run(q);
  const times: number[] = [];
  for (const q of queries) {
    const started = performance.now();
    run(q);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

function measure(kb: KnowledgeBase, queries: string[], baselineQueries: string[]) {
  // Built from the cards, as if no index had been shipped.
  const { searchIndex: _shipped, ...cardsOnly } = kb;
  let started = performance.now();
  const ours = createCardSearch(cardsOnly);
  const oursBuild = performance.now() - started;
  started = performance.now();
  const fuse = new Fuse(kb.cards, { keys: BASELINE_KEYS });
  const fuseBuild = performance.now() - started;
  return {
    // Ours warms up on every query once; the baseline, at seconds per query, on two.
    ours: { build: oursBuild, ...timeQueries((q) => ours.search(q), queries, queries.length) },
    baseline: { build: fuseBuild, ...timeQueries((q) => fuse.search(q.slice(0, BASELINE_MAX_PATTERN)), baselineQueries, 2) },
  };
}

const kb = await buildKnowledgeBase();
const QUERY_SETS = ['tests/eval/queries.jsonl', 'tests/eval/holdout-blind.jsonl'];
const queries: string[] = [];
for (const file of QUERY_SETS) queries.push(...parseEvalQueries(await readFile(file, 'utf8')).map((q) => q.q));
const scaled = scaledKnowledgeBase(kb, SCALE);
// The baseline takes seconds per query at 50×: it runs an evenly spread sample of the queries.
const sample = queries.filter((_, i) => i % 24 === 0);

const rows = [
  { corpus: `shipped (${kb.cards.length} cards)`, budget: BUDGET_P95_MS.shipped, ...measure(kb, queries, sample) },
  { corpus: `${SCALE}× synthetic (${scaled.cards.length} cards)`, budget: BUDGET_P95_MS.scaled, ...measure(scaled, queries, sample) },
];

const ms = (x: number) => x.toFixed(3).padStart(9);
console.log(`queries: ${queries.length} from ${QUERY_SETS.join(' and ')} (the baseline runs ${sample.length} of them)\n`);
console.log('corpus                        engine          build ms    p50 ms    p95 ms');
for (const row of rows) {
  console.log(`${row.corpus.padEnd(30)}ours         ${ms(row.ours.build)} ${ms(row.ours.p50)} ${ms(row.ours.p95)}`);
  console.log(`${''.padEnd(30)}fuse.js plain${ms(row.baseline.build)} ${ms(row.baseline.p50)} ${ms(row.baseline.p95)}`);
  console.log(`${''.padEnd(30)}baseline p95 / ours p95: ${(row.baseline.p95 / row.ours.p95).toFixed(1)}×\n`);
}
// What the panel does: load the index the compiler built and shipped.
const loadStarted = performance.now();
createCardSearch(kb);
console.log(`shipped cards, index built ahead of time and loaded: ${(performance.now() - loadStarted).toFixed(1)} ms\n`);
const failures = rows.flatMap((row) => [
  ...(row.ours.p95 > row.budget ? [`${row.corpus}: p95 ${row.ours.p95.toFixed(3)} ms is over the ${row.budget} ms budget`] : []),
]);
if (rows[1]!.ours.p95 >= rows[1]!.baseline.p95) failures.push(`at ${SCALE}× our p95 is not faster than plain fuse.js`);
console.log(failures.length ? `BUDGET FAILED:\n  ${failures.join('\n  ')}` : 'All budgets met.');
process.exitCode = failures.length ? 1 : 0;
