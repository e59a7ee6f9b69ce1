import type { StorageState } from '@/utils/database';

export function StorageNotice({ state }: { state: StorageState }) {
  if (state.status === 'ready') return null;
  return (
    <p
      role="alert"
      className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100"
    >
      {state.reason} Search works from the built-in cards, but progress will not be saved.
    </p>
  );
}
