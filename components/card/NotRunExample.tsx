import type { Card } from '@/knowledge/schema';
import { PythonSource } from '../shared/PythonSource';

/** A third-party example (FastAPI, asyncpg, ...) shown as code only: it is never offered Run. */
export function NotRunExample({ example }: { example: NonNullable<Card['example']> }) {
  return (
    <section aria-labelledby="example-title" className="flex flex-col gap-1">
      <h3 id="example-title" className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">
        Example with a third-party library
      </h3>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">Not run here: {example.notRun}</p>
      {example.language === 'python' ? (
        <PythonSource source={example.source} label="Example code (not run)" />
      ) : (
        <pre aria-label="Example (not run)" className="output-wrap rounded-lg border border-zinc-200 p-3 text-xs leading-relaxed dark:border-zinc-800">
          {example.source}
        </pre>
      )}
    </section>
  );
}
