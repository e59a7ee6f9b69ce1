import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { KnowledgeBase } from '@/knowledge/schema';
import type { CardCatalog } from '@/utils/card-catalog';
import type { StorageState } from '@/utils/database';
import type { DrillScope } from '@/utils/drill';
import type { PendingLookup } from '@/utils/pending-lookup';
import type { CardSearch, SearchResult } from '@/utils/search';
import { CardView } from './card/CardView';
import { EmptyState, NoMatch } from './search/EmptyState';
import { LookupNotice } from './search/LookupNotice';
import { ResultList, resultOptionId } from './search/ResultList';
import { SearchBox } from './search/SearchBox';
import { downloadBackup } from './shared/download-backup';
import { StorageNotice } from './shared/StorageNotice';
import { ViewErrorBoundary } from './shared/ViewErrorBoundary';
import { DataView } from './data/DataView';
import { DrillView } from './drill/DrillView';
import { InterviewView } from './interview/InterviewView';
import { MasteryView } from './progress/MasteryView';
import { SavedView } from './saved/SavedView';
import { TABS, TabNav, tabId, tabPanelId, type TabId } from './shared/TabNav';
import { useUserProgress } from './shared/use-user-progress';

/** A typed query counts as a lookup for history once typing has stopped this long. */
const HISTORY_SETTLE_MS = 1000;

interface AppProps {
  knowledgeBase: KnowledgeBase;
  search: CardSearch;
  catalog: CardCatalog;
  storage: Promise<StorageState>;
  /** The selection that opened the panel, if one did: the first render shows it. */
  initialLookup?: PendingLookup | undefined;
  /** Selections that arrive while the panel is open. */
  subscribeToLookups(onLookup: (lookup: PendingLookup) => void): () => void;
}

