import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { buildKnowledgeBase } from '../knowledge/compile';
import { createCardSearch, type SearchResult } from '../utils/search';

/**
 * npm run ask -- "query"                 the top cards, for a person
 * npm run --silent ask -- --json "query" a JSON array of {id, concept, title, score}
 * npm run --silent ask -- --batch FILE   one JSON line per input line {"q": ...} (with
 *                                        `otherLanguage` when the text reads like another language)
 *
 * Same compiler, same data and same search options as the extension.
 */
const USAGE = 'usage: npm run ask -- [--json] "query" | npm run --silent ask -- --batch FILE';

function brief(result: SearchResult) {
  return { id: result.card.id, concept: result.card.concept, title: result.card.title, score: result.score };
}

async function main(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const batchIndex = args.indexOf('--batch');
  const rest = args.filter((arg, i) => arg !== '--json' && (batchIndex === -1 || (i !== batchIndex && i !== batchIndex + 1)));
  const knowledgeBase = await buildKnowledgeBase();
  const search = createCardSearch(knowledgeBase);

  if (batchIndex !== -1) {
    const file = args[batchIndex + 1];
    if (!file) {
      console.error(USAGE);
      return 2;
    }
    const lines = (await readFile(file, 'utf8')).split('\n');
    for (const [lineNumber, line] of lines.entries()) {
      if (!line.trim()) continue;
      let q: unknown;
      try {
        q = (JSON.parse(line) as { q?: unknown }).q;
      } catch {
        console.error(`${file}:${lineNumber + 1}: not valid JSON, skipped`);
        continue;
      }
      if (typeof q !== 'string') {
        console.error(`${file}:${lineNumber + 1}: no string field "q", skipped`);
        continue;
      }
      const started = performance.now();
      const { results, otherLanguage } = search.search(q);
      const ms = performance.now() - started;
      process.stdout.write(`${JSON.stringify({ q, results: results.map(brief), ...(otherLanguage ? { otherLanguage } : {}), ms: Math.round(ms * 1000) / 1000 })}\n`);
    }
    return 0;
  }

  const query = rest.join(' ');
  if (!query.trim()) {
    console.error(USAGE);
    return 2;
  }
  const response = search.search(query);
  if (json) {
    process.stdout.write(`${JSON.stringify(response.results.map(brief))}\n`);
    return 0;
  }
  if (response.truncated) console.log(`(query cut to ${response.query.length} characters)`);
  if (response.otherLanguage) {
    const { language, asyncModel, nearestConcept } = response.otherLanguage;
    console.log(`This reads like ${language}'s ${asyncModel}: this knowledge base covers Python's asyncio.`);
    if (nearestConcept) console.log(`Nearest Python concept: ${nearestConcept}`);
    return 0;
  }
  if (response.results.length === 0) {
    console.log('No close match in the asyncio knowledge base.');
    return 0;
  }
  response.results.forEach((result, i) => {
    const { card } = result;
    console.log(`${i + 1}. ${card.title}  [${card.id}]  score ${result.score}${result.strength === 'weak' ? '  (weak match)' : ''}`);
    if (i === 0) console.log(`   ${card.answer}`);
  });
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
