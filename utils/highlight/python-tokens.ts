import Prism from 'prismjs/components/prism-core';
import 'prismjs/components/prism-python';

/** A run of source text and the Prism token types it sits in, outermost first ([] for plain text). */
export interface CodeToken {
  text: string;
  types: string[];
}

/**
 * Python source split into lines of highlighted tokens. Only Prism's core and its Python
 * grammar are bundled (not every language), and the result is plain data: the panel renders
 * it as React text, never as an HTML string.
 */
export function tokenizePython(source: string): CodeToken[][] {
  const lines: CodeToken[][] = [[]];
  const visit = (stream: Prism.TokenStream, types: string[]) => {
    if (typeof stream === 'string') {
      stream.split('\n').forEach((part, i) => {
        if (i > 0) lines.push([]);
        if (part) lines[lines.length - 1]!.push({ text: part, types });
      });
    } else if (Array.isArray(stream)) {
      for (const item of stream) visit(item, types);
    } else {
      const alias = stream.alias ? ([] as string[]).concat(stream.alias) : [];
      visit(stream.content, [...types, stream.type, ...alias]);
    }
  };
  visit(Prism.tokenize(source.replace(/\n$/, ''), Prism.languages.python!), []);
  return lines;
}

/** The indentation a line starts with, in characters (a tab counts as 4, as Python's tokenizer aligns it). */
export function indentWidth(line: string): number {
  let width = 0;
  for (const char of line) {
    if (char === ' ') width += 1;
    else if (char === '\t') width += 4 - (width % 4);
    else break;
  }
  return width;
}
