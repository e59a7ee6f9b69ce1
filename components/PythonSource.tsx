import { Highlight, themes } from 'prism-react-renderer';
import { usePrefersDark } from './use-prefers-dark';

/** A snippet's source alone, highlighted: the drill asks for its output, so none is shown. */
export function PythonSource({ source, label }: { source: string; label: string }) {
  const dark = usePrefersDark();
  return (
    <Highlight theme={dark ? themes.vsDark : themes.github} code={source} language="python">
      {({ style, tokens, getLineProps, getTokenProps }) => (
        <pre
          aria-label={label}
          data-testid="drill-code"
          style={style}
          className="overflow-x-auto rounded-lg border border-zinc-200 p-3 text-xs leading-relaxed dark:border-zinc-800"
        >
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
