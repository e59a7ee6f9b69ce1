import { useRef } from 'react';

export const TABS = [
  { id: 'search', label: 'Search' },
  { id: 'drill', label: 'Drill' },
  { id: 'interview', label: 'Interview' },
  { id: 'progress', label: 'Progress' },
  { id: 'saved', label: 'Saved' },
  { id: 'data', label: 'Data' },
] as const;

export type TabId = (typeof TABS)[number]['id'];

export const tabPanelId = (tab: TabId) => `copilot-tabpanel-${tab}`;
export const tabId = (tab: TabId) => `copilot-tab-${tab}`;

/** The panel's top-level views as a WAI-ARIA tab list: arrows, Home and End move between tabs. */
export function TabNav({ current, onChange }: { current: TabId; onChange(tab: TabId, fromKeyboard: boolean): void }) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);

  function onKeyDown(event: React.KeyboardEvent, index: number) {
    const last = TABS.length - 1;
    const next =
      event.key === 'ArrowRight' ? (index === last ? 0 : index + 1)
      : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : undefined;
    if (next === undefined) return;
    event.preventDefault();
    onChange(TABS[next]!.id, true);
    refs.current[next]?.focus();
  }

  return (
    <nav aria-label="Views" className="@container">
      {/* One row while the six fit (300 px: the labels in the widest common UI font, DejaVu Sans);
          narrower (Firefox's 240 px sidebar, 200 % zoom), two rows of three, then three of two:
          every tab whole, in rows that fill the width. */}
      <div
        role="tablist"
        aria-label="Views"
        className="flex flex-wrap gap-0.5 text-xs font-medium @max-[18.75rem]:grid @max-[18.75rem]:grid-cols-3 @max-[12.25rem]:grid-cols-2"
      >
        {TABS.map((tab, index) => {
          const selected = tab.id === current;
          return (
            <button
              key={tab.id}
              ref={(element) => {
                refs.current[index] = element;
              }}
              id={tabId(tab.id)}
              type="button"
              role="tab"
              aria-selected={selected}
              // Only the selected tab's panel exists, so only it names one.
              aria-controls={selected ? tabPanelId(tab.id) : undefined}
              tabIndex={selected ? 0 : -1}
              onClick={() => onChange(tab.id, false)}
              onKeyDown={(event) => onKeyDown(event, index)}
              className={`min-h-6 flex-auto rounded-md px-1 py-1 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-600 dark:focus-visible:outline-sky-400 ${
                selected
                  ? 'bg-sky-700 text-white'
                  : 'text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800'
              }`}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
    </nav>
  );
}
