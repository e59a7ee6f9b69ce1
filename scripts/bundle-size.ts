import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * npm run size — the side panel's start-up JavaScript (what sidepanel.html loads before the
 * first render: its module script and the modules that one preloads), gzipped, against the
 * 200 KB budget of DESIGN.md. Chunks loaded later (export/import, the Python worker and
 * runtime) do not count. Run after a build; exits 1 over the budget.
 */
const BUDGET_KB = 200;
const OUTPUT = path.resolve(process.argv[2] ?? '.output/chrome-mv3');

const html = await readFile(path.join(OUTPUT, 'sidepanel.html'), 'utf8');
const startUp = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g)].map((m) => m[1]!);
const gzippedKb = async (file: string) => gzipSync(await readFile(path.join(OUTPUT, file)), { level: 9 }).length / 1024;

let total = 0;
for (const file of startUp) {
  const kb = await gzippedKb(file);
  total += kb;
  console.log(`  start-up  ${file.padEnd(40)} ${kb.toFixed(1).padStart(7)} KB gzipped`);
}
console.log(`side panel start-up JavaScript: ${total.toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB)`);
if (startUp.length === 0) {
  console.error('no script found in sidepanel.html');
  process.exitCode = 1;
} else if (total > BUDGET_KB) {
  console.error(`over the ${BUDGET_KB} KB budget`);
  process.exitCode = 1;
}
