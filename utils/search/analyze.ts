/**
 * Stage 1, analyze: what kind of text the user gave and which of its words matter.
 *
 * It bounds the input (head and tail kept: a traceback names its error on the last line),
 * drops the noise of traceback frames (file paths) but keeps their function names, finds the
 * final exception line and its exception type, dotted API names and identifiers, whether the
 * text is code or a question (and which kind of question), and whether it reads like async
 * code or prose from another language (JavaScript/TypeScript, Rust/tokio, Kotlin, Go, C#,
 * Dart) rather than Python. Nothing here looks at the cards.
 */
import { DEFAULT_SEARCH_OPTIONS } from './options';
import SHIPPED_WEIGHTS from './ranker-weights.json';
import { ASYNCIO_LIBRARY, stem, tokenize } from './terms';

export type QuestionType = 'how' | 'why' | 'what' | 'difference' | 'yesno' | 'none';

export interface OtherLanguageSignal {
  /** "JavaScript", "Rust", … */
  language: string;
  /** What that language calls its async model: "async/await", "tokio", "coroutines", … */
  asyncModel: string;
  /** The language model's log-odds for that language. */
  evidence: number;
}

export interface QueryAnalysis {
  /** The text as searched: trimmed and bounded. */
  text: string;
  truncated: boolean;
  /** Lower-cased tokens of the text with traceback paths removed, and their stems. */
  tokens: string[];
  stems: string[];
  /** Per token: how much it weighs (tokens of the final exception line weigh more). */
  emphasis: number[];
  /** Per token: whether it is on the final exception line (or the report line above a traceback). */
  inErrorLine: boolean[];
  /** Dotted names and snake_case identifiers as written, lower-cased ("asyncio.gather", "create_task"). */
  identifiers: string[];
  /** The last line naming an exception ("RuntimeError: Event loop is closed"), if any. */
  errorLine?: string;
  /** Its exception type, lower-cased ("runtimeerror"). */
  exceptionType?: string;
  /** The line just above the first traceback that reports the failure ("Task exception was
   * never retrieved"), when it is not the error line; its words weigh as much. */
  reportLine?: string;
  isTraceback: boolean;
  /** Looks like code (operators, calls, keywords at line starts). */
  isCode: boolean;
  isQuestion: boolean;
  questionType: QuestionType;
  /** How many signs of Python (asyncio, def, import, …) the text shows. */
  pythonEvidence: number;
  /** Every language sign found (the language model's features). */
  signs: LanguageSigns;
  /** The other language this reads like, when its evidence outweighs Python's. */
  otherLanguage?: OtherLanguageSignal;
}

/** How much more a word of the final exception line weighs than any other word. */
export const ERROR_LINE_EMPHASIS = 2;
/** How much more a word of the question weighs in a text of several sentences that asks one
 * ("…we moved to gunicorn last week. Why does one slow request stall the others?"). Measured
 * by `npm run eval` (5-fold cross-validated): at 1, bodies scored 89.9 / 96.0 % (hit@1 / hit@3)
 * on dev-v2 and 84.8 / 93.5 % on dev-v4; at 1.5, 90.9 / 98.0 and 84.8 / 95.7, the rest the same
 * within a query; 2 scored as 1.5. */
export const QUESTION_EMPHASIS = 1.5;

const splitSentences = (line: string) => line.split(/(?<=[.!?])\s+(?=\S)/);

/** The sentences that ask, in a text of two sentences or more of which at least one asks (ends in "?"). */
function questionSentences(lines: readonly string[]): Set<string> | undefined {
  const sentences = lines.flatMap(splitSentences).filter((s) => s.trim());
  if (sentences.length < 2) return undefined;
  const asking = sentences.filter((s) => /\?\s*$/.test(s));
  return asking.length > 0 && asking.length < sentences.length ? new Set(asking) : undefined;
}

/**
 * Cuts text to `maxChars`. Over the bound it keeps the head and the last lines (about a
 * third of the bound): a traceback's last line names the error, a question's first lines
 * say what is asked. Cuts fall on word boundaries where there are any.
 */
