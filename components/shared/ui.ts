/** Shared Tailwind classes so the views look and focus alike in light and dark themes.
 * Every target is at least 24×24 px (WCAG 2.5.8); white text sits on sky-700 or darker (≥ 4.5:1). */
export const buttonClass =
  'min-h-6 rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium text-zinc-800 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-600 disabled:opacity-50 dark:border-zinc-700 dark:text-zinc-100 dark:hover:bg-zinc-800';
export const primaryButtonClass =
  'min-h-6 rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:opacity-50 dark:bg-sky-700 dark:hover:bg-sky-800 dark:focus-visible:outline-sky-400';
export const linkClass =
  'min-h-6 py-0.5 text-left text-sm text-sky-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-sky-300 dark:focus-visible:outline-sky-400';
export const sectionTitleClass = 'text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400';
export const inputClass =
  'min-h-6 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm text-zinc-900 focus:border-sky-600 focus:outline-none focus:ring-2 focus:ring-sky-600/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100';
