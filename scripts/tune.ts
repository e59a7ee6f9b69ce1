import { writeFile } from 'node:fs/promises';
import { buildKnowledgeBase } from '../knowledge/compile';
import { createCardSearch } from '../utils/search';
import { evaluateSearch } from '../utils/search/evaluate';
import { crossValidatedResponses, DEFAULT_FIT_SETTINGS, fitWeights, L2_GRID } from '../utils/search/fit';
import type { FitSettings } from '../utils/search/ranker';
import { FIT_SETS, FOLDS, printReport, readSets } from './eval-sets';

/**
 * npm run tune — fits the search's ranker and abstain model (utils/search/fit.ts) on the
 * development sets, prints the k-fold cross-validated figures, and writes the weights fitted
 * on all of them to utils/search/ranker-weights.json (shipped with the build). The held-out
 * sets are never read here.
 *
 * The fit's L2 penalties are chosen first, by the same k-fold cross-validation: the ranker's
 * by MRR (abstention aside: it is what the ranker is for), then the abstain model's by how
 * many related queries it answers plus how many unrelated ones it leaves unanswered, each as a
 * share (its threshold pins the second on the fit sets, so this mostly counts false "no
 * match"). The figures printed are those of the chosen
 * penalties, so they are slightly optimistic: the choice saw the same folds.
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
let settings: FitSettings = { ...DEFAULT_FIT_SETTINGS, ...base.weights.settings };
let responses = quick ? [] : crossValidatedResponses(base, queries, conceptOf, FOLDS, settings);
// --keep-settings fits with the penalties already recorded (no search over them).
if (!quick && !process.argv.includes('--keep-settings')) {
  const tried = new Map<string, { responses: typeof responses; mrr: number; decision: number }>();
  const judge = (candidate: FitSettings) => {
    const key = JSON.stringify(candidate);
    let found = tried.get(key);
    if (!found) {
      const r = crossValidatedResponses(base, queries, conceptOf, FOLDS, candidate);
      const { overall: m } = evaluateSearch((_q, i) => r[i]!, queries);
      found = { responses: r, mrr: m.mrr, decision: 1 - m.falseAbstention + m.abstention };
      tried.set(key, found);
      console.log(`  rankerL2 ${candidate.rankerL2}, abstainL2 ${candidate.abstainL2}: MRR ${m.mrr.toFixed(4)}, hit@1 ${(m.hitAt1 * 100).toFixed(1)}%, negatives unanswered ${(m.abstention * 100).toFixed(1)}%, false no-match ${(m.falseAbstention * 100).toFixed(1)}%`);
    }
    return found;
  };
  console.log('choosing the L2 penalties by cross-validation:');
  const rankerL2 = L2_GRID.reduce((best, l2) => (judge({ ...settings, rankerL2: l2 }).mrr > judge({ ...settings, rankerL2: best }).mrr ? l2 : best));
  settings = { ...settings, rankerL2 };
  const abstainL2 = L2_GRID.reduce((best, l2) => (judge({ ...settings, abstainL2: l2 }).decision > judge({ ...settings, abstainL2: best }).decision ? l2 : best));
  settings = { ...settings, abstainL2 };
  responses = judge(settings).responses;
  console.log(`chosen: rankerL2 ${settings.rankerL2}, abstainL2 ${settings.abstainL2}`);
}
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
const weights = fitWeights(base, queries, conceptOf, sets.map((s) => s.file), FOLDS, settings);
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
console.log(`  bias ${weights.ranker.bias}; later results listed while within ${weights.listMargin} of the best score`);
console.log('abstain:');
for (const [name, w] of Object.entries(weights.abstain.weights)) console.log(`  ${name.padEnd(26)} ${w.toFixed(3)}`);
console.log(`  bias ${weights.abstain.bias}; answer when p >= ${weights.abstain.threshold}`);
