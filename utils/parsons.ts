import type { Card } from '../knowledge/schema';
import { outputMatches } from './python/compare-output';
import type { RunResult } from './python/runner';
import { GOOD, GRADES, type GradeValue } from './scheduler';

/**
 * Parsons problems: a card's snippet cut into pieces, shuffled, for the user to put back in
 * order. Pure functions; the drill view (components/drill/ParsonsDrill.tsx) and the tests
 * call the same ones.
 *
 * How a snippet is cut:
 * - One piece per statement line. A statement that spans several lines (open brackets, a
 *   triple-quoted string, a trailing backslash) stays one piece: half a call is not a line
 *   anyone could place.
 * - Blank lines are dropped: they carry no meaning in Python and would be free hints
 *   (a blank line inside a bracket or a string is part of its statement and stays).
 * - A comment line travels with the statement under it (it describes that line), and a
 *   decorator with the definition it decorates. Comments after the last statement join it.
 * - The imports at the top (with the comments among them) are fixed above the list, not
 *   shuffled: imports go first by convention, so placing them tests nothing about the
 *   program and only makes the list longer.
 * - Lines keep their indentation: the user orders pieces and does not set indentation
 *   (a first version; the view says so).
 */

/** A snippet cut for a Parsons problem: the fixed lines above, and the pieces in their original order. */
export interface ParsonsPieces {
  /** The import block at the top, shown as is above the pieces (may be empty). */
  fixed: string;
  /** Each piece's text: one or more physical lines, with their indentation. */
  pieces: string[];
}

export interface ParsonsProblem extends ParsonsPieces {
  /** The order first shown: indices into `pieces`. */
  shuffled: number[];
}

/**
 * Which snippets become Parsons problems, by their number of pieces. Below 4 there are at
 * most 23 wrong orders, most of them one swap from right: the problem is guessing, not
 * reading. 16 is the top of the range Parsons problems are usually given in (about 5–15
 * blocks); past it a line can need 16 moves to reach its place. The list is then long:
 * measured in Chromium, the longest (wait-return-when, 16 pieces) is 961 px tall at 360 px
 * and 1704 px at 240 px, against 658 px of panel under the header, so a drag across it
 * relies on the browser scrolling the panel at its edge (tests/e2e/parsons.spec.ts checks
 * that it does), while the buttons and keys work at any length. With these bounds 97 of the
 * 183 snippets that run in the panel qualified when this was written (the unit test prints
 * the count).
 * Snippets that cannot run in the panel's Python are left out: another order could not be
 * checked by running it.
 */
export const MIN_PARSONS_PIECES = 4;
export const MAX_PARSONS_PIECES = 16;

type LineKind = 'code' | 'comment' | 'decorator' | 'import';

interface LogicalLine {
  kind: LineKind;
  lines: string[];
}

const IMPORT = /^(?:import\s|from\s+\S+\s+import\b)/;

/**
 * Splits source into logical lines (Python's statements: physical lines joined while a
 * bracket or a string is open, or after a trailing backslash), dropping blank lines. A small
 * scanner that knows strings, comments and brackets, which is all this needs: the snippets
 * are valid Python (the knowledge check runs every one).
 */
export function logicalLines(source: string): LogicalLine[] {
  const physical = source.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  const result: LogicalLine[] = [];
  let current: string[] = [];
  let depth = 0;
  /** The open string's quote (' " ''' or """), if a string is open at the end of a line. */
  let quote: string | undefined;
  for (const line of physical) {
    const continuing = current.length > 0;
    if (!continuing && line.trim() === '') continue;
    current.push(line);
    let continues = false;
    for (let i = 0; i < line.length; i++) {
      const char = line[i]!;
      if (quote) {
        if (char === '\\') i++;
        else if (line.startsWith(quote, i)) {
          i += quote.length - 1;
          quote = undefined;
        }
      } else if (char === '#') break;
      else if (char === '"' || char === "'") {
        const triple = char.repeat(3);
        quote = line.startsWith(triple, i) ? triple : char;
        i += quote.length - 1;
      } else if ('([{'.includes(char)) depth++;
      else if (')]}'.includes(char)) depth = Math.max(0, depth - 1);
      else if (char === '\\' && i === line.length - 1) continues = true;
    }
    // A one-quote string cannot span lines (without a backslash): valid code never leaves one open.
    if (quote && quote.length === 1 && !line.endsWith('\\')) quote = undefined;
    if (continues || depth > 0 || quote) continue;
    result.push({ kind: kindOf(current[0]!), lines: current });
    current = [];
  }
  if (current.length > 0) result.push({ kind: kindOf(current[0]!), lines: current });
  return result;
}

