import { useEffect, useState } from 'react';
import type { KnowledgeBase } from '@/knowledge/schema';
import type { BackupFile } from '@/utils/backup';
import type { StorageState, UserData } from '@/utils/database';
import { MAX_DAILY_NEW_LIMIT } from '@/utils/drill';
import { describeInterview, formatInterviewDay, interviewDayProblem, localDay, localDayAfter, MAX_INTERVIEW_DAYS_AHEAD, upcomingInterview } from '@/utils/interview-date';
import { downloadBackup, loadBackup } from '../shared/download-backup';
import type { UserProgressApi } from '../shared/use-user-progress';
import { buttonClass, inputClass, primaryButtonClass, sectionTitleClass } from '../shared/ui';

interface DataViewProps {
  knowledgeBase: KnowledgeBase;
  storage: StorageState | undefined;
  user: UserProgressApi;
}


type ImportState =
  | { step: 'idle' }
  | { step: 'invalid'; fileName: string; problems: string[] }
  | { step: 'confirm'; fileName: string; backup: BackupFile; data: UserData }
  | { step: 'failed'; message: string }
  | { step: 'done'; fileName: string };

function describeSyncStatus(status: UserProgressApi['syncStatus']): string {
  switch (status.state) {
    case 'off':
      return 'Sync is off: progress stays in this browser.';
    case 'idle':
      return '';
    case 'synced':
      return `Synced at ${new Date(status.at).toLocaleTimeString()}.`;
    case 'problem':
      return status.reason;
  }
}

const noticeClass = 'rounded-lg border px-3 py-2 text-sm';

function describeStoredInterview(day: string | undefined, now: number): string {
  if (day === undefined) return 'Not set. With a date, the drill brings forward what you would forget by that day.';
  const upcoming = upcomingInterview(day, now);
  if (!upcoming) return `Your interview on ${formatInterviewDay(day)} has passed: the drill is back to its normal schedule.`;
  return `${describeInterview(upcoming)}. The drill brings forward the cards you would otherwise forget by then.`;
}

