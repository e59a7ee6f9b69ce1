import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * npm run size — the side panel's start-up JavaScript, gzipped, against the 150 KB budget of
 * DESIGN.md: the module script of sidepanel.html, what it imports statically, what those
 * import, and so on (a module's static imports all load before it runs), plus anything the
 * page preloads. Dynamic imports — the views loaded on first use, the database, export and
 * import, the Python worker and runtime — do not count. Run after a build; exits 1 over the
 * budget. `npm run bench:panel` lists the scripts Chromium really loaded before the first
 * card was painted.
 */
const BUDGET_KB = 150;
const OUTPUT = path.resolve(process.argv[2] ?? '.output/chrome-mv3');

/** Static `import … from "./x.js"` and `import "./x.js"` of a minified ES chunk (not `import("./x.js")`). */
const STATIC_IMPORT = /(?:^|[;}\s])import\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.js)["']/g;

const html = await readFile(path.join(OUTPUT, 'sidepanel.html'), 'utf8');
const roots = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g)].map((m) => m[1]!);

const startUp = new Map<string, number>();
const pending = [...roots];
while (pending.length > 0) {
  const file = pending.pop()!;
  if (startUp.has(file)) continue;
  const code = await readFile(path.join(OUTPUT, file));
  startUp.set(file, gzipSync(code, { level: 9 }).length / 1024);
  for (const [, specifier] of code.toString('utf8').matchAll(STATIC_IMPORT)) {
    pending.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier!)));
  }
}

let total = 0;
for (const [file, kb] of startUp) {
  total += kb;
  console.log(`  start-up  ${file.padEnd(40)} ${kb.toFixed(1).padStart(7)} KB gzipped`);
}
console.log(`side panel start-up JavaScript: ${total.toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB)`);
if (startUp.size === 0) {
  console.error('no script found in sidepanel.html');
  process.exitCode = 1;
} else if (total > BUDGET_KB) {
  console.error(`over the ${BUDGET_KB} KB budget`);
  process.exitCode = 1;
}
