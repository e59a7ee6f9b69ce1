import { useEffect, useState } from 'react';
import type { CopilotDatabase, UserProgress } from '@/utils/database';
import { syncProgress, type SyncResult } from '@/utils/sync';

/** Local changes are pushed this long after the last one: well inside 120 writes a minute. */
const PUSH_DELAY_MS = 3_000;

export type SyncStatus = { state: 'off' } | { state: 'idle' } | { state: 'synced'; at: number } | { state: 'problem'; reason: string };

/**
 * Keeps this browser's progress merged with the browser's own sync area: on open, a few
 * seconds after a local change, and whenever another browser's changes arrive.
 */
export function useProgressSync(db: CopilotDatabase | undefined, progress: UserProgress, loaded: boolean): SyncStatus {
  const [status, setStatus] = useState<SyncStatus>({ state: 'idle' });
  const enabled = progress.syncEnabled;
  const area = typeof browser !== 'undefined' ? browser.storage?.sync : undefined;

  useEffect(() => {
    if (!db || !loaded || !area) return;
    if (!enabled) {
      setStatus({ state: 'off' });
      return;
    }
    let live = true;
    const run = async () => {
      const result: SyncResult = await syncProgress(db, area);
      if (live) setStatus(result.ok ? { state: 'synced', at: Date.now() } : { state: 'problem', reason: result.reason });
    };
    const timer = setTimeout(() => void run(), PUSH_DELAY_MS);
    const onChanged = (_changes: unknown, areaName: string) => {
      if (areaName === 'sync') void run();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      live = false;
      clearTimeout(timer);
      browser.storage.onChanged.removeListener(onChanged);
    };
    // Re-run after any change to the stored progress (the live query hands a new object).
  }, [db, loaded, enabled, area, progress]);

  return status;
}