/** Settings, and the user's data: export to one JSON file, import (checked first, then replacing). */
export function DataView({ knowledgeBase, storage, user }: DataViewProps) {
  const [importState, setImportState] = useState<ImportState>({ step: 'idle' });
  const [exportMessage, setExportMessage] = useState<string>();
  const [limitText, setLimitText] = useState(String(user.dailyNewLimit));
  // Follows the stored value when it loads or an import changes it.
  useEffect(() => setLimitText(String(user.dailyNewLimit)), [user.dailyNewLimit]);
  const db = storage?.status === 'ready' ? storage.db : undefined;
  const limitValid = /^\d+$/.test(limitText) && Number(limitText) <= MAX_DAILY_NEW_LIMIT;
  const storedDate = user.progress.interviewDate;
  const [dateText, setDateText] = useState(storedDate ?? '');
  useEffect(() => setDateText(storedDate ?? ''), [storedDate]);
  const now = Date.now();
  // A date input gives "" until a whole day is entered: nothing to complain about yet. The stored
  // day itself is not a mistake once it has passed; the status below says so.
  const dateProblem = dateText === '' || dateText === storedDate ? undefined : interviewDayProblem(dateText, now);

  async function exportAll() {
    if (!db) return;
    try {
      const backup = await downloadBackup(db, knowledgeBase);
      setExportMessage(`Exported ${backup.data.reviewStates.length} review states, ${backup.data.reviewLog.length} reviews, ${backup.data.bookmarks.length} bookmarks and ${backup.data.history.length} lookups.`);
    } catch (error) {
      setExportMessage(`The export failed (${String(error)}).`);
    }
  }

  async function chooseFile(file: File | undefined) {
    if (!file) return;
    const { checkBackup } = await loadBackup();
    const check = checkBackup(await file.text(), knowledgeBase.cards);
    setImportState(check.ok ? { step: 'confirm', fileName: file.name, backup: check.backup, data: check.data } : { step: 'invalid', fileName: file.name, problems: check.problems });
  }

  async function applyImport(state: Extract<ImportState, { step: 'confirm' }>) {
    try {
      await user.replaceAll(state.data, knowledgeBase.cards);
      setImportState({ step: 'done', fileName: state.fileName });
    } catch (error) {
      setImportState({ step: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <div className="flex flex-col gap-5">
      <section aria-labelledby="settings-title" className="flex flex-col gap-2">
        <h2 id="settings-title" className={sectionTitleClass}>
          Settings
        </h2>
        <form
          className="flex items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (limitValid) user.setDailyNewLimit(Number(limitText));
          }}
        >
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium">New cards a day</span>
            <input
              type="number"
              min={0}
              max={MAX_DAILY_NEW_LIMIT}
              value={limitText}
              onChange={(event) => setLimitText(event.target.value)}
              aria-invalid={!limitValid}
              aria-describedby="limit-help"
              className={`${inputClass} w-24`}
            />
          </label>
          <button type="submit" className={buttonClass} disabled={!limitValid || Number(limitText) === user.dailyNewLimit}>
            Save
          </button>
        </form>
        <p id="limit-help" className="text-xs text-zinc-600 dark:text-zinc-400">
          {limitValid ? `Now ${user.dailyNewLimit}. Due reviews are never limited.` : `A whole number from 0 to ${MAX_DAILY_NEW_LIMIT}.`}
        </p>
        <form
          className="mt-2 flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (dateText !== '' && !dateProblem) user.setInterviewDate(dateText);
          }}
        >
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium">Interview date</span>
            <input
              type="date"
              min={localDay(now)}
              max={localDayAfter(now, MAX_INTERVIEW_DAYS_AHEAD)}
              value={dateText}
              onChange={(event) => setDateText(event.target.value)}
              aria-invalid={dateProblem !== undefined}
              aria-describedby="interview-date-help"
              className={inputClass}
            />
          </label>
          <button type="submit" className={buttonClass} disabled={dateText === '' || dateProblem !== undefined || dateText === storedDate}>
            Set date
          </button>
          <button
            type="button"
            className={buttonClass}
            disabled={storedDate === undefined}
            onClick={() => {
              user.setInterviewDate(null);
              setDateText('');
            }}
          >
            Clear date
          </button>
        </form>
        <p
          id="interview-date-help"
          aria-live="polite"
          className={`text-xs ${dateProblem ? 'font-medium text-rose-800 dark:text-rose-300' : 'text-zinc-600 dark:text-zinc-400'}`}
        >
          {dateProblem ?? describeStoredInterview(storedDate, now)}
        </p>
      </section>

      <section aria-labelledby="sync-title" className="flex flex-col gap-2">
        <h2 id="sync-title" className={sectionTitleClass}>
          Sync
        </h2>
        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            className="mt-0.5 size-5"
            checked={user.progress.syncEnabled}
            onChange={(event) => user.setSyncEnabled(event.target.checked)}
            aria-describedby="sync-help"
          />
          Sync reviews, bookmarks and settings between my browsers
        </label>
        <p id="sync-help" className="text-xs text-zinc-600 dark:text-zinc-400">
          Uses your browser’s own sync (your Google or Firefox account, if it is on); nothing goes to us.
        </p>
        <p role="status" className="text-xs" data-testid="sync-status">
          {describeSyncStatus(user.syncStatus)}
        </p>
      </section>

      <section aria-labelledby="backup-title" className="flex flex-col gap-2">
        <h2 id="backup-title" className={sectionTitleClass}>
          Your data
        </h2>
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          Review progress, review log, bookmarks, history and settings stay in this browser. Export them to one JSON file to keep a copy or move them to
          another browser.
        </p>
        <div className="flex flex-wrap gap-2">
          <button type="button" className={primaryButtonClass} disabled={!db} onClick={() => void exportAll()}>
            Export…
          </button>
          <label className={`${buttonClass} cursor-pointer focus-within:outline-2 focus-within:outline-sky-600 ${db ? '' : 'pointer-events-none opacity-50'}`}>
            Import…
            <input
              type="file"
              accept="application/json,.json"
              className="sr-only"
              disabled={!db}
              onChange={(event) => {
                void chooseFile(event.target.files?.[0]);
                event.target.value = '';
              }}
            />
          </label>
        </div>
        {!db && <p className="text-xs text-zinc-600 dark:text-zinc-400">Export and import need the browser storage, which is not available.</p>}
        {exportMessage && (
          <p role="status" className="text-sm text-zinc-700 dark:text-zinc-300">
            {exportMessage}
          </p>
        )}
        {importState.step === 'invalid' && (
          <div role="alert" className={`${noticeClass} border-rose-300 bg-rose-50 text-rose-900 dark:border-rose-800 dark:bg-rose-950/50 dark:text-rose-100`}>
            <p className="font-medium">“{importState.fileName}” was not imported; nothing was changed.</p>
            <ul className="mt-1 list-disc pl-5">
              {importState.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </div>
        )}
        {importState.step === 'failed' && (
          <p role="alert" className={`${noticeClass} border-rose-300 bg-rose-50 text-rose-900 dark:border-rose-800 dark:bg-rose-950/50 dark:text-rose-100`}>
            {importState.message}
          </p>
        )}
        {importState.step === 'confirm' && (
          <div role="alertdialog" aria-labelledby="import-confirm-title" className={`${noticeClass} flex flex-col gap-2 border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-50`}>
            <p id="import-confirm-title" className="font-medium">
              Replace all your progress with “{importState.fileName}”?
            </p>
            <p>
              It holds {importState.data.reviewStates.length} review states, {importState.data.reviewLog.length} reviews, {importState.data.bookmarks.length}{' '}
              bookmarks and {importState.data.history.length} lookups, exported {new Date(importState.backup.exportedAt).toLocaleString()}. What is stored
              now is replaced (export it first to keep it).
            </p>
            <div className="flex gap-2">
              <button type="button" className={primaryButtonClass} onClick={() => void applyImport(importState)}>
                Replace my progress
              </button>
              <button type="button" className={buttonClass} onClick={() => setImportState({ step: 'idle' })}>
                Cancel
              </button>
            </div>
          </div>
        )}
        {importState.step === 'done' && (
          <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
            Imported “{importState.fileName}”.
          </p>
        )}
      </section>
    </div>
  );
}
