import { writeFile } from 'node:fs/promises';
import { buildKnowledgeBase } from '../knowledge/compile';
import { createCardSearch } from '../utils/search';
import { evaluateSearch } from '../utils/search/evaluate';
import { crossValidatedResponses, fitWeights } from '../utils/search/fit';
import { FIT_SETS, FOLDS, printReport, readSets } from './eval-sets';

/**
 * npm run tune — fits the search's ranker and abstain model (utils/search/fit.ts) on the
 * development sets, prints the k-fold cross-validated figures, and writes the weights fitted
 * on all of them to utils/search/ranker-weights.json (shipped with the build). The held-out
 * sets are never read here.
 */
const WEIGHTS_PATH = 'utils/search/ranker-weights.json';
const knowledgeBase = await buildKnowledgeBase();
const base = createCardSearch(knowledgeBase);
const conceptOf = (card: number) => knowledgeBase.cards[card]!.concept;
const sets = await readSets(FIT_SETS);
const queries = sets.flatMap((s) => s.queries);
// --quick skips the cross-validation (for trying a change; the committed weights need it).
const quick = process.argv.includes('--quick');
const started = Date.now();
const responses = quick ? [] : crossValidatedResponses(base, queries, conceptOf, FOLDS);
const overall = evaluateSearch((q, i) => responses[i] ?? base.search(q), queries);
if (!quick) {
  console.log(`${FOLDS}-fold cross-validated on ${queries.length} queries (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  let offset = 0;
  for (const { file, queries: setQueries } of sets) {
    const from = offset;
    printReport(`${file} (cross-validated)`, evaluateSearch((_q, i) => responses[from + i]!, setQueries));
    offset += setQueries.length;
  }
}
const weights = fitWeights(base, queries, conceptOf, sets.map((s) => s.file), FOLDS);
weights.crossValidated = {
  queries: queries.length,
  hitAt1: Number(overall.overall.hitAt1.toFixed(4)),
  hitAt3: Number(overall.overall.hitAt3.toFixed(4)),
  mrr: Number(overall.overall.mrr.toFixed(4)),
  negativesWithNoAnswer: Number(overall.overall.abstention.toFixed(4)),
  falseNoMatch: Number(overall.overall.falseAbstention.toFixed(4)),
};
await writeFile(WEIGHTS_PATH, `${JSON.stringify(weights, null, 2)}\n`);
console.log(`\nwrote ${WEIGHTS_PATH} (fitted on all ${queries.length})`);
console.log('\nranker (log-odds per unit of the feature):');
for (const [name, w] of Object.entries(weights.ranker.weights)) console.log(`  ${name.padEnd(26)} ${w.toFixed(3)}`);
console.log(`  bias ${weights.ranker.bias}; later results listed while p >= ${weights.listThreshold}`);
console.log('abstain:');
for (const [name, w] of Object.entries(weights.abstain.weights)) console.log(`  ${name.padEnd(26)} ${w.toFixed(3)}`);
console.log(`  bias ${weights.abstain.bias}; answer when p >= ${weights.abstain.threshold}`);
