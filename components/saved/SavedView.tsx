import { useState } from 'react';
import type { CardCatalog } from '@/utils/card-catalog';
import type { UserProgress } from '@/utils/database';
import { buttonClass, linkClass, sectionTitleClass } from '../shared/ui';

interface SavedViewProps {
  catalog: CardCatalog;
  progress: UserProgress;
  onOpenCard(cardId: string): void;
  onRunQuery(query: string): void;
  onClearHistory(): void;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Bookmarked cards and the lookup history (newest first), each one click from being opened again. */
export function SavedView({ catalog, progress, onOpenCard, onRunQuery, onClearHistory }: SavedViewProps) {
  const [confirmClear, setConfirmClear] = useState(false);
  // Bookmarks of cards no longer shipped stay stored (they return with the card) but are not listed.
  const bookmarks = progress.bookmarks.filter((b) => catalog.byId.has(b.cardId));
  return (
    <div className="flex flex-col gap-4">
      <section aria-labelledby="bookmarks-title" className="flex flex-col gap-1">
        <h2 id="bookmarks-title" className={sectionTitleClass}>
          Bookmarks ({bookmarks.length})
        </h2>
        {bookmarks.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No bookmarks yet. Use ☆ Bookmark on a card to keep it here.</p>
        ) : (
          <ul aria-label="Bookmarked cards" className="flex flex-col gap-1">
            {bookmarks.map((bookmark) => (
              <li key={bookmark.cardId}>
                <button type="button" className={linkClass} onClick={() => onOpenCard(bookmark.cardId)}>
                  {catalog.byId.get(bookmark.cardId)!.title}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="history-title" className="flex flex-col gap-1">
        <div className="flex items-center justify-between">
          <h2 id="history-title" className={sectionTitleClass}>
            History ({progress.history.length})
          </h2>
          {progress.history.length > 0 &&
            (confirmClear ? (
              <span className="flex gap-2">
                <button
                  type="button"
                  className={buttonClass}
                  onClick={() => {
                    onClearHistory();
                    setConfirmClear(false);
                  }}
                >
                  Yes, clear history
                </button>
                <button type="button" className={buttonClass} onClick={() => setConfirmClear(false)}>
                  Keep
                </button>
              </span>
            ) : (
              <button type="button" className={buttonClass} onClick={() => setConfirmClear(true)}>
                Clear history
              </button>
            ))}
        </div>
        {progress.history.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Your last 200 lookups will be listed here.</p>
        ) : (
          <ul aria-label="Lookup history" className="flex flex-col gap-1">
            {progress.history.map((entry) => (
              <li key={`${entry.at}-${entry.query}`} className="flex items-baseline justify-between gap-2">
                <button type="button" className={`${linkClass} truncate`} title={entry.query} onClick={() => onRunQuery(entry.query)}>
                  {entry.query}
                </button>
                <span className="shrink-0 text-xs text-zinc-600 dark:text-zinc-400">
                  {entry.source === 'selection' ? 'selection · ' : ''}
                  {timeFormat.format(entry.at)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