function isTypingTarget(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** A selection opens straight on its best card; the other matches are listed under it. */
function trailFor(search: CardSearch, lookup: PendingLookup): string[] {
  const best = search.search(lookup.text).results[0];
  return best ? [best.card.id] : [];
}

export function App({ knowledgeBase, search, catalog, storage, initialLookup, subscribeToLookups }: AppProps) {
  const [tab, setTab] = useState<TabId>('search');
  const [drillScope, setDrillScope] = useState<DrillScope>({ kind: 'all' });
  const [query, setQuery] = useState(initialLookup?.text ?? '');
  const [selectedIndex, setSelectedIndex] = useState(0);
  /** The cards opened, in order; the last one is shown. Empty: the result list is shown. */
  const [trail, setTrail] = useState<string[]>(() => (initialLookup ? trailFor(search, initialLookup) : []));
  const [lookup, setLookup] = useState<PendingLookup | undefined>(initialLookup);
  const [storageState, setStorageState] = useState<StorageState>();
  const searchBoxRef = useRef<HTMLInputElement>(null);
  const user = useUserProgress(storageState);
  const { recordLookup } = user;
  const recordLookupRef = useRef(recordLookup);
  recordLookupRef.current = recordLookup;

  const response = useMemo(() => search.search(query), [search, query]);
  const results = response.results;
  const openCard = trail.length > 0 ? catalog.byId.get(trail[trail.length - 1]!) : undefined;

  useEffect(() => {
    let live = true;
    void storage.then((state) => live && setStorageState(state));
    return () => {
      live = false;
    };
  }, [storage]);

  // Lets the end-to-end test measure how soon a lookup is on screen.
  const markLookupShown = () => requestAnimationFrame(() => performance.mark('copilot:lookup-shown'));
  useEffect(() => {
    if (!initialLookup) return;
    if (initialLookup.text) recordLookupRef.current(initialLookup.text, 'selection');
    markLookupShown();
  }, [initialLookup]);

  useEffect(
    () =>
      subscribeToLookups((incoming) => {
        setTab('search');
        setLookup(incoming);
        setQuery(incoming.text);
        if (incoming.text) recordLookupRef.current(incoming.text, 'selection');
        setSelectedIndex(0);
        setTrail(trailFor(search, incoming));
        markLookupShown();
      }),
    [subscribeToLookups, search],
  );

  const changeQuery = useCallback((value: string) => {
    setQuery(value);
    setSelectedIndex(0);
    setTrail([]);
    setLookup(undefined);
  }, []);

  // A typed query goes into history once the user stops typing (a selection is recorded when it arrives).
  useEffect(() => {
    if (lookup || !query.trim()) return;
    const timer = setTimeout(() => recordLookupRef.current(query, 'typed'), HISTORY_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [query, lookup]);

  const openCardById = useCallback((cardId: string) => setTrail((t) => [...t, cardId]), []);
  /** From the other views: show a card in the search view. */
  const showCard = useCallback((cardId: string) => {
    setTab('search');
    setTrail((t) => [...t, cardId]);
    setLookup(undefined);
  }, []);
  const runQuery = useCallback(
    (text: string) => {
      setTab('search');
      changeQuery(text);
    },
    [changeQuery],
  );
  // The search box takes focus when the panel opens and when Search is clicked; arrowing
  // through the tabs leaves focus on the tabs.
  const searchMounted = useRef(false);
  useEffect(() => {
    searchMounted.current = true;
  }, []);
  const selectTab = useCallback((next: TabId, fromKeyboard: boolean) => {
    setTab(next);
    if (next === 'search' && !fromKeyboard) requestAnimationFrame(() => searchBoxRef.current?.focus());
  }, []);
  const goBack = useCallback(() => {
    setTrail((t) => t.slice(0, -1));
    if (trail.length <= 1) requestAnimationFrame(() => searchBoxRef.current?.focus());
  }, [trail.length]);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key === '/' && !isTypingTarget(event.target)) {
        event.preventDefault();
        setTab('search');
        setTrail([]);
        // After the render that shows the search box again.
        requestAnimationFrame(() => {
          searchBoxRef.current?.focus();
          searchBoxRef.current?.select();
        });
      } else if (event.key === 'Escape' && tab === 'search') {
        if (trail.length > 0) goBack();
        else if (query) changeQuery('');
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [trail.length, query, goBack, changeQuery, tab]);

  function onSearchKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (results.length === 0 || trail.length > 0) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setSelectedIndex((i) => Math.min(results.length - 1, i + 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setSelectedIndex((i) => Math.max(0, i - 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const chosen = results[selectedIndex];
      if (chosen) openCardById(chosen.card.id);
    }
  }

  const matchedTerms = useMemo(() => {
    const match = results.find((r) => r.card.id === openCard?.id);
    return new Set(match?.matchedTerms ?? []);
  }, [results, openCard]);
  // Listed under a card opened from this query's results (not under one opened from Saved or Drill).
  const otherMatches: SearchResult[] =
    trail.length === 1 && results.some((r) => r.card.id === openCard?.id) ? results.filter((r) => r.card.id !== openCard?.id) : [];
  const bestIsWeak = lookup !== undefined && results[0]?.strength === 'weak';

  async function exportWhatIsThere() {
    if (storageState?.status !== 'ready') throw new Error(storageState?.reason ?? 'the database is not open yet');
    await downloadBackup(storageState.db, knowledgeBase);
  }

  const bookmarkedIds = useMemo(() => new Set(user.progress.bookmarks.map((b) => b.cardId)), [user.progress.bookmarks]);

  return (
    <div className="flex h-full flex-col">
      <header className="sticky top-0 z-10 flex flex-col gap-2 border-b border-zinc-200 bg-white/95 p-3 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/95">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h1 className="text-sm font-semibold text-zinc-700 dark:text-zinc-300">asyncio Interview Copilot</h1>
          <TabNav current={tab} onChange={selectTab} />
        </div>
        {tab === 'search' && (
          <SearchBox
            ref={searchBoxRef}
            value={query}
            onChange={changeQuery}
            onKeyDown={onSearchKeyDown}
            autoFocus={!searchMounted.current}
            {...(trail.length === 0 && results.length > 0 ? { activeDescendant: resultOptionId(selectedIndex) } : {})}
          />
        )}
      </header>
      <main
        id={tabPanelId(tab)}
        role="tabpanel"
        aria-labelledby={tabId(tab)}
        className="flex flex-1 flex-col gap-3 overflow-y-auto p-3"
        aria-live={tab === 'search' ? 'polite' : undefined}
      >
        <StorageNotice reason={user.notSaving} delayed={user.savingDelayed} />
        <ViewErrorBoundary key={tab} viewName={`the ${TABS.find((t) => t.id === tab)?.label ?? tab} view`} onRepair={user.repair} onExport={exportWhatIsThere}>
        {tab === 'drill' && (
          <DrillView
            knowledgeBase={knowledgeBase}
            user={user}
            scope={drillScope}
            onScopeChange={setDrillScope}
            onOpenCard={showCard}
            onShowProgress={() => setTab('progress')}
          />
        )}
        {tab === 'interview' && <InterviewView knowledgeBase={knowledgeBase} user={user} storage={storageState} onOpenCard={showCard} />}
        {tab === 'progress' && (
          <MasteryView
            knowledgeBase={knowledgeBase}
            progress={user.progress}
            onDrillConcept={(concept) => {
              setDrillScope({ kind: 'concept', concept });
              setTab('drill');
            }}
          />
        )}
        {tab === 'saved' && (
          <SavedView catalog={catalog} progress={user.progress} onOpenCard={showCard} onRunQuery={runQuery} onClearHistory={user.clearHistory} />
        )}
        {tab === 'data' && <DataView knowledgeBase={knowledgeBase} storage={storageState} user={user} />}
        {tab === 'search' && lookup && <LookupNotice lookup={lookup} weak={bestIsWeak} hasResults={results.length > 0} />}
        {tab !== 'search' ? null : openCard ? (
          <>
            <CardView
              card={openCard}
              matchedTerms={matchedTerms}
              related={catalog.related(openCard)}
              titleOf={(id) => catalog.byId.get(id)?.title}
              onOpenCard={openCardById}
              onBack={goBack}
              backLabel={trail.length > 1 ? 'Back' : 'All results'}
              bookmarked={bookmarkedIds.has(openCard.id)}
              onToggleBookmark={() => user.toggleBookmark(openCard.id)}
            />
            {otherMatches.length > 0 && (
              <section aria-labelledby="other-matches-title" className="flex flex-col gap-1 border-t border-zinc-200 pt-3 dark:border-zinc-800">
                <h3 id="other-matches-title" className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">
                  Other matches
                </h3>
                <ResultList
                  label="Other matches"
                  results={otherMatches}
                  selectedIndex={-1}
                  onOpen={(i) => openCardById(otherMatches[i]!.card.id)}
                  onHover={() => undefined}
                />
              </section>
            )}
          </>
        ) : !query.trim() ? (
          !lookup && <EmptyState onPick={changeQuery} />
        ) : results.length === 0 ? (
          <NoMatch query={response.query} onPick={changeQuery} />
        ) : (
          <ResultList
            label="Matching cards"
            results={results}
            selectedIndex={selectedIndex}
            onOpen={(i) => openCardById(results[i]!.card.id)}
            onHover={setSelectedIndex}
          />
        )}
        </ViewErrorBoundary>
      </main>
    </div>
  );
}
