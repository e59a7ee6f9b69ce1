import { readFile, writeFile } from 'node:fs/promises';
import { loadKnowledgeBase } from '../knowledge/compile';
import { COVERAGES, fitGradingParams, measureAgreement, parseLabelledAnswers, type Agreement } from '../utils/interview/evaluate';
import { GRADING_PARAMS } from '../utils/interview/grading';

/**
 * npm run eval:interview [-- --fit]
 * Grades the labelled answers of tests/eval/interview-answers.jsonl and prints the per-point
 * agreement with the labels and the 3×3 confusion, for the tuning and held-out parts
 * separately. --fit first fits the grading parameters on the tuning part only and writes
 * them to utils/interview/grading-params.json.
 */
const FILE = 'tests/eval/interview-answers.jsonl';
const PARAMS_FILE = 'utils/interview/grading-params.json';
const kb = await loadKnowledgeBase();
const rows = parseLabelledAnswers(await readFile(FILE, 'utf8'), kb.cards);
const tuning = rows.filter((r) => r.split === 'tuning');
const heldOut = rows.filter((r) => r.split === 'held-out');

let params = GRADING_PARAMS;
if (process.argv.includes('--fit')) {
  params = fitGradingParams(tuning, kb.cards, kb.synonyms);
  await writeFile(PARAMS_FILE, `${JSON.stringify(params)}\n`);
  console.log(`fitted on the tuning part → ${PARAMS_FILE}`);
}
console.log(`grading parameters: ${JSON.stringify(params)}`);
console.log(`${rows.length} answers over ${new Set(rows.map((r) => r.card)).size} cards`);

function print(name: string, answers: number, a: Agreement) {
  const pct = (x: number) => `${((x / Math.max(1, a.points)) * 100).toFixed(1)}%`;
  console.log(`\n${name}: ${answers} answers, ${a.points} points, agreement ${pct(a.agreed)}`);
  console.log(`  label \\ graded   ${COVERAGES.map((c) => c.padStart(8)).join('')}`);
  for (const label of COVERAGES) console.log(`  ${label.padEnd(16)}${COVERAGES.map((g) => String(a.confusion[label][g]).padStart(8)).join('')}`);
}
print('tuning', tuning.length, measureAgreement(tuning, kb.cards, kb.synonyms, params));
print('held-out', heldOut.length, measureAgreement(heldOut, kb.cards, kb.synonyms, params));
