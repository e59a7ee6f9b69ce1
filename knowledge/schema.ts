import { z } from 'zod';
import type { PrebuiltSearchIndex } from '../utils/search/search-index';
import type { CommonWordTable, ProgrammingWordTable } from '../utils/search/common-words';

/** The card kinds and levels DESIGN.md names; the panel shows them as badges. */
export const CARD_KINDS = ['concept', 'question', 'trap', 'comparison', 'practice'] as const;
export const CARD_LEVELS = ['basic', 'intermediate', 'advanced'] as const;

/** The guide's sections a card can draw on, or "beyond the guide". */
export const CARD_SOURCES = [
  'guide: event loop',
  'guide: coroutines',
  'guide: async/await',
  'guide: trap: call without await',
  'guide: task vs future',
  'guide: semaphore',
  'guide: Q1 where asyncio fits',
  'guide: Q2 gather vs wait',
  'guide: Q3 exceptions',
  'guide: best practices',
  'beyond the guide',
] as const;

/** An answer must stay readable in ten seconds. */
export const MAX_ANSWER_SENTENCES = 3;
export const MAX_ANSWER_CHARS = 520;
export const MAX_ANSWER_WORDS = 60;
/** Ways real people ask for a card (document expansion for the search; Interview mode's prompts). */
export const MIN_ASKED_AS = 8;

/** Counts words as a reader does: runs of non-space characters. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

const kebabId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9 and single dashes)');

const nonEmptyText = z.string().trim().min(1, 'must not be empty');

/** Counts sentence ends: a . ! or ? followed by a space and a capital, backtick or bracket, or the end. */
export function countSentences(text: string): number {
  return (text.match(/[.!?](?=\s+[A-Z`(]|\s*$)/g) ?? []).length;
}

export const FollowUpSchema = z
  .object({
    question: z.string().trim().min(8, 'must be a question of at least 8 characters'),
    card: kebabId,
  })
  .strict();

export const CodeSchema = z
  .object({
    source: nonEmptyText,
    output: z.string(),
    minPython: z
      .string()
      .regex(/^3\.\d{1,2}$/, 'must look like "3.12"')
      .optional(),
    /** Why the snippet cannot run in the panel's Python (Pyodide): no Run button, this reason instead. */
    cpythonOnly: z.string().trim().min(12, 'must say why the snippet cannot run in Pyodide').optional(),
  })
  .strict();

/**
 * Code that cannot run here (a third-party library: FastAPI, asyncpg, aiohttp, ...): shown as an
 * example, never offered a Run button, with the reason. A card with one also carries a runnable
 * standard-library snippet (`code`) that shows the same mechanism.
 */
export const ExampleSchema = z
  .object({
    language: z.string().regex(/^[a-z0-9+-]+$/, 'must be a fence language such as "python" or "text"'),
    source: nonEmptyText,
    notRun: z.string().trim().min(12, 'must say why the example is not run'),
  })
  .strict();

/**
 * What Interview mode looks for in a typed answer to cover one key point: each cue is one idea
 * the answer must contain, given as alternative phrasings (terms, phrases, API names).
 * In a card file: `- point text {cues: first exception, raises first; others keep running}`.
 */
export const PointCuesSchema = z.array(z.array(z.string().trim().min(1)).min(1)).min(1);

export const DrillSchema = z
  .object({
    prompt: nonEmptyText,
    answer: nonEmptyText,
  })
  .strict();

export const CardSchema = z
  .object({
    id: kebabId,
    concept: kebabId,
    title: nonEmptyText,
    kind: z.enum(CARD_KINDS),
    level: z.enum(CARD_LEVELS),
    source: z.enum(CARD_SOURCES),
    answer: nonEmptyText
      .max(MAX_ANSWER_CHARS, `must be at most ${MAX_ANSWER_CHARS} characters`)
      .refine((text) => countSentences(text) <= MAX_ANSWER_SENTENCES, {
        message: `must be at most ${MAX_ANSWER_SENTENCES} sentences`,
      }),
    points: z.array(nonEmptyText).min(3, 'needs at least 3 points'),
    /** Interview cues, aligned with `points` (null where a point has none yet). */
    pointCues: z.array(PointCuesSchema.nullable()).optional(),
    code: CodeSchema.optional(),
    example: ExampleSchema.optional(),
    followUps: z.array(FollowUpSchema).min(2, 'needs at least 2 follow-up questions'),
    aliases: z.array(z.string().trim().min(2, 'must be at least 2 characters')).min(1, 'needs at least one alias'),
    askedAs: z
      .array(z.string().trim().min(4, 'must be a real phrasing'))
      .min(MIN_ASKED_AS, `needs at least ${MIN_ASKED_AS} ways people ask for this card`)
      .optional(),
    tags: z.array(z.string().regex(/^[a-z0-9][a-z0-9 .-]*$/, 'must be lowercase')).min(1, 'needs a tag'),
    drill: DrillSchema,
    /** Ids this card had in earlier knowledge-base versions: the user's review state,
     * review log and bookmarks under a former id move to this card when it is seeded. */
    formerIds: z.array(kebabId).optional(),
  })
  .strict();

export type Card = z.infer<typeof CardSchema>;
export type CardKind = (typeof CARD_KINDS)[number];
export type CardLevel = (typeof CARD_LEVELS)[number];

export const ConceptSchema = z.object({
  id: kebabId,
  guide: z.boolean(),
  title: nonEmptyText,
  scope: nonEmptyText,
});
export type Concept = z.infer<typeof ConceptSchema>;

/** One entry of knowledge/synonyms.yaml: how people say it → the words the cards use. */
export const SynonymSchema = z
  .object({
    say: z
      .array(z.string().trim().regex(/^[a-z0-9]+(?: [a-z0-9]+){0,3}$/, 'must be one to four lowercase words'))
      .min(1, 'needs at least one phrasing'),
    means: z.string().trim().regex(/^[a-z0-9_]+(?: [a-z0-9_]+)*$/, 'must be lowercase card words separated by spaces'),
  })
  .strict();
export const SynonymListSchema = z.array(SynonymSchema);

/** What the build ships: the cards, the concepts they belong to, and a content version. */
export interface KnowledgeBase {
  /** A hash of the compiled content: the database re-seeds shipped cards when it changes. */
  version: string;
  concepts: Concept[];
  cards: Card[];
  /** Everyday-English word frequencies the search uses to abstain on unrelated text. */
  commonWords: CommonWordTable;
  /** How general-purpose words are in Python code, so general Python questions are not
   * mistaken for asyncio ones. */
  programmingWords: ProgrammingWordTable;
  /** How people say things → the words the cards use (knowledge/synonyms.yaml). */
  synonyms: Array<z.infer<typeof SynonymSchema>>;
  /** The search index built from the cards at compile time, so the panel opens fast. */
  searchIndex?: PrebuiltSearchIndex;
}
