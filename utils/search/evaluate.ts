import type { CardSearch, SearchResponse } from './search';

/** One line of an eval set: a query and the concept ids that are a right answer ([] = none). */
export interface EvalQuery {
  q: string;
  expect: string[];
  kind?: string;
  /** On other-language negatives: which language the text is ("javascript", "csharp", …). */
  lang?: string;
}

/** The language the panel should name for an eval set's `lang`. */
export const LANGUAGE_NAMES: Record<string, string> = {
  javascript: 'JavaScript',
  typescript: 'JavaScript',
  rust: 'Rust',
  kotlin: 'Kotlin',
  go: 'Go',
  csharp: 'C#',
  dart: 'Dart',
  swift: 'Swift',
  cpp: 'C++',
  java: 'Java',
  scala: 'Scala',
  elixir: 'Elixir',
  ruby: 'Ruby',
};

export interface EvalMetrics {
  count: number;
  related: number;
  unrelated: number;
  hitAt1: number;
  hitAt3: number;
  mrr: number;
  /** Share of unrelated queries answered with no result. */
  abstention: number;
  /** Share of related queries answered with no result. */
  falseAbstention: number;
  /** Other-language negatives: how many, and the share whose language the response named. */
  otherLanguage: number;
  languageNamed: number;
}

export interface EvalReport {
  overall: EvalMetrics;
  byKind: Record<string, EvalMetrics>;
  failures: Array<{ query: EvalQuery; got: string[] }>;
}

export function parseEvalQueries(text: string, file = 'eval set'): EvalQuery[] {
  return text
    .split('\n')
    .map((line, i) => [line, i + 1] as const)
    .filter(([line]) => line.trim())
    .map(([line, lineNumber]) => {
      const value = JSON.parse(line) as Partial<EvalQuery>;
      if (typeof value.q !== 'string' || !Array.isArray(value.expect)) {
        throw new Error(`${file}:${lineNumber}: needs "q" (string) and "expect" (array of concept ids)`);
      }
      return { q: value.q, expect: value.expect.map(String), ...(value.kind ? { kind: value.kind } : {}), ...(value.lang ? { lang: value.lang } : {}) };
    });
}

interface Outcome {
  related: boolean;
  rank: number; // 1-based rank of the first right concept, 0 if none
  abstained: boolean;
  /** Other-language negatives: whether the response named that language. */
  languageNamed?: boolean;
}

function summarize(outcomes: Outcome[]): EvalMetrics {
  const related = outcomes.filter((o) => o.related);
  const unrelated = outcomes.filter((o) => !o.related);
  const share = (list: Outcome[], test: (o: Outcome) => boolean) => (list.length ? list.filter(test).length / list.length : 0);
  return {
    count: outcomes.length,
    related: related.length,
    unrelated: unrelated.length,
    hitAt1: share(related, (o) => o.rank === 1),
    hitAt3: share(related, (o) => o.rank >= 1 && o.rank <= 3),
    mrr: related.length ? related.reduce((sum, o) => sum + (o.rank ? 1 / o.rank : 0), 0) / related.length : 0,
    abstention: share(unrelated, (o) => o.abstained),
    falseAbstention: share(related, (o) => o.abstained),
    otherLanguage: outcomes.filter((o) => o.languageNamed !== undefined).length,
    languageNamed: share(outcomes.filter((o) => o.languageNamed !== undefined), (o) => o.languageNamed === true),
  };
}

/** Runs every query through the search and scores the ranking by concept. */
export function evaluateSearch(search: CardSearch | ((query: string, index: number) => SearchResponse), queries: EvalQuery[]): EvalReport {
  const run = typeof search === 'function' ? search : (q: string) => search.search(q);
  const outcomes: Array<Outcome & { kind: string }> = [];
  const failures: EvalReport['failures'] = [];
  queries.forEach((query, index) => {
    const response = run(query.q, index);
    const concepts = response.results.map((r) => r.card.concept);
    const related = query.expect.length > 0;
    const rank = related ? concepts.findIndex((c) => query.expect.includes(c)) + 1 : 0;
    const outcome = {
      related,
      rank,
      abstained: concepts.length === 0,
      kind: query.kind ?? 'other',
      ...(query.lang ? { languageNamed: response.otherLanguage?.language === LANGUAGE_NAMES[query.lang] } : {}),
    };
    outcomes.push(outcome);
    if (related ? rank !== 1 : !outcome.abstained) failures.push({ query, got: concepts.slice(0, 3) });
  });
  const byKind: Record<string, EvalMetrics> = {};
  for (const kind of [...new Set(outcomes.map((o) => o.kind))]) byKind[kind] = summarize(outcomes.filter((o) => o.kind === kind));
  return { overall: summarize(outcomes), byKind, failures };
}
