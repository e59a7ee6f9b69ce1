import type { SearchResult } from '@/utils/search';
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

export function ResultList({ results, selectedIndex, onOpen, onHover, label }: ResultListProps) {
  return (
    <ul id="copilot-results" role="listbox" aria-label={label} className="flex flex-col gap-1">
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
            onMouseEnter={() => onHover(index)}
            className={`cursor-pointer rounded-lg border px-3 py-2 ${
              selected
                ? 'border-sky-600 bg-sky-50 dark:border-sky-500 dark:bg-sky-950/60'
                : 'border-zinc-200 hover:border-zinc-400 dark:border-zinc-800 dark:hover:border-zinc-600'
            }`}
          >
            <div className="flex items-start justify-between gap-2">
              <span className="text-sm font-semibold">{result.card.title}</span>
              <CardBadges card={result.card} />
            </div>
            <p className="mt-0.5 line-clamp-2 text-xs text-zinc-600 dark:text-zinc-400">
              <HighlightedText text={result.card.answer} terms={NO_TERMS} />
            </p>
            {result.strength === 'weak' && (
              <p className="mt-1 text-[11px] font-medium text-amber-700 dark:text-amber-400">Partial match</p>
            )}
          </li>
        );
      })}
    </ul>
  );
}
