/**
 * Compares printed output with an expected text, line by line, under the masking convention
 * of knowledge/README.md: in the expected text `<addr>` stands for a memory address
 * (0x7f3a2c1b9d60) and `<...>` for any text within one line. Trailing whitespace of each line
 * and of the whole text is ignored. Pure functions: the CPython and Pyodide checks, the card
 * view and the drill ("what does this print?") all compare this way.
 */

export interface LineComparison {
  /** 1-based line number. */
  line: number;
  expected?: string;
  actual?: string;
  same: boolean;
}

export interface OutputComparison {
  matches: boolean;
  lines: LineComparison[];
  /** The first line that differs (1-based), if any. */
  firstDifference?: number;
}

/** Unifies line ends and drops trailing whitespace per line and at the end. */
export function normalizeOutput(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trimEnd();
}

const MASK = /(<addr>|<\.\.\.>)/;

function maskPattern(expected: string): string {
  return expected
    .split(MASK)
    .map((part) => (part === '<addr>' ? '0x[0-9a-fA-F]+' : part === '<...>' ? '[^\\n]*?' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
}

/** True when `actual` matches the expected line, masks included. */
export function lineMatches(expected: string, actual: string): boolean {
  if (!MASK.test(expected)) return expected === actual;
  return new RegExp(`^${maskPattern(expected)}$`).test(actual);
}

/** Whole-output match (masks may not span lines). */
export function outputMatches(expected: string, actual: string): boolean {
  return new RegExp(`^${maskPattern(normalizeOutput(expected))}$`).test(normalizeOutput(actual));
}

/** Line-by-line comparison: line n of one against line n of the other. */
export function compareOutput(expected: string, actual: string): OutputComparison {
  const expectedLines = splitLines(expected);
  const actualLines = splitLines(actual);
  const lines: LineComparison[] = [];
  for (let i = 0; i < Math.max(expectedLines.length, actualLines.length); i++) {
    const e = expectedLines[i];
    const a = actualLines[i];
    lines.push({
      line: i + 1,
      ...(e === undefined ? {} : { expected: e }),
      ...(a === undefined ? {} : { actual: a }),
      same: e !== undefined && a !== undefined && lineMatches(e, a),
    });
  }
  const firstDifference = lines.find((l) => !l.same)?.line;
  return { matches: firstDifference === undefined, lines, ...(firstDifference === undefined ? {} : { firstDifference }) };
}

function splitLines(text: string): string[] {
  const normal = normalizeOutput(text);
  return normal === '' ? [] : normal.split('\n');
}
