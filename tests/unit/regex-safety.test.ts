import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkSync } from 'recheck';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Every query and selection runs through these patterns. One with exponential backtracking
// hangs the panel (and a test run) on a long run of letters, and a test cannot time out
// synchronous code, so each regular-expression literal in the extension's code is checked
// statically with recheck. Quadratic ones are allowed: queries are bounded to 2,000 characters.
const ROOT = join(__dirname, '../..');
const SOURCE_DIRS = ['utils', 'components', 'entrypoints'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

interface RegexLiteral {
  where: string;
  source: string;
  flags: string;
}

function regexLiterals(file: string): RegexLiteral[] {
  const tree = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: RegexLiteral[] = [];
  const visit = (node: ts.Node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const text = node.getText(tree);
      const end = text.lastIndexOf('/');
      const line = tree.getLineAndCharacterOfPosition(node.getStart(tree)).line + 1;
      found.push({ where: `${relative(ROOT, file)}:${line}`, source: text.slice(1, end), flags: text.slice(end + 1) });
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

describe('regular expressions in the extension', () => {
  const literals = SOURCE_DIRS.flatMap((dir) => sourceFiles(join(ROOT, dir))).flatMap(regexLiterals);

  it('finds the literals it checks', () => {
    expect(literals.length).toBeGreaterThan(50);
  });

  it('recognises exponential backtracking (a camelCase name under /i)', () => {
    const result = checkSync(String.raw`\b[a-z]+(?:[A-Z][a-z]+)*Sync\(`, 'i');
    expect(result.status === 'vulnerable' && result.complexity.type).toBe('exponential');
  });

  it('has none that backtracks exponentially', { timeout: 300_000 }, () => {
    const exponential = literals
      .map((literal) => ({ literal, result: checkSync(literal.source, literal.flags, { timeout: 10_000 }) }))
      .filter(({ result }) => result.status === 'vulnerable' && result.complexity.type === 'exponential')
      .map(({ literal, result }) => `${literal.where} /${literal.source.slice(0, 60)}…/ attack: ${result.status === 'vulnerable' ? result.attack.pattern : ''}`);
    expect(exponential).toEqual([]);
  });
});