function kindOf(first: string): LineKind {
  const text = first.trimStart();
  if (text.startsWith('#')) return 'comment';
  if (text.startsWith('@')) return 'decorator';
  if (first === text && IMPORT.test(text)) return 'import';
  return 'code';
}

const piecesCache = new Map<string, ParsonsPieces>();

/** The fixed import block and the movable pieces of a snippet (rules at the top of this file). */
export function parsonsPieces(source: string): ParsonsPieces {
  const cached = piecesCache.get(source);
  if (cached) return cached;
  const logical = logicalLines(source);
  // The fixed block: leading comments and imports, up to the last import of that run.
  let fixedEnd = 0;
  for (let i = 0; i < logical.length; i++) {
    const kind = logical[i]!.kind;
    if (kind === 'import') fixedEnd = i + 1;
    else if (kind !== 'comment') break;
  }
  const fixed = logical.slice(0, fixedEnd).flatMap((l) => l.lines);
  const pieces: string[] = [];
  let pending: string[] = [];
  for (const line of logical.slice(fixedEnd)) {
    pending.push(...line.lines);
    if (line.kind === 'code' || line.kind === 'import') {
      pieces.push(pending.join('\n'));
      pending = [];
    }
  }
  if (pending.length > 0) {
    if (pieces.length > 0) pieces[pieces.length - 1] += `\n${pending.join('\n')}`;
    else pieces.push(pending.join('\n'));
  }
  const result = { fixed: fixed.join('\n'), pieces };
  piecesCache.set(source, result);
  return result;
}

/** Whether a card is asked as a Parsons problem (in turn with its other forms, utils/drill.ts). */
export function qualifiesForParsons(card: Card): boolean {
  if (!card.code || card.code.cpythonOnly) return false;
  const { pieces } = parsonsPieces(card.code.source);
  return pieces.length >= MIN_PARSONS_PIECES && pieces.length <= MAX_PARSONS_PIECES && new Set(pieces).size > 1;
}

/** A 32-bit FNV-1a hash of the seed text. */
function hashSeed(seed: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a small, well-known generator; the same seed always gives the same numbers. */
function randomFrom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How many positions hold a different text than the original order there. */
function displaced(pieces: readonly string[], order: readonly number[]): number {
  return order.filter((piece, i) => pieces[piece] !== pieces[i]).length;
}

/** Shuffles drawn before settling for the most scrambled one (each is a Fisher–Yates shuffle). */
const SHUFFLE_DRAWS = 20;

/**
 * A deterministic shuffle of the pieces for a seed. It is never the original order (as text:
 * identical pieces are interchangeable) when another order exists, and it moves at least half
 * of the pieces when one of a few draws does, so the problem is not one swap from solved.
 */
export function shuffleOrder(pieces: readonly string[], seed: string): number[] {
  const identity = pieces.map((_, i) => i);
  if (new Set(pieces).size < 2) return identity;
  const random = randomFrom(hashSeed(seed));
  let best = identity;
  let bestDisplaced = 0;
  for (let draw = 0; draw < SHUFFLE_DRAWS && bestDisplaced * 2 < pieces.length; draw++) {
    const order = [...identity];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const moved = displaced(pieces, order);
    if (moved > bestDisplaced) {
      best = order;
      bestDisplaced = moved;
    }
  }
  if (bestDisplaced === 0) {
    // Unreachable with 20 draws in practice, but the promise holds regardless: swap the first two different neighbours.
    const i = pieces.findIndex((text, k) => k > 0 && text !== pieces[k - 1]);
    best = [...identity];
    [best[i - 1], best[i]] = [best[i]!, best[i - 1]!];
  }
  return best;
}

/** The Parsons problem for a snippet and a seed (the drill uses the card id and its review count). */
export function parsonsProblem(source: string, seed: string): ParsonsProblem {
  const cut = parsonsPieces(source);
  return { ...cut, shuffled: shuffleOrder(cut.pieces, seed) };
}

/** For each position of an arrangement: does it hold the original's text there? */
export function piecesInPlace(problem: ParsonsPieces, order: readonly number[]): boolean[] {
  return order.map((piece, i) => problem.pieces[piece] === problem.pieces[i]);
}

/** The arrangement is the original program (identical pieces are interchangeable). */
export function isOriginalOrder(problem: ParsonsPieces, order: readonly number[]): boolean {
  return order.length === problem.pieces.length && piecesInPlace(problem, order).every(Boolean);
}

/** The program an arrangement makes: the fixed block, then the pieces in that order. */
export function arrangedProgram(problem: ParsonsPieces, order: readonly number[]): string {
  const lines = order.map((piece) => problem.pieces[piece]!);
  return `${[...(problem.fixed ? [problem.fixed] : []), ...lines].join('\n')}\n`;
}

/** Moves the piece at `from` to position `to`, the others keeping their order. */
export function movePiece(order: readonly number[], from: number, to: number): number[] {
  if (from === to || from < 0 || from >= order.length || to < 0 || to >= order.length) return [...order];
  const next = [...order];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved!);
  return next;
}

