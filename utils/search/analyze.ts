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
import { stem, tokenize } from './terms';

export type QuestionType = 'how' | 'why' | 'what' | 'difference' | 'yesno' | 'none';

export interface OtherLanguageSignal {
  /** "JavaScript", "Rust", … */
  language: string;
  /** What that language calls its async model: "async/await", "tokio", "coroutines", … */
  asyncModel: string;
  /** Summed weight of that language's vocabulary and syntax found in the text. */
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
  /** Dotted names and snake_case identifiers as written, lower-cased ("asyncio.gather", "create_task"). */
  identifiers: string[];
  /** The last line naming an exception ("RuntimeError: Event loop is closed"), if any. */
  errorLine?: string;
  /** Its exception type, lower-cased ("runtimeerror"). */
  exceptionType?: string;
  isTraceback: boolean;
  /** Looks like code (operators, calls, keywords at line starts). */
  isCode: boolean;
  isQuestion: boolean;
  questionType: QuestionType;
  /** Evidence of Python (asyncio, def, import, …): other-language text usually has none. */
  pythonEvidence: number;
  /** The other language this reads like, when its evidence outweighs Python's. */
  otherLanguage?: OtherLanguageSignal;
}

/** How much more a word of the final exception line weighs than any other word. */
export const ERROR_LINE_EMPHASIS = 2;

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

const TRACEBACK_HEADER = /^\s*Traceback \(most recent call last\):\s*$/;
/** A traceback frame: only the function name says something about the problem. */
const FRAME_LINE = /^\s*File "[^"]*", line \d+(?:, in (\S+))?\s*$/;
/** A line naming an exception: "RuntimeError: …", "asyncio.exceptions.CancelledError", "Task exception was never retrieved". */
const EXCEPTION_LINE = /^\s*(?:[a-z_][\w]*\.)*([A-Z]\w*(?:Error|Exception|Warning|Exit|Interrupt|Cancelled|Group|Timeout))\b(?::.*)?$/;
const CODE_SIGNS = /(^|\n)\s*(async def|def |await |import |from \S+ import|class |return |for .* in |with |try:|except|@\w)|[=(){}[\]]\s*$|\w\(.*\)|\s=\s|==|->|=>|;\s*$/m;
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

/** Evidence weights: 2 for vocabulary or syntax only that language has, 1 for a hint. */
interface LanguageProfile {
  language: string;
  asyncModel: string;
  signs: Array<[RegExp, number]>;
}

