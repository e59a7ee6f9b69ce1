/** Says that progress is not being saved: storage could not be opened, or a write failed (e.g. a full disk). */
export function StorageNotice({ reason }: { reason: string | undefined }) {
  if (!reason) return null;
  return (
    <p
      role="alert"
      className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100"
    >
      {reason} Search works from the built-in cards, but progress is not being saved.
    </p>
  );
}
