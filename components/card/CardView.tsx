import { useEffect, useRef } from 'react';
import type { Card } from '@/knowledge/schema';
import { CardBadges } from '../shared/CardBadges';
import { CodeBlock } from './CodeBlock';
import { NotRunExample } from './NotRunExample';
import { HighlightedText } from '../shared/HighlightedText';
import { linkClass } from '../shared/ui';
import { NAV_ITEM } from '../shared/arrow-navigation';
import { usePaintedOnce } from '../shared/after-next-paint';

interface CardViewProps {
  card: Card;
  matchedTerms: ReadonlySet<string>;
  related: Card[];
  titleOf(cardId: string): string | undefined;
  onOpenCard(cardId: string): void;
  onBack(): void;
  backLabel: string;
  bookmarked: boolean;
  onToggleBookmark(): void;
}

export function CardView({ card, matchedTerms, related, titleOf, onOpenCard, onBack, backLabel, bookmarked, onToggleBookmark }: CardViewProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [card.id]);
  // The answer and points come first; the code, the follow-ups and the related cards (below
  // the fold in a 725 px panel) a frame later.
  const restShown = usePaintedOnce();

  return (
    <article aria-labelledby="card-title" data-card-id={card.id} data-concept={card.concept} className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-x-2">
        <button type="button" onClick={onBack} className={linkClass}>
          ← {backLabel} <span className="text-xs text-zinc-600 dark:text-zinc-400">(Esc)</span>
        </button>
        <button
            type="button"
            aria-pressed={bookmarked}
            onClick={onToggleBookmark}
            className="min-h-6 shrink-0 rounded px-2 py-0.5 text-xs font-medium text-sky-700 hover:bg-sky-50 focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-sky-300 dark:hover:bg-sky-950"
          >
          {bookmarked ? '★ Bookmarked' : '☆ Bookmark'}
        </button>
      </div>
      <header className="flex flex-col gap-1">
        <h2 id="card-title" ref={headingRef} tabIndex={-1} elementtiming="card-title" className="text-base font-semibold [overflow-wrap:break-word] focus:outline-none">
          {card.title}
        </h2>
        <CardBadges card={card} />
      </header>
      <p data-testid="card-answer" className="text-sm leading-relaxed">
        <HighlightedText text={card.answer} terms={matchedTerms} />
      </p>
      <ul className="flex list-disc flex-col gap-1 pl-5 text-sm leading-snug text-zinc-800 dark:text-zinc-200">
        {card.points.map((point, i) => (
          <li key={i}>
            <HighlightedText text={point} terms={matchedTerms} />
          </li>
        ))}
      </ul>
      {restShown && (
        <>
      {card.code && <CodeBlock code={card.code} />}
      {card.example && <NotRunExample example={card.example} />}
      <section aria-labelledby="follow-ups-title" className="flex flex-col gap-1">
        <h3 id="follow-ups-title" className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">
          The interviewer asks next
        </h3>
        <ul className="flex flex-col gap-1">
          {card.followUps.map((followUp) => (
            <li key={followUp.card + followUp.question}>
              <button type="button" className={linkClass} data-follow-up={followUp.card} {...NAV_ITEM} onClick={() => onOpenCard(followUp.card)}>
                {followUp.question}
              </button>
              <span className="sr-only"> (opens {titleOf(followUp.card)})</span>
            </li>
          ))}
        </ul>
      </section>
      {related.length > 0 && (
        <section aria-labelledby="related-title" className="flex flex-col gap-1">
          <h3 id="related-title" className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">
            Related cards
          </h3>
          <ul className="flex flex-col gap-1">
            {related.map((other) => (
              <li key={other.id}>
                <button type="button" className={linkClass} {...NAV_ITEM} onClick={() => onOpenCard(other.id)}>
                  {other.title}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <footer className="text-xs text-zinc-500 dark:text-zinc-400">
        {card.source === 'beyond the guide' ? 'Beyond the guide' : `From the guide: ${card.source.replace(/^guide: /, '')}`}
      </footer>
        </>
      )}
    </article>
  );
}
