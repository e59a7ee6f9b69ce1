import { readdir, readFile, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { tokenize } from '../utils/search/terms';
import { PROGRAMMING_WORDS_PATH } from '../knowledge/compile';
import { packProgrammingWords } from '../utils/search/common-words';

/**
 * npm run kb:programming-words [-- STDLIB_DIR]
 * Measures how general-purpose each word is in Python code and documentation: the share of
 * the standard library's modules (asyncio and the test suites left out) whose source uses
 * it. The search reads this to tell a query about asyncio ("cancel the task group") from
 * general Python questions that share words with the cards ("KeyError in a dict"). The
 * result is committed, so builds do not depend on the local Python.
 */
const SKIPPED = /^(asyncio|test|tests|idlelib|lib2to3|site-packages|ensurepip|turtledemo|__pycache__|config-)/;

async function* pythonFiles(dir: string, root: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (SKIPPED.test(relative(root, path))) continue;
    if (entry.isDirectory()) yield* pythonFiles(path, root);
    else if (entry.name.endsWith('.py')) yield path;
  }
}

const stdlib =
  process.argv[2] ?? execFileSync('python3', ['-c', 'import os; print(os.path.dirname(os.__file__))'], { encoding: 'utf8' }).trim();
const documentFrequency = new Map<string, number>();
let files = 0;
for await (const file of pythonFiles(stdlib, stdlib)) {
  files += 1;
  for (const word of new Set(tokenize(await readFile(file, 'utf8')))) {
    documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
  }
}
const table = packProgrammingWords('CPython standard library modules, asyncio and tests left out', files, documentFrequency);
await writeFile(PROGRAMMING_WORDS_PATH, `${JSON.stringify(table, null, 1)}\n`);
console.log(`${files} modules from ${stdlib}; ${Object.values(table.words).join(' ').split(' ').length} words kept → ${PROGRAMMING_WORDS_PATH}`);
