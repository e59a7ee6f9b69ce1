import { useSyncExternalStore } from 'react';

/** Code and output wrap by default; the no-wrap choice lasts for the browser session. */
const STORAGE_KEY = 'copilot:code-wrap';
const listeners = new Set<() => void>();

function readWrap(): boolean {
  try {
    return sessionStorage.getItem(STORAGE_KEY) !== 'off';
  } catch {
    return true;
  }
}

let wrap = readWrap();

export function setCodeWrap(next: boolean): void {
  wrap = next;
  try {
    sessionStorage.setItem(STORAGE_KEY, next ? 'on' : 'off');
  } catch {
    // Storage refused: the choice lasts until the panel closes.
  }
  for (const notify of listeners) notify();
}

/** Whether code wraps, shared by every code block of the panel. */
export function useCodeWrap(): boolean {
  return useSyncExternalStore(
    (notify) => {
      listeners.add(notify);
      return () => listeners.delete(notify);
    },
    () => wrap,
  );
}