const PYTHON_SIGNS: Array<[RegExp, number]> = [
  [/\basyncio\b/i, 3],
  [/\bpython\d?\b|\bcpython\b|\bpypy\b/i, 3],
  [/\basync def\b/, 2],
  [/\bdef \w+\s*\(/, 2],
  [/(^|\n)\s*(import \w+|from [\w.]+ import)\b/, 2],
  [/\bself\b|__\w+__|\.py\b|\bpip\b|\bNone\b|\bTrue\b|\bFalse\b/, 1],
  [/\baiohttp\b|\btrio\b|\banyio\b|\buvloop\b|\bfastapi\b|\bdjango\b|\bflask\b|\bcelery\b|\bpytest\b/i, 2],
  [/Traceback \(most recent call last\)/, 3],
];

const LANGUAGE_PROFILES: LanguageProfile[] = [
  {
    language: 'JavaScript',
    asyncModel: 'async/await',
    signs: [
      [/\bPromise\.(all|race|any|allSettled|resolve|reject)\b/, 3],
      [/\bPromises?\b|\bthenables?\b/, 2],
      [/\.then\s*\(|\.catch\s*\(|\.finally\s*\(/, 2],
      [/\b(javascript|typescript|node\.?js|nodejs|deno|ecmascript|es6|es2017)\b/i, 3],
      [/\b(const|let|var) \w+\s*=/, 2],
      [/=>/, 1],
      [/\bconsole\.\w+|\bsetTimeout\b|\bsetInterval\b|\bprocess\.nextTick\b|\bqueueMicrotask\b|\brequire\(/, 2],
      [/\basync function\b|\bfunction\s*\*|\bfunction \w+\s*\(/, 2],
      [/\bfor await\b|Symbol\.asyncIterator|\bUnhandledPromiseRejection\w*|\buseEffect\b|\bnpm\b|\bmicrotasks?\b/, 2],
      [/===|!==|\bundefined\b/, 1],
    ],
  },
  {
    language: 'Rust',
    asyncModel: 'async (tokio)',
    signs: [
      [/\btokio\b|\basync-std\b|\bsmol\b/i, 3],
      [/\brust\b|\bcargo\b|\bcrate\b/i, 2],
      [/#\[\w+(::\w+)*\]/, 2],
      [/\w::\w/, 1],
      [/\.await\b/, 2],
      [/\basync fn\b|\bfn \w+\s*[(<]|\bimpl\b|\blet mut\b|\bBox<dyn|\bunwrap\(\)|\bResult<|\bOption<|\bJoinHandle\b/, 2],
      [/panicked at|\bSend\b.*\bSync\b|'static\b/, 2],
    ],
  },
  {
    language: 'Kotlin',
    asyncModel: 'coroutines',
    signs: [
      [/\bkotlin\w*\b|\bkotlinx\b/i, 3],
      [/\bsuspend fun\b|\bsuspend\b/, 2],
      [/\brunBlocking\b|\bCoroutineScope\b|\bcoroutineScope\b|\bGlobalScope\b|\bviewModelScope\b|\blifecycleScope\b|\bsupervisorScope\b/, 3],
      [/\bDispatchers\.\w+|\bwithContext\b|\blaunch\s*\{|\basync\s*\{|\bDeferred\b|\bJob\(\)|\bFlow<|\bcollect\s*\{/, 2],
      [/\bfun \w+\s*\(|\bval \w+\s*=|\bandroid\b/i, 1],
    ],
  },
  {
    language: 'Go',
    asyncModel: 'goroutines',
    signs: [
      [/\bgoroutines?\b|\bgolang\b/i, 3],
      [/\bgo func\b|\bchan\b|\bsync\.WaitGroup\b|\bsync\.Mutex\b|\berrgroup\b|\bcontext\.Context\b/, 3],
      [/<-\s*\w|\w\s*<-/, 1],
      [/\bselect\s*\{|\bfunc \w*\s*\(|:=/, 1],
    ],
  },
  {
    language: 'C#',
    asyncModel: 'async/await',
    signs: [
      [/\bC#|\.NET\b|\bdotnet\b|\basp\.net\b/i, 3],
      [/\bTask\.(WhenAll|WhenAny|Run|Delay|FromResult|Yield)\b|\bConfigureAwait\b|\bValueTask\b|\bIAsyncEnumerable\b|\bSynchronizationContext\b/, 3],
      [/\basync (Task|void)\b|\bTask<|\bCancellationToken\w*\b|\bawait foreach\b|\busing System\b/, 2],
      [/\bpublic (static )?(async )?\w+|\bprivate (async )?\w+|\.Result\b|\.Wait\(\)|\bvar \w+ = /, 1],
    ],
  },
  {
    language: 'Dart',
    asyncModel: 'Futures and async/await',
    signs: [
      [/\bdart\b|\bflutter\b/i, 3],
      [/\bFuture<|\bFuture\.(wait|delayed|value|any)\b|\bStream<|\bStreamController\b|\bFutureBuilder\b|\bIsolates?\b/, 3],
      [/\basync\*|\bvoid main\s*\(|\bsetState\b|\bcompute\(/, 2],
    ],
  },
];

function evidence(text: string, signs: ReadonlyArray<[RegExp, number]>): number {
  let sum = 0;
  for (const [pattern, weight] of signs) if (pattern.test(text)) sum += weight;
  return sum;
}

/** Python's evidence and, when another language outweighs it, that language's. */
export function detectLanguage(text: string): { pythonEvidence: number; otherLanguage?: OtherLanguageSignal } {
  const pythonEvidence = evidence(text, PYTHON_SIGNS);
  let best: OtherLanguageSignal | undefined;
  for (const profile of LANGUAGE_PROFILES) {
    const found = evidence(text, profile.signs);
    if (found > (best?.evidence ?? 0)) best = { language: profile.language, asyncModel: profile.asyncModel, evidence: found };
  }
  // One hint (an arrow, a `::`) is not a language; a language's own words are. Text that
  // also names Python's side ("asyncio.gather vs Promise.all") is a Python question.
  if (!best || best.evidence < 3 || best.evidence <= 2 * pythonEvidence) return { pythonEvidence };
  return { pythonEvidence, otherLanguage: best };
}

export function analyzeQuery(input: string, maxChars: number): QueryAnalysis {
  const { text, truncated } = boundQuery(input, maxChars);
  const lines = text.split('\n');
  let isTraceback = false;
  let errorLineIndex = -1;
  let exceptionType: string | undefined;
  const kept: string[] = [];
  lines.forEach((line) => {
    if (TRACEBACK_HEADER.test(line)) {
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
  kept.forEach((line, i) => {
    for (const token of tokenize(line)) {
      tokens.push(token);
      emphasis.push(i === errorLineIndex ? ERROR_LINE_EMPHASIS : 1);
    }
  });
  const identifiers = [...new Set((text.match(IDENTIFIER) ?? []).map((id) => id.toLowerCase()))].slice(0, 50);
  const questionType = questionTypeOf(text);
  const language = detectLanguage(text);
  return {
    text,
    truncated,
    tokens,
    stems: tokens.map(stem),
    emphasis,
    identifiers,
    ...(errorLineIndex >= 0 ? { errorLine: kept[errorLineIndex]!.trim(), exceptionType } : {}),
    isTraceback,
    isCode: CODE_SIGNS.test(text),
    isQuestion: questionType !== 'none',
    questionType,
    ...language,
  };
}
