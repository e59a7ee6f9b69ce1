import { buildKnowledgeBase, KnowledgeBaseError, loadKnowledgeBase } from './compile';
import { findCompletenessGaps } from './completeness';
import { checkSnippetsInPyodide } from './pyodide-snippets';
import { checkSnippets, findPythons } from './snippets';

/**
 * npm run kb:build  — compile knowledge/cards into knowledge/generated/cards.json
 * npm run kb:check [-- id|concept ...] — validate every card and run the snippets under every CPython >= 3.11 found
 * npm run kb:pyodide [-- id|concept ...] — run the snippets in the panel's Python (Pyodide 3.14) in Node
 * npm run kb:dump   — print the compiled cards as one JSON array
 * npm run kb:gaps   — list what cards still lack for knowledge base v2 (askedAs, 60 words, cues, ...)
 */
async function main(command: string | undefined): Promise<number> {
  try {
    if (command === 'build') {
      const kb = await buildKnowledgeBase();
      console.error(`knowledge base ${kb.version}: ${kb.cards.length} cards compiled`);
      return 0;
    }
    if (command === 'dump') {
      const kb = await loadKnowledgeBase();
      process.stdout.write(`${JSON.stringify(kb.cards, null, 2)}\n`);
      return 0;
    }
    if (command === 'gaps') {
      const kb = await loadKnowledgeBase();
      const gaps = findCompletenessGaps(kb.cards, kb.concepts, kb.synonyms);
      const only = process.argv[3];
      for (const g of gaps.filter((g) => !only || g.rule === only)) console.log(`${g.card}: ${g.rule}: ${g.message}`);
      const byRule = new Map<string, number>();
      for (const g of gaps) byRule.set(g.rule, (byRule.get(g.rule) ?? 0) + 1);
      console.log(`\n${kb.cards.length} cards; gaps: ${[...byRule].map(([r, n]) => `${r} ${n}`).join(', ') || 'none'}`);
      return 0;
    }
    if (command === 'pyodide') {
      const kb = await loadKnowledgeBase();
      const only = new Set(process.argv.slice(3));
      const cards = only.size ? kb.cards.filter((c) => only.has(c.id) || only.has(c.concept)) : kb.cards;
      const results = await checkSnippetsInPyodide(cards, { concurrency: 2 });
      for (const r of results.filter((r) => r.status === 'failed')) {
        console.log(`\nFAILED knowledge/cards/${r.card.concept}/${r.card.id}.md in Pyodide${r.reason ? `: ${r.reason}` : ''}`);
        console.log(`--- expected\n${r.card.code?.output}\n--- printed\n${r.actual}`);
      }
      const count = (s: string) => results.filter((r) => r.status === s).length;
      console.log(`\npyodide snippets: ${results.length}, ${count('passed')} passed, ${count('failed')} failed, ${count('not-run')} cpythonOnly`);
      return count('failed') > 0 ? 1 : 0;
    }
    if (command === 'check') {
      const kb = await buildKnowledgeBase();
      console.log(`${kb.cards.length} cards valid (version ${kb.version})`);
      const pythons = findPythons();
      if (pythons.length === 0) {
        console.log('No python3 >= 3.11 found: snippets not run.');
        return 0;
      }
      console.log(`Running snippets with ${pythons.map((p) => `${p.command} (${p.version})`).join(', ')}`);
      // `npm run kb:check -- gather wait-timeout` checks only those cards or concepts.
      const only = new Set(process.argv.slice(3));
      const cards = only.size ? kb.cards.filter((c) => only.has(c.id) || only.has(c.concept)) : kb.cards;
      const results = await checkSnippets(cards, pythons);
      for (const r of results.filter((r) => r.status === 'failed')) {
        console.log(`\nFAILED knowledge/cards/${r.card.concept}/${r.card.id}.md: code.output (Python ${r.python})${r.reason ? `: ${r.reason}` : ''}`);
        console.log(`--- expected\n${r.card.code?.output}\n--- printed\n${r.actual}`);
      }
      const count = (s: string) => results.filter((r) => r.status === s).length;
      console.log(`\nsnippets: ${results.length} run, ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`);
      return count('failed') > 0 ? 1 : 0;
    }
    console.error('usage: compile-cli.ts build | check | dump | gaps [rule]');
    return 2;
  } catch (error) {
    console.error(error instanceof KnowledgeBaseError ? error.message : error);
    return 1;
  }
}

process.exitCode = await main(process.argv[2]);