/**
 * What a check found:
 * - `original-order`: the pieces are in the snippet's order;
 * - `same-output`: another order, and run in the panel's Python it prints the card's output
 *   (compared as every output is, utils/python/compare-output.ts, line numbers aside);
 * - `different-output`: another order that ran to its end and printed something else;
 * - `did-not-finish`: another order that was still running at the time limit (the card's
 *   program finishes), so it cannot print the same output;
 * - `not-checked`: the run was stopped, or Python could not start: nothing is known.
 */
export type ParsonsVerdict =
  | { kind: 'original-order' }
  | { kind: 'same-output' }
  | { kind: 'different-output' }
  | { kind: 'did-not-finish' }
  | { kind: 'not-checked'; reason: string };

/**
 * Line numbers of the program in its output (tracebacks, warnings, task reprs: `main.py:9`,
 * `File "main.py", line 5`, `lineno 10`) stand for `<line>` on both sides: moving a line
 * moves them, and an order that prints the same thing elsewhere is still the same program.
 */
export function maskLineNumbers(output: string): string {
  return output.replace(/\bmain\.py:\d+/g, 'main.py:<line>').replace(/\b(line(?:no)?) \d+/g, '$1 <line>');
}

/** Judges a run of an arrangement that differs from the original, against the card's output. */
export function verdictFromRun(expectedOutput: string, run: Pick<RunResult, 'exit' | 'exitCode' | 'message'>, printed: string): ParsonsVerdict {
  if (run.exitCode !== undefined) {
    return outputMatches(maskLineNumbers(expectedOutput), maskLineNumbers(printed)) ? { kind: 'same-output' } : { kind: 'different-output' };
  }
  if (run.exit === 'timeout') return { kind: 'did-not-finish' };
  if (run.exit === 'stopped') return { kind: 'not-checked', reason: 'The run was stopped.' };
  return { kind: 'not-checked', reason: run.message ?? 'Python could not run it.' };
}

/** Whether the verdict counts the arrangement as correct (undefined: not known). */
export function verdictCorrect(verdict: ParsonsVerdict): boolean | undefined {
  switch (verdict.kind) {
    case 'original-order':
    case 'same-output':
      return true;
    case 'different-output':
    case 'did-not-finish':
      return false;
    case 'not-checked':
      return undefined;
  }
}

const AGAIN: GradeValue = GRADES[0].grade;

/**
 * The grade suggested from a check: a correct program is Good (the user may say Easy or
 * Hard), a wrong one is Again (it was not recalled), and an unchecked one suggests nothing.
 * The user confirms or changes it.
 */
export function suggestedParsonsGrade(verdict: ParsonsVerdict): GradeValue | undefined {
  const correct = verdictCorrect(verdict);
  return correct === undefined ? undefined : correct ? GOOD : AGAIN;
}
