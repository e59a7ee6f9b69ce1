import type { KnowledgeBase } from '@/knowledge/schema';
import { readUserData, type CopilotDatabase } from '@/utils/database';

// The backup module (and zod with it) loads only when the user exports or imports, keeping it out of the panel's start-up JavaScript.
export const loadBackup = () => import('@/utils/backup');

/** Writes everything the user owns, as stored, to a downloaded JSON file; returns what it wrote. */
export async function downloadBackup(db: CopilotDatabase, knowledgeBase: KnowledgeBase) {
  const { backupFileName, createBackup } = await loadBackup();
  const now = Date.now();
  const backup = createBackup(await readUserData(db), knowledgeBase.cards, knowledgeBase.version, now);
  const url = URL.createObjectURL(new Blob([JSON.stringify(backup, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = backupFileName(now);
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return backup;
}
