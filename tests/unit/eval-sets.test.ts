import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_NAMES } from '../../utils/search/evaluate';

// The v2 to v5 development and held-out sets (tests/eval/README.md). They were written against the
// concept list of knowledge v2, whose 12 newest ids may reach knowledge/concepts.json after
// the sets do, so an id passes when it is in knowledge/concepts.json or in the copy of the
// v2 list kept beside the sets.
const V2_SETS = [
  'tests/eval/dev-v2.jsonl',
  'tests/eval/holdout-v2.jsonl',
  'tests/eval/dev-v3.jsonl',
  'tests/eval/holdout-v3.jsonl',
  'tests/eval/dev-v4.jsonl',
  'tests/eval/holdout-v4.jsonl',
  'tests/eval/dev-docs.jsonl',
  'tests/eval/holdout-docs.jsonl',
  'tests/eval/dev-v5.jsonl',
  'tests/eval/holdout-v5.jsonl',
];
const KINDS = new Set(['title', 'body', 'interview', 'issue', 'traceback', 'typo', 'paragraph', 'api', 'negative']);
// The languages the panel can name (evaluate.ts maps each to the name it shows).
const LANGS = new Set(Object.keys(LANGUAGE_NAMES));
const FIELDS = new Set(['q', 'expect', 'kind', 'lang']);

interface V2Query {
  q: string;
  expect: string[];
  kind: string;
  lang?: string;
}

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8'));
}

const shippedIds = ((await readJson('knowledge/concepts.json')) as { concepts: { id: string }[] }).concepts.map(
  (c) => c.id,
);
const v2Ids = ((await readJson('tests/eval/concept-ids.json')) as { ids: string[] }).ids;
const knownIds = new Set([...shippedIds, ...v2Ids]);

const sets = new Map<string, V2Query[]>();
for (const file of V2_SETS) {
  const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line.trim() !== '');
  sets.set(
    file,
    lines.map((line, index) => {
      try {
        return JSON.parse(line) as V2Query;
      } catch {
        throw new Error(`${file}:${index + 1} is not JSON`);
      }
    }),
  );
}
const allQueries = [...sets.values()].flat();

describe('the v2 eval sets', () => {
  it('every line is a query with a known kind, known concept ids and only the documented fields', () => {
    for (const [file, queries] of sets) {
      queries.forEach((query, index) => {
        const where = `${file}:${index + 1}`;
        for (const field of Object.keys(query)) expect(FIELDS, `${where} field ${field}`).toContain(field);
        expect(typeof query.q, where).toBe('string');
        expect(query.q.trim().length, where).toBeGreaterThan(0);
        expect(KINDS, where).toContain(query.kind);
        expect(Array.isArray(query.expect), where).toBe(true);
        expect(new Set(query.expect).size, `${where} repeats an id`).toBe(query.expect.length);
        for (const id of query.expect) expect(knownIds, `${where} expects ${id}`).toContain(id);
        if (query.lang !== undefined) expect(LANGS, where).toContain(query.lang);
      });
    }
  });

  it('labels negatives, and only negatives, with no concept', () => {
    for (const query of allQueries) {
      if (query.kind === 'negative') expect(query.expect, query.q).toEqual([]);
      else expect(query.expect.length, query.q).toBeGreaterThan(0);
      if (query.lang !== undefined) expect(query.kind, query.q).toBe('negative');
    }
  });

  it('never repeats a query, within or across the files', () => {
    const seen = new Map<string, string>();
    for (const [file, queries] of sets) {
      for (const query of queries) {
        const key = query.q.trim().toLowerCase();
        expect(seen.get(key), `"${query.q}" in ${file}`).toBeUndefined();
        seen.set(key, file);
      }
    }
  });

  it('copies exactly the 60 ids of the v2 concept list, including every shipped one', () => {
    expect(new Set(v2Ids).size).toBe(60);
    for (const id of shippedIds) expect(v2Ids).toContain(id);
  });
});
