import { useSyncExternalStore } from 'react';

const query = '(prefers-color-scheme: dark)';

/** Follows the system theme (the code highlighter needs it as a value, not a CSS variant). */
export function usePrefersDark(): boolean {
  return useSyncExternalStore(
    (notify) => {
      const media = window.matchMedia(query);
      media.addEventListener('change', notify);
      return () => media.removeEventListener('change', notify);
    },
    () => window.matchMedia(query).matches,
  );
}
