/**
 * Text normalisation shared by the search index, the query and the card view's highlighting:
 * one tokenizer and one stemmer, so what was matched is exactly what gets highlighted.
 */

/**
 * Words that carry no meaning for finding a card: English function words and the filler of
 * questions ("how do I", "what is the difference between"), with the contractions people type
 * without an apostrophe or with it misplaced ("doesnt", "are'nt" → "are" + "nt"). They still
 * take part in phrase matching (an error message such as "was never awaited" keeps its "was").
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are aren as at be because been before being
  below between both but by can cannot could couldn did didn do does doesn doing don down during each else
  even ever every few for from further get gets got had has have having he her here hers herself him himself
  his how i if in into is isn it its itself just let lets like ll me might more most much must my myself
  need needs no nor not now of off on once one only or other our ours ourselves out over own really re
  same say says she should so some still such than that the their theirs them themselves then there these
  they this those though through thus to too under until up upon us ve very via vs versus was wasn way we
  were weren what whats when where whether which while who whom whose why will with within without won
  would wouldn yet you your yours yourself yourselves
  difference differences different explain example examples mean means meaning use used uses using work
  works working thing things happen happens please tell someone something anything know want wants
  question questions interview interviewer answer
  nt dont doesnt didnt isnt arent wasnt werent cant couldnt shouldnt wouldnt wont hasnt havent hadnt im ive
  youre theyre thats theres`
    .split(/\s+/)
    .filter(Boolean),
);

/** Lower-cases and splits on anything that is not a letter or a digit (so `__aexit__` → `aexit`,
 * `asyncio.create_task` → `asyncio`, `create`, `task`). */
export function tokenize(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

const VOWEL = /[aeiouy]/;

/**
 * A light suffix stripper (plural, -ing, -ed, -ation, the adverb's -ly) so "cancelling",
 * "cancelled", "cancels" and "cancellation" meet at "cancel", and "concurrently" meets
 * "concurrent". Short words and words with digits are left alone.
 */
export function stem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    // Indexing stems every word of every card; most words repeat, so results are kept.
    if (stemCache.size > 100_000) stemCache.clear();
    stemmed = stripSuffixes(word);
    stemCache.set(word, stemmed);
  }
  return stemmed;
}

const stemCache = new Map<string, string>();

function stripSuffixes(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  // Adverbs: "automatically" → "automatic", "concurrently" → "concurrent", "reliably" →
  // "reliabl(e)". Only long words, so "reply", "early" and "family" stay; "multiply" too.
  if (w.length >= 7 && w.endsWith('ly') && !/(ply|fly)$/.test(w)) {
    w = w.endsWith('ically') ? w.slice(0, -4) : w.endsWith('bly') ? w.slice(0, -1) : w.slice(0, -2);
  }
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(ch|sh|x)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is|os)$/.test(w)) w = w.slice(0, -1);

  for (const suffix of ['ation', 'ing', 'ed']) {
    const base = w.slice(0, -suffix.length);
    if (w.endsWith(suffix) && base.length >= 3 && VOWEL.test(base)) {
      w = base;
      // "runn" → "run", "stopp" → "stop", "cancell" → "cancel"; "call", "pass", "fill" stay.
      if (/([bdgkmnprt])\1$/.test(w) || (/ll$/.test(w) && w.length > 5)) w = w.slice(0, -1);
      break;
    }
  }
  // "complete" and "complet(ed)" meet, as do "schedule" and "schedul(ed)".
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** Tokens of a text after stemming, in order (phrases are matched on these). */
export function stemmedTokens(text: string): string[] {
  return tokenize(text).map(stem);
}

/** Stems that count as terms for scoring: not stopwords, at least two characters. */
export function isContentStem(token: string, stemmed: string): boolean {
  return stemmed.length >= 2 && !STOPWORDS.has(token) && !STOPWORDS.has(stemmed);
}

/**
 * Words every programming text uses. They are rare in everyday English, so word frequencies
 * alone would take them for topic words; for an asyncio search they say nothing about the
 * topic ("sort a list in python").
 */
export const GENERIC_PROGRAMMING_WORDS: ReadonlySet<string> = new Set(
  `python py code coding program programs programming programmer function functions method methods class classes
  object objects value values variable variables list lists dict dictionary dictionaries string strings str int
  integer integers number numbers float bool boolean type types file files data script scripts library libraries
  module modules package packages import imports print prints return returns def lambda sort sorted key keys index
  array arrays tuple tuples set sets argument arguments arg args kwargs parameter parameters syntax statement
  line lines bug bugs app application developer software`
    .split(/\s+/)
    .filter(Boolean),
);

/** Libraries that exist only on asyncio: aiohttp, aiofiles, aiosqlite, aiokafka, asyncpg, uvloop,
 * asyncssh; the ASGI stack (Starlette, Uvicorn, Sanic); asyncio's chat-bot clients (discord.py and
 * its forks, Telethon, Pyrogram). */
export const ASYNCIO_LIBRARY = /\baio[a-z]{3,}\b|\basyncpg\b|\buvloop\b|\basyncssh\b|\bstarlette\b|\buvicorn\b|\bsanic\b|\bdiscord\.py\b|\bnextcord\b|\bpycord\b|\btelethon\b|\bpyrogram\b/i;

/** Keywords that every language with async/await shares (JavaScript, C#, Rust, Dart, …): they
 * show a text is about async code, not that it is about Python's asyncio. */
export const SHARED_ASYNC_KEYWORDS: ReadonlySet<string> = new Set(['async', 'await', 'asynchronous', 'asynchronously']);
