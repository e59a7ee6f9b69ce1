import type { PendingLookup } from '@/utils/pending-lookup';

const noticeClass = 'rounded-lg border px-3 py-2 text-xs';
const info = `${noticeClass} border-sky-200 bg-sky-50 text-sky-900 dark:border-sky-900 dark:bg-sky-950/50 dark:text-sky-100`;
const warn = `${noticeClass} border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100`;

/** Says where the query came from and how well it matched: a selection lookup never pretends. */
export function LookupNotice({ lookup, weak, hasResults }: { lookup: PendingLookup; weak: boolean; hasResults: boolean }) {
  if (lookup.problem) return <p role="status" className={warn}>{lookup.problem}</p>;
  if (!lookup.text) {
    return (
      <p role="status" className={info}>
        No text was selected. Highlight some text on the page first, or type your question above.
      </p>
    );
  }
  return (
    <p role="status" className={weak || !hasResults ? warn : info}>
      Looked up your selection{lookup.truncated ? ' (long, so only its beginning was used)' : ''}.
      {!hasResults ? ' Nothing in the asyncio cards matches it closely.' : weak ? ' Only a partial match: the best card covers part of it.' : ''}
    </p>
  );
}
