import { stem, tokenize } from '../search';

/**
 * The thin adapter between Interview grading and the search's text analysis. Only the
 * search's stable exports (tokenize, stem) are used, so its internals can change freely.
 */

/** How people say it → the card words (knowledge/synonyms.yaml, as shipped in the knowledge base). */
export interface SynonymEntry {
  say: readonly string[];
  means: string;
}

/** One word of a typed answer: as written (lower-cased) and stemmed. */
export interface AnswerToken {
  word: string;
  stem: string;
  /** False for function words: they do not count as a gap between matched words. */
  content: boolean;
}

/** Words that reverse a statement: kept (as "not") so "does not wait" is not "waits". */
const NEGATIONS: ReadonlySet<string> = new Set(['not', 'no', 'never', 'cannot', 't', 'nor']);

/** Function words the grader ignores between cue words (the search's list is not exported,
 * and Interview needs a shorter one: "after", "before", "only", "all" carry meaning in an answer). */
const FILLER: ReadonlySet<string> = new Set(
  `a an the is are was were be been being it its this that these those of to in on at by for from with as and or
  so then than there here do does did doing use uses used using get gets got have has had having i you we they he she them us our your their my me
  can could would should will shall may might must just also very really which who whom whose what when where
  how why if into onto about over up out s d ll ve re m`
    .split(/\s+/)
    .filter(Boolean),
);

/** "I/O" and "i/o" are one word, "io", as cues write it (the tokenizer would split them at the slash). */
const IO_WORD = /\bi\s*\/\s*o\b/gi;

export function analyseText(text: string): AnswerToken[] {
  return tokenize(text.replace(IO_WORD, 'io')).map((word) => {
    if (NEGATIONS.has(word)) return { word, stem: 'not', content: true };
    return { word, stem: stem(word), content: !FILLER.has(word) };
  });
}

/**
 * The answer's words with every synonym phrasing replaced by the card words it stands for
 * ("give up" → "timeout"); undefined when no synonym occurs.
 */
export function withSynonyms(tokens: readonly AnswerToken[], synonyms: readonly SynonymEntry[]): AnswerToken[] | undefined {
  let changed = false;
  const phrases = synonyms.flatMap(({ say, means }) =>
    say.map((phrase) => ({ stems: analyseText(phrase).map((t) => t.stem), means: analyseText(means) })),
  );
  const out: AnswerToken[] = [];
  for (let i = 0; i < tokens.length; ) {
    const hit = phrases.find((p) => p.stems.length > 0 && p.stems.every((s, k) => tokens[i + k]?.stem === s));
    if (hit) {
      out.push(...hit.means);
      i += hit.stems.length;
      changed = true;
    } else {
      out.push(tokens[i]!);
      i += 1;
    }
  }
  return changed ? out : undefined;
}

/** True when `a` becomes `b` by at most one insertion, deletion, substitution or swap of
 * neighbouring letters (the search's typo rule; its distance function is not a stable export). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
