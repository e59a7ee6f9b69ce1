import { useId, useRef, useState } from 'react';
import type { Card } from '@/knowledge/schema';
import { compareOutput } from '@/utils/python/compare-output';
import { outputText } from '@/utils/python/runner';
import { CodeWrapToggle } from '../shared/CodeWrapToggle';
import { PythonSource } from '../shared/PythonSource';
import { useCodeWrap } from '../shared/use-code-wrap';
import { RunOutput } from './RunOutput';
import { RunProgress } from './RunProgress';
import { TIME_LIMIT_CHOICES_MS, usePythonRun, useRunTimeLimit } from './use-python-run';

type CardCode = NonNullable<Card['code']>;

const buttonClass =
  'min-h-6 rounded px-2 py-0.5 font-medium text-sky-700 hover:bg-sky-50 focus-visible:outline-2 focus-visible:outline-sky-600 disabled:cursor-not-allowed disabled:opacity-50 dark:text-sky-300 dark:hover:bg-sky-950';
const codeTextClass = 'm-0 p-3 font-mono text-xs leading-relaxed';

/**
 * A card's snippet: Python highlighting, a copy button, the output CPython printed, and a
 * Run button that runs the snippet (as edited) in the panel's offline Python.
 *
 * The editor is a textarea laid over the highlighted code (transparent text, visible caret):
 * it adds no dependency, so the panel's bundle does not grow, and the code keeps its colours
 * while it is edited. Edits live in this component only; Reset restores the card's code.
 */
export function CodeBlock({ code }: { code: CardCode }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const [draft, setDraft] = useState(code.source);
  const [ranSource, setRanSource] = useState<string>();
  const { view, run, stop, clear, busy } = usePythonRun();
  const [timeLimit, setTimeLimit] = useRunTimeLimit();
  const highlightRef = useRef<HTMLPreElement>(null);
  const wrap = useCodeWrap();
  // While the editor has focus its highlighted layer wraps exactly as the textarea does.
  const [editing, setEditing] = useState(false);
  const editorId = useId();
  const limitId = useId();
  const edited = draft !== code.source;
  const runnable = !code.cpythonOnly;

  async function copy() {
    try {
      await navigator.clipboard.writeText(draft);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
    setTimeout(() => setCopied('idle'), 1500);
  }

  function start() {
    setRanSource(draft);
    void run(draft);
  }

  function reset() {
    clear();
    setDraft(code.source);
    setRanSource(undefined);
  }

  function onEditorKeyDown(event: React.KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (!busy) start();
    } else if (event.key === 'Escape') {
      // Esc leaves the editor; it must not also close the card and lose the edit.
      event.stopPropagation();
      event.currentTarget.blur();
    }
  }

  // A run that ended by itself is compared with the card's output, edited or not: that is
  // how an edit shows what it changed.
  const finished = view.phase === 'finished' && view.result.exitCode !== undefined ? view.result : undefined;
  const comparison = finished ? compareOutput(code.output, outputText(finished.output)) : undefined;
  const comparedWith = ranSource === code.source ? "the card's output" : "the card's output (the code was edited)";

  const highlighted = (
    <PythonSource
      source={runnable ? draft : code.source}
      preRef={highlightRef}
      testId="code-source"
      hidden={runnable}
      {...(runnable && wrap && editing ? { layout: 'plain' as const } : {})}
      className={`${codeTextClass} ${runnable ? 'overflow-hidden' : ''} rounded-lg border border-zinc-200 dark:border-zinc-800`}
    />
  );

  return (
    <section aria-label="Code example" className="flex flex-col gap-1">
      <div className="flex flex-wrap items-center justify-between gap-1 text-xs text-zinc-600 dark:text-zinc-400">
        <label htmlFor={runnable ? editorId : undefined}>
          Python{code.minPython ? ` ${code.minPython}+` : ''}
          {edited && <span className="ml-1 font-medium text-amber-700 dark:text-amber-300">(edited)</span>}
        </label>
        <div className="flex flex-wrap items-center gap-1">
          <CodeWrapToggle className={buttonClass} />
          {runnable && (
            <>
              <RunProgress view={view} />
              <button type="button" onClick={start} disabled={busy} className={buttonClass}>
                Run
              </button>
              <button type="button" onClick={stop} disabled={!busy} className={buttonClass}>
                Stop
              </button>
              <button type="button" onClick={reset} disabled={!edited && view.phase === 'idle'} className={buttonClass}>
                Reset
              </button>
            </>
          )}
          <button type="button" onClick={copy} className={buttonClass}>
            {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Copy failed' : 'Copy'}
          </button>
        </div>
      </div>
      {runnable ? (
        <div className="relative">
          {highlighted}
          <textarea
            id={editorId}
            aria-label="Python code (editable; Ctrl+Enter runs it)"
            data-testid="code-editor"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={onEditorKeyDown}
            onFocus={() => setEditing(true)}
            onBlur={() => setEditing(false)}
            onScroll={(event) => {
              if (highlightRef.current) {
                highlightRef.current.scrollLeft = event.currentTarget.scrollLeft;
                highlightRef.current.scrollTop = event.currentTarget.scrollTop;
              }
            }}
            spellCheck={false}
            autoCapitalize="off"
            autoComplete="off"
            wrap={wrap ? 'soft' : 'off'}
            className={`${codeTextClass} ${wrap ? 'output-wrap overflow-hidden' : 'overflow-auto whitespace-pre'} absolute inset-0 h-full w-full resize-none rounded-lg border border-transparent bg-transparent text-transparent caret-zinc-900 focus-visible:outline-2 focus-visible:outline-sky-600 dark:caret-zinc-100`}
          />
        </div>
      ) : (
        highlighted
      )}
      {runnable ? (
        <div className="flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
          <label htmlFor={limitId}>Time limit</label>
          <select
            id={limitId}
            value={timeLimit}
            onChange={(event) => setTimeLimit(Number(event.target.value))}
            className="rounded border border-zinc-300 bg-white px-1 py-0.5 text-xs focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-zinc-700 dark:bg-zinc-900"
          >
            {TIME_LIMIT_CHOICES_MS.map((ms) => (
              <option key={ms} value={ms}>
                {ms / 1000} s
              </option>
            ))}
          </select>
        </div>
      ) : (
        <p data-testid="cpython-only" className="text-xs text-zinc-600 dark:text-zinc-400">
          Runs only in CPython, not in the panel: this snippet {code.cpythonOnly}.
        </p>
      )}
      {view.phase !== 'idle' && <RunOutput view={view} timeLimitMs={timeLimit} comparison={comparison} comparedWith={comparedWith} />}
      <div className="text-xs text-zinc-600 dark:text-zinc-400">{view.phase === 'idle' ? 'Output' : "The card's output"}</div>
      <pre
        data-testid="code-output"
        {...(wrap ? {} : { tabIndex: 0, 'aria-label': "The card's output" })}
        className={`${wrap ? 'output-wrap' : 'overflow-x-auto'} rounded-lg bg-zinc-100 p-3 text-xs leading-relaxed text-zinc-800 dark:bg-zinc-900 dark:text-zinc-200`}
      >
        {code.output}
      </pre>
    </section>
  );
}
