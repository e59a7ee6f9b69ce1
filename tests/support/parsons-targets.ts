/** Shared by the Chromium and Firefox Parsons tests: no test framework here. */

/**
 * Where each shown line belongs: its position among the shown lines when they are sorted by
 * where their text starts in the card's snippet (a repeated line takes the next copy).
 * Worked out from the snippet's text, not from the problem's own code.
 */
export function targetPositions(source: string, shown: readonly string[]): number[] {
  const starts: number[] = [];
  const taken = new Set<number>();
  for (const text of shown) {
    let from = 0;
    for (;;) {
      const at = source.indexOf(text, from);
      if (at < 0) throw new Error(`line not in the snippet: ${text}`);
      const startsLine = at === 0 || source[at - 1] === '\n';
      const endsLine = at + text.length === source.length || source[at + text.length] === '\n';
      if (startsLine && endsLine && !taken.has(at)) {
        taken.add(at);
        starts.push(at);
        break;
      }
      from = at + 1;
    }
  }
  const sorted = [...starts].sort((a, b) => a - b);
  return starts.map((start) => sorted.indexOf(start));
}