export function boundQuery(text: string, maxChars = DEFAULT_SEARCH_OPTIONS.maxQueryChars): { text: string; truncated: boolean } {
  const trimmed = text.trim();
  if (trimmed.length <= maxChars) return { text: trimmed, truncated: false };
  const tailBudget = Math.floor(maxChars / 3);
  // The last lines that fit in the tail budget; a single overlong last line keeps its end.
  let tailStart = trimmed.length;
  for (let i = trimmed.length - 1; i >= trimmed.length - tailBudget; i--) {
    if (trimmed[i] === '\n') tailStart = i + 1;
  }
  if (tailStart === trimmed.length) {
    tailStart = trimmed.length - tailBudget;
    const space = trimmed.slice(tailStart, tailStart + tailBudget / 5).search(/\s/);
    if (space >= 0) tailStart += space + 1;
  }
  const tail = trimmed.slice(tailStart).trim();
  const headBudget = maxChars - tail.length - 1;
  let head = trimmed.slice(0, headBudget);
  const lastSpace = head.search(/\s\S*$/);
  if (lastSpace > headBudget * 0.8) head = head.slice(0, lastSpace);
  return { text: `${head.trim()}\n${tail}`, truncated: true };
}

const TRACEBACK_HEADER = /^\s*(?:\^C)?Traceback \(most recent call last\):\s*$/;
/** A context line of asyncio's default exception handler ("future: <Task …>", "handle: <Handle …>"):
 * it prints the report's message, then one such line per context key, then the traceback. */
const HANDLER_CONTEXT_LINE = /^\s*(?:future|task|handle|protocol|transport|socket|asyncgen|source_traceback|exception)\s*:\s/;
/** A traceback frame: only the function name says something about the problem. */
const FRAME_LINE = /^\s*File "[^"]*", line \d+(?:, in (\S+))?\s*$/;
/** A line naming an exception: "RuntimeError: …", "asyncio.exceptions.CancelledError", "Task exception was never retrieved". */
const EXCEPTION_LINE = /^\s*(?:[a-z_][\w]*\.)*([A-Z]\w*(?:Error|Exception|Warning|Exit|Interrupt|Cancelled|Group|Timeout))\b(?::.*)?$/;
const CODE_SIGNS = /(^|\n)\s*(async def|def |await |import |from \S+ import|class |return |for .* in |with |try:|except|@\w)|[=(){}[\]]\s*$|\w\(.*\)|\s=\s|==|->|=>|;\s*$/m;
const SHIPPED_LANGUAGE_MODEL: LanguageModel = (SHIPPED_WEIGHTS as { language?: LanguageModel }).language ?? { weights: {}, bias: -10, threshold: 0.5 };
const IDENTIFIER = /[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)+|[a-z]+_[a-z0-9_]+/g;

