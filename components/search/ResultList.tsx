import { useEffect, useRef } from 'react';
import type { SearchResult } from '@/utils/search';
import { NAV_ITEM } from '../shared/arrow-navigation';
import { CardBadges } from '../shared/CardBadges';
import { HighlightedText } from '../shared/HighlightedText';

const NO_TERMS: ReadonlySet<string> = new Set();

interface ResultListProps {
  results: SearchResult[];
  selectedIndex: number;
  onOpen(index: number): void;
  onHover(index: number): void;
  label: string;
}

export const resultOptionId = (index: number) => `copilot-result-${index}`;
export const RESULT_LIST_ID = 'copilot-results';

const rowClass = 'block w-full cursor-pointer rounded-lg border px-3 py-1.5 text-left';
const idleRowClass = 'border-zinc-200 hover:border-zinc-400 dark:border-zinc-800 dark:hover:border-zinc-600';

/** One result, compact: the title (at most two lines), then its badges inline with the answer's start. */
function ResultSummary({ result, idPrefix }: { result: SearchResult; idPrefix?: string }) {
  return (
    <>
      <span id={idPrefix && `${idPrefix}-title`} className="line-clamp-2 text-sm font-semibold [overflow-wrap:break-word]">
        {result.card.title}
      </span>
      <span id={idPrefix && `${idPrefix}-summary`} className="mt-0.5 line-clamp-2 text-xs text-zinc-600 dark:text-zinc-400">
        <CardBadges card={result.card} />{' '}
        {result.strength === 'weak' && <span className="font-medium text-amber-800 dark:text-amber-300">Partial match · </span>}
        <HighlightedText text={result.card.answer} terms={NO_TERMS} />
      </span>
    </>
  );
}

/** The results of the query as a listbox driven from the search box (aria-activedescendant). */
export function ResultList({ results, selectedIndex, onOpen, onHover, label }: ResultListProps) {
  const listRef = useRef<HTMLUListElement>(null);
  const shownIndex = useRef(selectedIndex);
  // The active option stays on screen as ↑ ↓ move it (not on the first render: the list starts at the top).
  useEffect(() => {
    if (shownIndex.current === selectedIndex) return;
    shownIndex.current = selectedIndex;
    listRef.current?.querySelector(`#${resultOptionId(selectedIndex)}`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedIndex]);
  return (
    <ul ref={listRef} id={RESULT_LIST_ID} role="listbox" aria-label={label} className="flex flex-col gap-1">
      {results.map((result, index) => {
        const selected = index === selectedIndex;
        return (
          <li
            key={result.card.id}
            id={resultOptionId(index)}
            role="option"
            aria-selected={selected}
            data-card-id={result.card.id}
            data-concept={result.card.concept}
            onClick={() => onOpen(index)}
            // Moving over a row selects it; a row that appears under a still pointer does not.
            onMouseMove={() => { if (index !== selectedIndex) onHover(index); }}
            className={`${rowClass} ${selected ? 'border-sky-600 bg-sky-50 dark:border-sky-500 dark:bg-sky-950/60' : idleRowClass}`}
          >
            <ResultSummary result={result} />
          </li>
        );
      })}
    </ul>
  );
}

/** The query's other results under an open card: buttons in the tab order, ↑ ↓ move between them. */
export function OtherMatches({ results, onOpen }: { results: SearchResult[]; onOpen(cardId: string): void }) {
  return (
    <section aria-labelledby="other-matches-title" className="flex flex-col gap-1 border-t border-zinc-200 pt-3 dark:border-zinc-800">
      <h3 id="other-matches-title" className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">
        Other matches
      </h3>
      <ul aria-label="Other matches" className="flex flex-col gap-1">
        {results.map((result) => (
          <li key={result.card.id} data-card-id={result.card.id} data-concept={result.card.concept}>
            {/* Named by its title (the visible label), described by the rest of the row. */}
            <button
              type="button"
              aria-labelledby={`other-${result.card.id}-title`}
              aria-describedby={`other-${result.card.id}-summary`}
              {...NAV_ITEM}
              onClick={() => onOpen(result.card.id)}
              className={`${rowClass} ${idleRowClass} focus-visible:outline-2 focus-visible:outline-sky-600 dark:focus-visible:outline-sky-400`}
            >
              <ResultSummary result={result} idPrefix={`other-${result.card.id}`} />
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
