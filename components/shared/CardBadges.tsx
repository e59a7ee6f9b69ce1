import type { Card } from '@/knowledge/schema';

const KIND_STYLE: Record<Card['kind'], string> = {
  concept: 'bg-sky-100 text-sky-900 dark:bg-sky-900/50 dark:text-sky-100',
  question: 'bg-violet-100 text-violet-900 dark:bg-violet-900/50 dark:text-violet-100',
  trap: 'bg-rose-100 text-rose-900 dark:bg-rose-900/50 dark:text-rose-100',
  comparison: 'bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100',
  practice: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/50 dark:text-emerald-100',
};

export function CardBadges({ card }: { card: Card }) {
  return (
    <span className="inline-flex flex-wrap gap-1 text-[11px] font-medium">
      <span className={`rounded px-1.5 py-0.5 ${KIND_STYLE[card.kind]}`}>{card.kind}</span>
      <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">{card.level}</span>
    </span>
  );
}