const QUESTION_PATTERNS: Array<[QuestionType, RegExp]> = [
  ['difference', /\b(difference|differences|differ|vs\.?|versus|compared to|or)\b/i],
  ['how', /^\s*(how|what'?s the (best|right|correct) way)\b/i],
  ['why', /^\s*(why|what causes|how come)\b/i],
  ['what', /^\s*(what|whats|which|explain|describe|define|when)\b/i],
  ['yesno', /^\s*(can|could|does|do|did|is|are|should|would|will|must)\b/i],
];

/** Which kind of question a text asks ("none" for statements, code and errors). */
export function questionTypeOf(text: string): QuestionType {
  const firstLine = text.split('\n', 1)[0]!;
  const asks = /\?\s*$/.test(firstLine) || /^\s*(how|what|whats|why|when|which|where|who|can|could|does|do|did|is|are|should|would|will|explain|describe)\b/i.test(firstLine);
  if (!asks) return 'none';
  // "difference" wins when it is asked about ("what is the difference between…", "gather vs wait?").
  const difference = QUESTION_PATTERNS[0]![1];
  if (/\b(difference|differences|differ|vs\.?|versus|compared to)\b/i.test(firstLine)) return 'difference';
  for (const [type, pattern] of QUESTION_PATTERNS) if (pattern !== difference && pattern.test(firstLine)) return type;
  return 'what';
}

/** A named sign of a language: vocabulary or syntax only it (or mostly it) uses. How much
 * each sign counts is fitted (`npm run tune`, LanguageModel in ranker-weights.json). */
// A sign is one pattern, or several when parts need different flags (a camelCase name must
// stay case-sensitive beside words matched in any case: under /i it would backtrack
// exponentially on a long run of letters).
type Sign = [name: string, pattern: RegExp | readonly RegExp[]];

interface LanguageProfile {
  language: string;
  asyncModel: string;
  signs: Sign[];
}

const PYTHON_SIGNS: Sign[] = [
  ['asyncio', /\basyncio\b/i],
  ['name', /\bpython\d?\b|\bcpython\b|\bpypy\b/i],
  ['async-def', /\basync def\b/],
  ['def', /\bdef \w+\s*\(/],
  ['import', /(^|\n)\s*(import \w+|from [\w.]+ import)\b/],
  ['idioms', /\bself\b|__\w+__|\.py\b|\bpip\b|\bNone\b|\bTrue\b|\bFalse\b/],
  ['libraries', /\baiohttp\b|\btrio\b|\banyio\b|\buvloop\b|\bfastapi\b|\bdjango\b|\bflask\b|\bcelery\b|\bpytest\b/i],
  ['traceback', /Traceback \(most recent call last\)/],
  ['asyncio-library', ASYNCIO_LIBRARY],
];

/** Python's signs that name it outright. */
const PYTHON_NAMING_SIGNS = new Set(['asyncio', 'name', 'async-def', 'asyncio-library']);

const LANGUAGE_PROFILES: LanguageProfile[] = [
  {
    language: 'JavaScript',
    asyncModel: 'async/await',
    signs: [
      ['promise-combinator', /\bPromise\.(all|race|any|allSettled|resolve|reject)\b/],
      ['promise', /\bPromises?\b|\bthenables?\b/],
      ['then-catch', /\.then\s*\(|\.catch\s*\(|\.finally\s*\(/],
      ['name', /\b(javascript|typescript|node\.?js|nodejs|deno|ecmascript|es6|es2017)\b/i],
      ['declaration', /\b(const|let|var) \w+\s*=/],
      ['arrow', /=>/],
      ['runtime-api', /\bconsole\.\w+|\bsetTimeout\b|\bsetInterval\b|\bprocess\.nextTick\b|\bqueueMicrotask\b|\brequire\(/],
      // The array and browser APIs async JavaScript questions are about.
      ['web-api', /\bforEach\b|\baddEventListener\b|\bfetch\([^)]*\)\s*\.then|\bresponse\.json\(\)|\bAbortController\b|\bWeb Workers?\b/],
      ['function', /\basync function\b|\bfunction\s*\*|\bfunction \w+\s*\(/],
      ['ecosystem', /\bfor await\b|Symbol\.asyncIterator|\bUnhandledPromiseRejection\w*|\buseEffect\b|\bnpm\b|\bmicrotasks?\b/],
      // Node's runtime and tooling words, and TypeScript's type syntax.
      ['node-runtime', [/\bNode\b|\(node:\d+\)|\bworker_threads\b|\bchild_process\b|\blibuv\b|\bUV_THREADPOOL_SIZE\b|\bcommonjs\b|\biife\b|\bnest\.?js\b|\bexpress\.js\b|\bexpress (?:routes?|apps?|servers?|middleware)\b|\byarn\b|\bpnpm\b|\bp-limit\b|\baxios\b|\brxjs\b/i, /\b[a-z]+(?:[A-Z][a-z]+)*Sync\(/]],
      ['type-syntax', /\btypeof \w|\b(ReturnType|Awaited|Partial|Record)<|:\s*Promise<|\binterface \w+\s*\{/],
      ['promise-word', /\bpromises?\b/i],
      ['strict-equality', /===|!==|\bundefined\b/],
    ],
  },
  {
    language: 'Rust',
    asyncModel: 'async (tokio)',
    signs: [
      ['runtime', /\btokio\b|\basync-std\b|\bsmol\b|\bactix\b|\baxum\b|\breqwest\b/i],
      ['name', /\brust\b|\bcargo\b|\bcrate\b/i],
      ['attribute', /#\[\w+(::\w+)*\]/],
      ['path', /\w::\w/],
      ['dot-await', /\.await\b/],
      ['syntax', /\basync fn\b|\bfn \w+\s*[(<]|\bimpl\b|\blet mut\b|\bBox<dyn|\bunwrap\(\)|\bResult<|\bOption<|\bJoinHandle\b/],
      ['panic-traits', /panicked at|\bSend\b.*\bSync\b|'static\b/],
      ['tokio-api', /\bmpsc\b|\boneshot\b|\bJoinSet\b|\bselect!|\bjoin!|\bspawn_blocking\b|\bblock_on\b/],
    ],
  },
  {
    language: 'Kotlin',
    asyncModel: 'coroutines',
    signs: [
      ['name', /\bkotlin\w*\b|\bkotlinx\b|\bktor\b/i],
      ['suspend', /\bsuspend fun\b|\bsuspend\b/],
      ['scopes', /\brunBlocking\b|\bCoroutineScope\b|\bcoroutineScope\b|\bGlobalScope\b|\bviewModelScope\b|\blifecycleScope\b|\bsupervisorScope\b/],
      // `async {` after a closing parenthesis is Dart's async function body, not Kotlin's builder.
      ['builders', /\bDispatchers\.\w+|\bwithContext\b|\blaunch\s*\{|(?<!\)\s*)\basync\s*\{|\bDeferred\b|\bJob\(\)|\bFlow<|\bcollect\s*\{|\bStateFlow\b|\bSharedFlow\b|\bawaitAll\b|\bcoroutine builders?\b|\blaunch (?:vs\.?|versus|or|and) async\b/],
      ['syntax', /\bfun \w+\s*\(|\bval \w+\s*=|\bandroid\b/i],
    ],
  },
  {
    language: 'Go',
    asyncModel: 'goroutines',
    signs: [
      // "Go" is also an everyday verb: named as the language after a preposition or as "Go's",
      // not in "go to", "go back", "let it go".
      ['name', /\bgoroutines?\b|\bgolang\b|\bGo's\b|\b(?:in|with|using|learning|for) Go\b(?!\s+(?:to|back|ahead|through|on|away|up|down|out|over|into|off)\b)/i],
      // `panic: ` opening a line is the Go runtime's crash report (Rust's says "panicked at").
      ['concurrency-api', /\bgo func\b|\bchan\b|\bsync\.WaitGroup\b|\bsync\.Mutex\b|\berrgroup\b|\bcontext\.Context\b|\bGOMAXPROCS\b|(?:^|\n)\s*panic: /],
      ['channel-arrow', /<-\s*\w|\w\s*<-/],
      ['syntax', /\bselect\s*\{|\bfunc \w*\s*\(|:=/],
    ],
  },
  {
    language: 'C#',
    asyncModel: 'async/await',
    signs: [
      ['name', /\bC#|\.NET\b|\bdotnet\b|\basp\.net\b|\bblazor\b/i],
      ['task-api', /\bTask\.(WhenAll|WhenAny|Run|Delay|FromResult|Yield)\b|\bConfigureAwait\b|\bValueTask\b|\bIAsyncEnumerable\b|\bSynchronizationContext\b|\bSemaphoreSlim\b|\bHttpClient\b|\b[A-Z][a-z]+(?:[A-Z][a-z]+)*Async\b/],
      ['async-types', /\basync (Task|void)\b|\bTask<|\bCancellationToken\w*\b|\bawait foreach\b|\busing System\b/],
      ['syntax', /\bpublic (static )?(async )?\w+|\bprivate (async )?\w+|\.Result\b|\.Wait\(\)|\bvar \w+ = /],
    ],
  },
  {
    language: 'Dart',
    asyncModel: 'Futures and async/await',
    signs: [
      ['name', /\bdart\b|\bflutter\b|\briverpod\b/i],
      ['future-stream', /\bFuture<|\bFuture\.(wait|delayed|value|any)\b|\bStream<|\bStreamController\b|\bFutureBuilder\b|\bIsolates?\b|\bFutureOr<|\bCompleter<|\bStreamSubscription\b|\bBad state: /],
      ['syntax', /\basync\*|\bvoid>? main\s*\(|\)\s*async\s*\{|\bsetState\b|\bcompute\(/],
    ],
  },
  {
    language: 'Swift',
    asyncModel: 'async/await and structured concurrency',
    signs: [
      ['name', /\bswift(ui)?\b/i],
      ['concurrency-api', /\basync let\b|@MainActor\b|\bwithTaskGroup\b|\bwithThrowingTaskGroup\b|\bDispatchQueue\b|\bactor \w+\s*\{|\bTask\.detached\b|@Sendable\b|\bAsyncStream\b|\bAsyncSequence\b|\bactor-isolated\b|\bnonisolated\b/],
    ],
  },
  {
    language: 'C++',
    asyncModel: 'coroutines',
    signs: [
      ['name', /\bC\+\+(\d\d)?(?!\w)|\bcpp\b/i],
      ['coroutine-keywords', /\bco_await\b|\bco_return\b|\bco_yield\b|\bstd::(future|async|thread|jthread|promise|coroutine_handle)\b/],
    ],
  },
  {
    language: 'Java',
    asyncModel: 'concurrency',
    signs: [
      ['name', /\bjava\b(?!script)|\bjvm\b|\bspring boot\b/i],
      ['concurrency-api', /\bCompletableFuture\b|\bExecutorService\b|\bvirtual threads?\b|\bProject Loom\b|\bsynchronized\s*\(|\bRxJava\b|\bVert\.x\b|\bWebFlux\b|\bNetty\b/],
    ],
  },
  {
    language: 'Scala',
    asyncModel: 'Futures',
    signs: [['name', /\bscala\b|\bakka\b|\bcats[- ]effect\b|\bZIO\b/i]],
  },
  {
    language: 'Elixir',
    asyncModel: 'processes',
    signs: [
      ['name', /\belixir\b|\berlang\b|\bGenServer\b|\bphoenix liveview\b/i],
      ['task-module', /\bTask\.(async_stream|async|await|await_many|yield_many|Supervisor)\b/],
    ],
  },
  {
    language: 'Ruby',
    asyncModel: 'fibers and threads',
    signs: [['name', /\bruby\b|\brails\b|\bsidekiq\b/i]],
  },
];

/** The languages other than Python the search recognises. */
export const OTHER_LANGUAGES: readonly string[] = LANGUAGE_PROFILES.map((p) => p.language);

/** The language model's feature names: `python.<sign>`, then `<Language>.<sign>` per profile. */
export const LANGUAGE_FEATURES: readonly string[] = [
  ...PYTHON_SIGNS.map(([name]) => `python.${name}`),
  ...LANGUAGE_PROFILES.flatMap((p) => p.signs.map(([name]) => `${p.language}.${name}`)),
];

/** A fitted logistic model: P(the text is about another language's async, not Python's). */
export interface LanguageModel {
  weights: Record<string, number>;
  bias: number;
  threshold: number;
}

/** The signs found in a text: the feature row for one language (Python's signs, that
 * language's signs; the other languages' signs are 0). */
export interface LanguageSigns {
  python: string[];
  byLanguage: Record<string, string[]>;
}

export function languageSigns(text: string): LanguageSigns {
  const shows = (pattern: Sign[1]) => (pattern instanceof RegExp ? pattern.test(text) : pattern.some((p) => p.test(text)));
  const found = (signs: readonly Sign[]) => signs.filter(([, pattern]) => shows(pattern)).map(([name]) => name);
  const byLanguage: Record<string, string[]> = {};
  for (const profile of LANGUAGE_PROFILES) {
    const signs = found(profile.signs);
    if (signs.length > 0) byLanguage[profile.language] = signs;
  }
  return { python: found(PYTHON_SIGNS), byLanguage };
}

/** The feature row of `signs` for `language` (LANGUAGE_FEATURES order). */
export function languageRow(signs: LanguageSigns, language: string | undefined): Float64Array {
  const row = new Float64Array(LANGUAGE_FEATURES.length);
  const index = new Map(LANGUAGE_FEATURES.map((name, i) => [name, i]));
  for (const name of signs.python) row[index.get(`python.${name}`)!] = 1;
  if (language) for (const name of signs.byLanguage[language] ?? []) row[index.get(`${language}.${name}`)!] = 1;
  return row;
}

/** The model's log-odds that the text is `language`'s async rather than Python's. */
function languageScore(model: LanguageModel, signs: LanguageSigns, language: string): number {
  let z = model.bias;
  for (const name of signs.python) z += model.weights[`python.${name}`] ?? 0;
  for (const name of signs.byLanguage[language] ?? []) z += model.weights[`${language}.${name}`] ?? 0;
  return z;
}

/** Whether the text names Python or its asyncio outright. */
function namesPythonSide(signs: LanguageSigns): boolean {
  return signs.python.some((name) => PYTHON_NAMING_SIGNS.has(name));
}

/** Python's evidence (how many of its signs the text shows) and, when the fitted model says
 * the text is another language's async, that language (the one it scores highest). */
export function detectLanguage(text: string, model: LanguageModel = SHIPPED_LANGUAGE_MODEL): { pythonEvidence: number; otherLanguage?: OtherLanguageSignal; signs: LanguageSigns } {
  const signs = languageSigns(text);
  const pythonEvidence = signs.python.length;
  let best: OtherLanguageSignal | undefined;
  for (const profile of LANGUAGE_PROFILES) {
    if (!signs.byLanguage[profile.language]) continue;
    const score = languageScore(model, signs, profile.language);
    if (!best || score > best.evidence) best = { language: profile.language, asyncModel: profile.asyncModel, evidence: score };
  }
  // Text that names Python's side ("asyncio.gather vs Promise.all") is a Python question.
  const namesPython = namesPythonSide(signs);
  if (!best || namesPython || 1 / (1 + Math.exp(-best.evidence)) <= model.threshold) return { pythonEvidence, signs };
  return { pythonEvidence, otherLanguage: best, signs };
}

/**
 * The line that reports what went wrong before the first traceback, if there is one: asyncio's
 * handler message ("Task exception was never retrieved", "Exception in callback …") above its
 * context lines, or "Exception ignored in: …". The final exception is then often the user's own
 * (KeyError: 'id'), so the report says as much about the problem as it does.
 */
function reportLineBefore(kept: readonly string[]): number {
  let i = kept.length - 1;
  while (i >= 0 && HANDLER_CONTEXT_LINE.test(kept[i]!)) i--;
  return i >= 0 && kept[i]!.trim() ? i : -1;
}

export function analyzeQuery(input: string, maxChars: number, languageModel?: LanguageModel): QueryAnalysis {
  const { text, truncated } = boundQuery(input, maxChars);
  const lines = text.split('\n');
  let isTraceback = false;
  let errorLineIndex = -1;
  let exceptionType: string | undefined;
  const kept: string[] = [];
  let reportIndex = -1;
  lines.forEach((line) => {
    if (TRACEBACK_HEADER.test(line)) {
      if (!isTraceback) reportIndex = reportLineBefore(kept);
      isTraceback = true;
      return;
    }
    const frame = FRAME_LINE.exec(line);
    if (frame) {
      isTraceback = true;
      if (frame[1] && frame[1] !== '<module>') kept.push(frame[1]);
      return;
    }
    const exception = EXCEPTION_LINE.exec(line);
    if (exception) {
      errorLineIndex = kept.length;
      exceptionType = exception[1]!.toLowerCase();
    }
    kept.push(line);
  });
  const tokens: string[] = [];
  const emphasis: number[] = [];
  const inErrorLine: boolean[] = [];
  const asks = isTraceback ? undefined : questionSentences(kept);
  kept.forEach((line, i) => {
    const errorLine = i === errorLineIndex || i === reportIndex;
    const sentences = errorLine || !asks ? [line] : splitSentences(line);
    for (const sentence of sentences) {
      const weight = errorLine ? ERROR_LINE_EMPHASIS : asks?.has(sentence) ? QUESTION_EMPHASIS : 1;
      for (const token of tokenize(sentence)) {
        tokens.push(token);
        emphasis.push(weight);
        inErrorLine.push(errorLine);
      }
    }
  });
  const identifiers = [...new Set((text.match(IDENTIFIER) ?? []).map((id) => id.toLowerCase()))].slice(0, 50);
  const questionType = questionTypeOf(text);
  const language = detectLanguage(text, languageModel);
  return {
    text,
    truncated,
    tokens,
    stems: tokens.map(stem),
    emphasis,
    inErrorLine,
    identifiers,
    ...(errorLineIndex >= 0 ? { errorLine: kept[errorLineIndex]!.trim(), exceptionType } : {}),
    ...(reportIndex >= 0 && reportIndex !== errorLineIndex ? { reportLine: kept[reportIndex]!.trim() } : {}),
    isTraceback,
    isCode: CODE_SIGNS.test(text),
    isQuestion: questionType !== 'none',
    questionType,
    ...language,
  };
}
