/** Says that progress is not being saved: storage could not be opened, or a write failed (e.g. a full disk);
 * or, more quietly, that saving waits for a database that is slow to open. */
export function StorageNotice({ reason, delayed }: { reason: string | undefined; delayed?: string | undefined }) {
  if (!reason) {
    return delayed ? (
      <p role="status" className="rounded-lg border border-zinc-300 px-3 py-2 text-xs dark:border-zinc-700">
        {delayed}
      </p>
    ) : null;
  }
  return (
    <p
      role="alert"
      className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100"
    >
      {reason} Search works from the built-in cards, but progress is not being saved.
    </p>
  );
}
