import type { Ref } from 'react';
import { Highlight, themes } from 'prism-react-renderer';
import { usePrefersDark } from './use-prefers-dark';

interface PythonSourceProps {
  source: string;
  /** Accessible name; omitted when the code is only a visual layer (under the editor). */
  label?: string;
  className?: string;
  preRef?: Ref<HTMLPreElement>;
  /** Hidden from assistive technology when an editable copy sits on top of it. */
  hidden?: boolean;
  testId?: string;
}

/** Python source highlighted by prism as React elements (never HTML), in the system's theme. */
export function PythonSource({
  source,
  label,
  className = 'overflow-x-auto rounded-lg border border-zinc-200 p-3 text-xs leading-relaxed dark:border-zinc-800',
  preRef,
  hidden,
  testId,
}: PythonSourceProps) {
  const dark = usePrefersDark();
  return (
    <Highlight theme={dark ? themes.vsDark : themes.github} code={source} language="python">
      {({ style, tokens, getLineProps, getTokenProps }) => (
        <pre ref={preRef} aria-label={label} aria-hidden={hidden} data-testid={testId} style={style} className={className}>
          {tokens.map((line, i) => (
            <div key={i} {...getLineProps({ line })}>
              {line.map((token, key) => (
                <span key={key} {...getTokenProps({ token })} />
              ))}
            </div>
          ))}
        </pre>
      )}
    </Highlight>
  );
}
