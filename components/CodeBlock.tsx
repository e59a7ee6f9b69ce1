import { useState } from 'react';
import { Highlight, themes } from 'prism-react-renderer';
import type { Card } from '@/knowledge/schema';
import { usePrefersDark } from './use-prefers-dark';

type CardCode = NonNullable<Card['code']>;

/** A card's snippet with Python highlighting, a copy button, and the output CPython printed. */
export function CodeBlock({ code }: { code: CardCode }) {
  const dark = usePrefersDark();
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');

  async function copy() {
    try {
      await navigator.clipboard.writeText(code.source);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
    setTimeout(() => setCopied('idle'), 1500);
  }

  return (
    <section aria-label="Code example" className="flex flex-col gap-1">
      <div className="flex items-center justify-between text-xs text-zinc-600 dark:text-zinc-400">
        <span>Python{code.minPython ? ` ${code.minPython}+` : ''}</span>
        <button
          type="button"
          onClick={copy}
          className="rounded px-2 py-0.5 font-medium text-sky-700 hover:bg-sky-50 focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-sky-300 dark:hover:bg-sky-950"
        >
          {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Copy failed' : 'Copy'}
        </button>
      </div>
      <Highlight theme={dark ? themes.vsDark : themes.github} code={code.source} language="python">
        {({ style, tokens, getLineProps, getTokenProps }) => (
          <pre
            data-testid="code-source"
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
      <div className="text-xs text-zinc-600 dark:text-zinc-400">Output</div>
      <pre
        data-testid="code-output"
        className="overflow-x-auto rounded-lg bg-zinc-100 p-3 text-xs leading-relaxed text-zinc-800 dark:bg-zinc-900 dark:text-zinc-200"
      >
        {code.output}
      </pre>
    </section>
  );
}
