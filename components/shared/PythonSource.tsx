import { useMemo, type CSSProperties, type Ref } from 'react';
import { indentWidth, tokenizePython } from '@/utils/highlight/python-tokens';
import { DARK_CODE_THEME, LIGHT_CODE_THEME, tokenColor } from './code-theme';
import { useCodeWrap } from './use-code-wrap';
import { usePrefersDark } from './use-prefers-dark';

/**
 * How long lines are laid out: `hanging` wraps with each continuation indented to its line's
 * own indentation and marked ↪ (Python's indentation stays readable); `plain` wraps like a
 * textarea does (under the editor while it has focus, so the caret lines up); `off` scrolls.
 */
export type CodeLayout = 'hanging' | 'plain' | 'off';

interface PythonSourceProps {
  source: string;
  /** Accessible name; omitted when the code is only a visual layer (under the editor). */
  label?: string;
  className?: string;
  preRef?: Ref<HTMLPreElement>;
  /** Hidden from assistive technology when an editable copy sits on top of it. */
  hidden?: boolean;
  testId?: string;
  /** Overrides the panel's wrap setting (the editor's layer follows the textarea). */
  layout?: CodeLayout;
}

export const codeBoxClass = 'rounded-lg border border-zinc-200 p-3 font-mono text-xs leading-relaxed dark:border-zinc-800';

/** Python source highlighted by Prism as React elements (never HTML), in the system's theme. */
export function PythonSource({ source, label, className = codeBoxClass, preRef, hidden, testId, layout }: PythonSourceProps) {
  const dark = usePrefersDark();
  const wrap = useCodeWrap();
  const theme = dark ? DARK_CODE_THEME : LIGHT_CODE_THEME;
  const lines = useMemo(() => tokenizePython(source), [source]);
  const mode: CodeLayout = layout ?? (wrap ? 'hanging' : 'off');
  // A scrolling block is a region the keyboard must be able to reach (WCAG 2.1.1).
  const scrolls = mode === 'off' && !hidden;
  const style = { background: theme.background, color: theme.plain, '--code-continuation': theme.continuation } as CSSProperties;
  return (
    <pre
      ref={preRef}
      aria-label={label}
      aria-hidden={hidden}
      data-testid={testId}
      data-layout={mode}
      tabIndex={scrolls ? 0 : undefined}
      style={style}
      className={`code-block code-${mode} m-0 ${className}`}
    >
      {lines.map((line, i) => {
        const indent = mode === 'hanging' ? indentWidth(line[0]?.text ?? '') : 0;
        return (
          <div key={i} className="code-line" style={mode === 'hanging' ? ({ '--indent': indent } as CSSProperties) : undefined}>
            {line.length === 0
              ? '\n'
              : line.map((token, j) => (
                  <span key={j} style={token.types.length ? { color: tokenColor(theme, token.types) } : undefined}>
                    {token.text}
                  </span>
                ))}
          </div>
        );
      })}
    </pre>
  );
}
