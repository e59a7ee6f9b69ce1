import { buildKnowledgeBase } from '../knowledge/compile';
import { createCardSearch } from '../utils/search';
import { evaluateSearch } from '../utils/search/evaluate';
import { crossValidatedResponses } from '../utils/search/fit';
import { FIT_SETS, FOLDS, HOLDOUT_SETS, printReport, readSets } from './eval-sets';

/**
 * npm run eval [-- FILE ...] [--failures]
 * Per set and per kind: hit@1, hit@3, MRR, negatives given no answer, false "no match".
 * Sets the weights are fitted on are reported cross-validated (each query answered by weights
 * fitted without its fold); held-out sets with the shipped weights.
 */
const args = process.argv.slice(2);
const files = args.filter((a) => !a.startsWith('--'));
const showFailures = args.includes('--failures');
const knowledgeBase = await buildKnowledgeBase();
const search = createCardSearch(knowledgeBase);
const conceptOf = (card: number) => knowledgeBase.cards[card]!.concept;
console.log(`${knowledgeBase.cards.length} cards`);

const fitSets = await readSets(FIT_SETS.filter((f) => files.length === 0 || files.includes(f)));
if (fitSets.length > 0) {
  // Cross-validation needs every fit set's queries together, as `npm run tune` fits them.
  const all = await readSets(FIT_SETS);
  const queries = all.flatMap((s) => s.queries);
  const responses = crossValidatedResponses(search, queries, conceptOf, FOLDS);
  let offset = 0;
  for (const { file, queries: setQueries } of all) {
    const from = offset;
    offset += setQueries.length;
    if (!fitSets.some((s) => s.file === file)) continue;
    printReport(`${file}: ${setQueries.length} queries, ${FOLDS}-fold cross-validated`, evaluateSearch((_q, i) => responses[from + i]!, setQueries), showFailures);
  }
}
const others = files.length === 0 ? HOLDOUT_SETS : files.filter((f) => !FIT_SETS.includes(f));
for (const { file, queries } of await readSets(others)) {
  printReport(`${file}: ${queries.length} queries, held out (shipped weights)`, evaluateSearch(search, queries), showFailures);
}
