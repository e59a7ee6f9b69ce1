import { describe, expect, it } from 'vitest';
import { DARK_CODE_THEME, LIGHT_CODE_THEME, tokenColor } from '@/components/shared/code-theme';
import { contrastRatio } from '@/utils/highlight/contrast';
import { indentWidth, tokenizePython } from '@/utils/highlight/python-tokens';

describe('code theme', () => {
  for (const [name, theme] of [
    ['light', LIGHT_CODE_THEME],
    ['dark', DARK_CODE_THEME],
  ] as const) {
    it(`every ${name} colour has at least 4.5:1 contrast with its background`, () => {
      const colours = { plain: theme.plain, continuation: theme.continuation, ...theme.tokens };
      for (const [type, colour] of Object.entries(colours)) {
        expect(contrastRatio(colour, theme.background), `${name} ${type} ${colour}`).toBeGreaterThanOrEqual(4.5);
      }
    });
  }

  it('computes contrast as WCAG defines it', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('gives the main Python token types their own colour', () => {
    const source = '@dataclass\nclass Job:\n    async def run(self, n: int = 3) -> None:  # go\n        print(f"{n!r} done", True, 0x1F)\n';
    const types = new Set(tokenizePython(source).flat().flatMap((token) => token.types));
    expect([...types]).toEqual(expect.arrayContaining(['keyword', 'comment', 'string', 'number', 'boolean', 'decorator', 'class-name']));
    for (const theme of [LIGHT_CODE_THEME, DARK_CODE_THEME]) {
      for (const type of ['keyword', 'comment', 'string', 'number']) expect(tokenColor(theme, [type])).not.toBe(theme.plain);
    }
  });
});

describe('tokenizePython', () => {
  it('keeps every character, one entry a line', () => {
    const source = 'import asyncio\n\nasync def main():\n    await asyncio.sleep(0)  # yield\n';
    const lines = tokenizePython(source);
    expect(lines.map((line) => line.map((t) => t.text).join(''))).toEqual(source.replace(/\n$/, '').split('\n'));
    expect(tokenColor(LIGHT_CODE_THEME, lines[0]![0]!.types)).toBe(LIGHT_CODE_THEME.tokens.keyword);
  });

  it('splits multi-line strings across lines with their type kept', () => {
    const lines = tokenizePython('x = """a\nb"""');
    expect(lines[1]![0]).toEqual({ text: 'b"""', types: ['triple-quoted-string', 'string'] });
  });

  it('measures indentation', () => {
    expect(indentWidth('        return x')).toBe(8);
    expect(indentWidth('\t  x')).toBe(6);
    expect(indentWidth('x')).toBe(0);
  });
});
