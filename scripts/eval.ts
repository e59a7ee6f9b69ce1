import { readFile } from 'node:fs/promises';
import { buildKnowledgeBase } from '../knowledge/compile';
import { createCardSearch } from '../utils/search';
import { evaluateSearch, parseEvalQueries } from '../utils/search/evaluate';

/**
 * npm run eval [-- FILE ...]   (default: the development set, then the two held-out sets)
 * Runs a query set through the search the panel uses and prints hit@1, hit@3, MRR,
 * abstention on unrelated text, a per-kind breakdown and every failed query.
 */
const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const quiet = process.argv.includes('--quiet');
const knowledgeBase = await buildKnowledgeBase();
const search = createCardSearch(knowledgeBase);

const DEFAULT_SETS = ['tests/eval/queries.jsonl', 'tests/eval/holdout.jsonl', 'tests/eval/holdout-blind.jsonl'];
for (const file of files.length > 0 ? files : DEFAULT_SETS) {
  const queries = parseEvalQueries(await readFile(file, 'utf8'), file);
  const report = evaluateSearch(search, queries);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(`\n${file}: ${queries.length} queries, ${knowledgeBase.cards.length} cards`);
  console.log(`  hit@1 ${pct(report.overall.hitAt1)}   hit@3 ${pct(report.overall.hitAt3)}   MRR ${report.overall.mrr.toFixed(3)}`);
  console.log(`  unrelated text answered with no result: ${pct(report.overall.abstention)}   related queries wrongly abstained: ${pct(report.overall.falseAbstention)}`);
  console.log('\n  kind        n   hit@1   hit@3   MRR    no-result(unrelated)');
  for (const [kind, m] of Object.entries(report.byKind)) {
    console.log(
      `  ${kind.padEnd(10)} ${String(m.count).padStart(3)}  ${m.related ? pct(m.hitAt1).padStart(6) : '     -'}  ${m.related ? pct(m.hitAt3).padStart(6) : '     -'}  ${m.related ? m.mrr.toFixed(3) : '    -'}  ${m.unrelated ? pct(m.abstention) : '-'}`,
    );
  }
  if (!quiet && report.failures.length > 0) {
    console.log(`\n  failed (${report.failures.length}):`);
    for (const f of report.failures) {
      const q = f.query.q.replace(/\s+/g, ' ');
      console.log(`  - [${f.query.kind ?? '?'}] ${q.length > 110 ? `${q.slice(0, 110)}…` : q}`);
      console.log(`      expected ${f.query.expect.join(', ') || '(no result)'}; got ${f.got.join(', ') || '(no result)'}`);
    }
  }
}
