import { readFile } from 'node:fs/promises';
import type { EvalMetrics, EvalQuery, EvalReport } from '../utils/search/evaluate';
import { parseEvalQueries } from '../utils/search/evaluate';

/** The development sets `npm run tune` fits on (eval reports them cross-validated). */
export const FIT_SETS = ['tests/eval/queries.jsonl', 'tests/eval/dev-v2.jsonl', 'tests/eval/dev-v3.jsonl', 'tests/eval/dev-v4.jsonl', 'tests/eval/dev-docs.jsonl', 'tests/eval/dev-v5.jsonl'];
/** Held out: never read by the fitting. */
export const HOLDOUT_SETS = ['tests/eval/holdout.jsonl', 'tests/eval/holdout-blind.jsonl', 'tests/eval/holdout-v2.jsonl', 'tests/eval/holdout-v3.jsonl', 'tests/eval/holdout-v4.jsonl', 'tests/eval/holdout-docs.jsonl', 'tests/eval/holdout-v5.jsonl'];
export const FOLDS = 5;

/** The sets that exist (a new set may not have landed yet), each with its queries. */
export async function readSets(files: readonly string[]): Promise<Array<{ file: string; queries: EvalQuery[] }>> {
  const sets: Array<{ file: string; queries: EvalQuery[] }> = [];
  for (const file of files) {
    try {
      sets.push({ file, queries: parseEvalQueries(await readFile(file, 'utf8'), file) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return sets;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function row(label: string, m: EvalMetrics): string {
  const related = m.related > 0;
  return `  ${label.padEnd(11)} ${String(m.count).padStart(4)}  ${related ? pct(m.hitAt1).padStart(6) : '     -'}  ${related ? pct(m.hitAt3).padStart(6) : '     -'}  ${related ? m.mrr.toFixed(3) : '    -'}  ${m.unrelated ? pct(m.abstention).padStart(6) : '     -'}  ${related ? pct(m.falseAbstention).padStart(6) : '     -'}`;
}

/** One table: overall and per kind; hit@k and MRR over related queries, "negatives no
 * answer" over unrelated ones, "false no match" over related ones. */
export function printReport(title: string, report: EvalReport, failures = false): void {
  console.log(`\n${title}`);
  console.log('  kind           n   hit@1   hit@3    MRR  neg.none  false-no-match');
  console.log(row('ALL', report.overall));
  for (const [kind, m] of Object.entries(report.byKind)) console.log(row(kind, m));
  const { otherLanguage, languageNamed } = report.overall;
  if (otherLanguage > 0) console.log(`  other-language negatives: ${otherLanguage}, their language named ${pct(languageNamed)}`);
  if (failures && report.failures.length > 0) {
    console.log(`\n  failed (${report.failures.length}):`);
    for (const f of report.failures) {
      const q = f.query.q.replace(/\s+/g, ' ');
      console.log(`  - [${f.query.kind ?? '?'}] ${q.length > 110 ? `${q.slice(0, 110)}…` : q}`);
      console.log(`      expected ${f.query.expect.join(', ') || '(no result)'}; got ${f.got.join(', ') || '(no result)'}`);
    }
  }
}
