import type { Card } from '@/knowledge/schema';
import type { OtherLanguage } from '@/utils/search';

const EXAMPLES = [
  'gather vs wait',
  'semaphre',
  'Task was destroyed but it is pending!',
  'asyncio.run() cannot be called from a running event loop',
  'how do I stop a task after 3 seconds',
];

function ExampleQueries({ onPick }: { onPick(query: string): void }) {
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label="Example questions">
      {EXAMPLES.map((example) => (
        <li key={example}>
          <button
            type="button"
            onClick={() => onPick(example)}
            className="min-h-6 rounded-full border border-zinc-300 px-2.5 py-1 text-left text-xs hover:border-sky-600 hover:text-sky-700 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-zinc-700 dark:hover:text-sky-300"
          >
            {example}
          </button>
        </li>
      ))}
    </ul>
  );
}

export function EmptyState({ onPick }: { onPick(query: string): void }) {
  return (
    <div className="flex flex-col gap-3 text-sm text-zinc-700 dark:text-zinc-300">
      <p>Type a question, an API name or an error message — or highlight text on any page, right-click and choose “Look up in asyncio Copilot” (Alt+Shift+K).</p>
      <ExampleQueries onPick={onPick} />
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Keys: <kbd>/</kbd> search · <kbd>↑</kbd> <kbd>↓</kbd> move · <kbd>Enter</kbd> open · <kbd>Esc</kbd> back
      </p>
    </div>
  );
}

interface NoMatchProps {
  query: string;
  onPick(query: string): void;
  /** Set when the text reads like another language's async code or docs. */
  otherLanguage?: OtherLanguage;
  /** The card of the nearest Python concept, when there is one. */
  nearestCard?: Card;
  onOpenCard(cardId: string): void;
}

export function NoMatch({ query, onPick, otherLanguage, nearestCard, onOpenCard }: NoMatchProps) {
  const shown = query.length > 80 ? `${query.slice(0, 80)}…` : query;
  if (otherLanguage) {
    return (
      <div role="status" className="flex flex-col gap-3 text-sm text-zinc-700 dark:text-zinc-300">
        <p>
          This reads like {otherLanguage.language}’s {otherLanguage.asyncModel} — this knowledge base covers Python’s asyncio.
        </p>
        {nearestCard && (
          <p>
            Nearest Python concept:{' '}
            <button
              type="button"
              onClick={() => onOpenCard(nearestCard.id)}
              className="font-medium text-sky-700 underline hover:text-sky-900 focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-sky-300"
            >
              {nearestCard.title}
            </button>
          </p>
        )}
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-3 text-sm text-zinc-700 dark:text-zinc-300">
      <p>
        No close match for <q className="font-medium">{shown}</q>. This knowledge base covers Python’s asyncio: try an API
        name, an error message or a question.
      </p>
      <ExampleQueries onPick={onPick} />
    </div>
  );
}
