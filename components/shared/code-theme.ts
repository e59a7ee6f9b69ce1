/**
 * The code highlighting colours, light and dark. Every token colour has at least 4.5:1
 * contrast against its theme's background (WCAG AA for text); tests/unit/code-theme.test.ts
 * computes the ratios, so a colour changed here cannot fall below it unnoticed.
 */
export interface CodeTheme {
  background: string;
  plain: string;
  /** The mark before a wrapped line's continuation. */
  continuation: string;
  /** Colour by Prism token type; a token takes the colour of its innermost coloured type. */
  tokens: Record<string, string>;
}

export const LIGHT_CODE_THEME: CodeTheme = {
  background: '#fafafa',
  plain: '#27272a',
  continuation: '#5e6673',
  tokens: {
    comment: '#5e6673',
    'triple-quoted-string': '#0b6e35',
    string: '#0b6e35',
    'string-interpolation': '#0b6e35',
    interpolation: '#27272a',
    keyword: '#8a1fa8',
    builtin: '#0e6f8a',
    boolean: '#a14800',
    number: '#a14800',
    function: '#1d4ed8',
    'class-name': '#9a3412',
    decorator: '#9b1a9e',
    annotation: '#9b1a9e',
    operator: '#3f3f46',
    punctuation: '#3f3f46',
  },
};

export const DARK_CODE_THEME: CodeTheme = {
  background: '#18181b',
  plain: '#e4e4e7',
  continuation: '#9ca3af',
  tokens: {
    comment: '#9ca3af',
    'triple-quoted-string': '#86efac',
    string: '#86efac',
    'string-interpolation': '#86efac',
    interpolation: '#e4e4e7',
    keyword: '#d8b4fe',
    builtin: '#67e8f9',
    boolean: '#fdba74',
    number: '#fdba74',
    function: '#93c5fd',
    'class-name': '#fcd34d',
    decorator: '#f0abfc',
    annotation: '#f0abfc',
    operator: '#d4d4d8',
    punctuation: '#d4d4d8',
  },
};

/** The colour of a token nested in `types` (outermost first). */
export function tokenColor(theme: CodeTheme, types: readonly string[]): string {
  for (let i = types.length - 1; i >= 0; i--) {
    const color = theme.tokens[types[i]!];
    if (color) return color;
  }
  return theme.plain;
}
