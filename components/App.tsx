import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { KnowledgeBase } from '@/knowledge/schema';
import { catalogCards, type CardCatalog, type CardSource } from '@/utils/card-catalog';
import type { StorageState } from '@/utils/database';
import type { DrillScope } from '@/utils/drill';
import { TypedQuerySettler } from '@/utils/lookup-history';
import { answeredCards, type LookupAnswer } from '@/utils/lookup-answer';
import type { LookupInbox, PendingLookup } from '@/utils/pending-lookup';
import type { CardSearch, SearchResult } from '@/utils/search';
import { CardView } from './card/CardView';
import { EmptyState, NoMatch } from './search/EmptyState';
import { LookupNotice } from './search/LookupNotice';
import { OtherMatches, RESULT_LIST_ID, ResultList, resultOptionId } from './search/ResultList';
import { focusFirstNavItem, moveFocusByArrow } from './shared/arrow-navigation';
import { PanelHeader } from './shared/PanelHeader';
import { SearchBox } from './search/SearchBox';
import { StorageNotice } from './shared/StorageNotice';
import { ViewErrorBoundary } from './shared/ViewErrorBoundary';
import { TABS, TabNav, tabId, tabPanelId, type TabId } from './shared/TabNav';
import { useUserProgress } from './shared/use-user-progress';

// The views start-up does not show load on first use (each is a chunk of its own, fetched
// from the extension in a few milliseconds; they are fetched once the panel is idle).
const loadDrillView = () => import('./drill/DrillView');
const loadMasteryView = () => import('./progress/MasteryView');
const loadSavedView = () => import('./saved/SavedView');
const loadDataView = () => import('./data/DataView');
const loadInterviewView = () => import('./interview/InterviewView');
const DrillView = lazy(() => loadDrillView().then((m) => ({ default: m.DrillView })));
const MasteryView = lazy(() => loadMasteryView().then((m) => ({ default: m.MasteryView })));
const SavedView = lazy(() => loadSavedView().then((m) => ({ default: m.SavedView })));
const DataView = lazy(() => loadDataView().then((m) => ({ default: m.DataView })));
const InterviewView = lazy(() => loadInterviewView().then((m) => ({ default: m.InterviewView })));

/** The cards and what is built from them; the panel's shell renders before they are parsed. */
export interface PanelKnowledge {
  knowledgeBase: KnowledgeBase;
  search: CardSearch;
  catalog: CardCatalog;
}

interface AppProps {
  /** Undefined while the card file is parsed: the shell (tabs, search box) shows meanwhile. */
  knowledge: PanelKnowledge | undefined;
  /** The database opening (undefined until the cards are loaded); writes wait for it. */
  storage: Promise<StorageState> | undefined;
  /** The selection that opened the panel, if one did: the first render with the cards (or with
   * the background's answer to it) shows it. */
  initialLookup?: PendingLookup | undefined;
  /** The background's answer to that selection: its card shows while the cards load. */
  initialAnswer?: LookupAnswer | undefined;
  /** Selections that arrive while the panel is open, and those to record in history. */
  lookups: LookupInbox;
}

const loadingClass = 'text-sm text-zinc-600 dark:text-zinc-400';

function isTypingTarget(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** A selection opens straight on its best card; the other matches are listed under it. */
function trailFor(search: CardSearch, lookup: PendingLookup): string[] {
  const best = search.search(lookup.text).results[0];
  return best ? [best.card.id] : [];
}

export function App({ knowledge, storage, initialLookup, initialAnswer, lookups }: AppProps) {
  const [tab, setTab] = useState<TabId>('search');
  const [drillScope, setDrillScope] = useState<DrillScope>({ kind: 'all' });
  const [query, setQuery] = useState('');
  const [selectedIndex, setSelectedIndex] = useState(0);
  /** The cards opened, in order; the last one is shown. Empty: the result list is shown. */
  const [trail, setTrail] = useState<string[]>([]);
  const [lookup, setLookup] = useState<PendingLookup | undefined>();
  const [storageState, setStorageState] = useState<StorageState>();
  const searchBoxRef = useRef<HTMLInputElement>(null);
  const cardAreaRef = useRef<HTMLDivElement>(null);
  const user = useUserProgress(storageState);
  const { recordLookup } = user;
  const recordLookupRef = useRef(recordLookup);
  recordLookupRef.current = recordLookup;
  const [typedQuery] = useState(() => new TypedQuerySettler({ record: (query, replaces) => void recordLookupRef.current(query, 'typed', replaces) }));
  // A selection stays in session storage until its history row is written, so that closing
  // the panel before the database opens loses nothing (utils/pending-lookup.ts).
  const recordSelection = useCallback(
    (selection: PendingLookup, at?: number) =>
      void (selection.text ? recordLookupRef.current(selection.text, 'selection', undefined, at) : Promise.resolve(true)).then(
        (written) => written && lookups.recorded(selection),
      ),
    [lookups],
  );
  // The background's answer stands in for the search until the cards are loaded (utils/lookup-answer.ts).
  const answer = initialAnswer && initialLookup && initialAnswer.requestedAt === initialLookup.requestedAt ? initialAnswer : undefined;
  // The selection that opened the panel is applied in the render that first has the cards or
  // the answer (state adjusted while rendering, so no frame shows the cards without it).
  const [appliedLookup, setAppliedLookup] = useState<PendingLookup>();
  if ((knowledge || answer) && initialLookup && appliedLookup !== initialLookup) {
    typedQuery.endBurst();
    setAppliedLookup(initialLookup);
    setQuery(initialLookup.text);
    setLookup(initialLookup);
    setSelectedIndex(0);
    setTrail(knowledge ? trailFor(knowledge.search, initialLookup) : [answer!.response.results[0]!.card.id]);
  }

  const search = knowledge?.search;
  const response = useMemo(() => (search ? search.search(query) : answer?.text === query ? answer.response : undefined), [search, query, answer]);
  const results = response?.results ?? [];
  const cards = useMemo<CardSource | undefined>(() => (knowledge ? catalogCards(knowledge.catalog) : answer ? answeredCards(answer) : undefined), [knowledge, answer]);
  const openCard = trail.length > 0 ? cards?.byId(trail[trail.length - 1]!) : undefined;

  useEffect(() => {
    let live = true;
    void storage?.then((state) => live && setStorageState(state));
    return () => {
      live = false;
    };
  }, [storage]);

  // Lets the end-to-end test measure how soon a lookup is on screen.
  const markLookupShown = () => requestAnimationFrame(() => performance.mark('copilot:lookup-shown'));
  useEffect(() => {
    if (!appliedLookup) return;
    recordSelection(appliedLookup);
    markLookupShown();
  }, [appliedLookup, recordSelection]);

  useEffect(() => {
    // Shown by a panel that closed before writing them: recorded at the time they were asked.
    if (search) for (const unrecorded of lookups.takeUnrecorded()) recordSelection(unrecorded, unrecorded.requestedAt);
  }, [search, lookups, recordSelection]);

  useEffect(() => {
    if (!search) return;
    // Once the card is on screen, fetch the other views so a tab opens without waiting.
    const idle = requestIdleCallback(() => [loadDrillView, loadMasteryView, loadSavedView, loadDataView, loadInterviewView].forEach((load) => void load()));
    return () => cancelIdleCallback(idle);
  }, [search]);

  useEffect(
    () =>
      search &&
      lookups.subscribe((incoming) => {
        typedQuery.endBurst();
        setTab('search');
        setLookup(incoming);
        setQuery(incoming.text);
        recordSelection(incoming);
        setSelectedIndex(0);
        setTrail(trailFor(search, incoming));
        markLookupShown();
      }),
    [lookups, search, recordSelection],
  );

  const changeQuery = useCallback((value: string) => {
    setQuery(value);
    setSelectedIndex(0);
    setTrail([]);
    setLookup(undefined);
  }, []);

  // A typed query goes into history once, when it has settled (utils/lookup-history.ts); a
  // selection is recorded when it arrives, a picked example or history entry when picked.
  // The search box heads every view: typing in it shows the search view.
  const typeQuery = useCallback(
    (value: string) => {
      setTab('search');
      changeQuery(value);
      typedQuery.typed(value);
    },
    [changeQuery, typedQuery],
  );
  const pickQuery = useCallback(
    (value: string) => {
      typedQuery.endBurst();
      changeQuery(value);
      typedQuery.typed(value);
      typedQuery.settle('open');
    },
    [changeQuery, typedQuery],
  );
  useEffect(() => {
    const leave = () => document.visibilityState === 'hidden' && typedQuery.settle('leave');
    document.addEventListener('visibilitychange', leave);
    return () => {
      document.removeEventListener('visibilitychange', leave);
      typedQuery.endBurst();
    };
  }, [typedQuery]);

  const openCardById = useCallback(
    (cardId: string) => {
      typedQuery.settle('open');
      setTrail((t) => [...t, cardId]);
    },
    [typedQuery],
  );
  /** From the other views: show a card in the search view. */
  const showCard = useCallback((cardId: string) => {
    setTab('search');
    setTrail((t) => [...t, cardId]);
    setLookup(undefined);
  }, []);
  const runQuery = useCallback(
    (text: string) => {
      setTab('search');
      pickQuery(text);
    },
    [pickQuery],
  );
  // The search box takes focus when the panel opens and when Search is clicked; arrowing
  // through the tabs leaves focus on the tabs.
  const searchMounted = useRef(false);
  useEffect(() => {
    searchMounted.current = true;
  }, []);
  const selectTab = useCallback((next: TabId, fromKeyboard: boolean) => {
    if (next !== 'search') typedQuery.settle('leave');
    setTab(next);
    if (next === 'search' && !fromKeyboard) requestAnimationFrame(() => searchBoxRef.current?.focus());
  }, [typedQuery]);
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
        else if (query) typeQuery('');
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [trail.length, query, goBack, typeQuery, tab]);

  function onSearchKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    // From another view, Enter or ↓ in the search box goes back to what the search shows.
    if (tab !== 'search') {
      if (event.key === 'Enter' || event.key === 'ArrowDown') {
        event.preventDefault();
        setTab('search');
      }
      return;
    }
    // With a card open, ↓ goes on to its links: follow-ups, related cards, other matches.
    if (trail.length > 0 && event.key === 'ArrowDown' && focusFirstNavItem(cardAreaRef.current)) {
      event.preventDefault();
      return;
    }
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
      typedQuery.settle('enter');
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
    if (!knowledge) throw new Error('the cards have not loaded yet');
    const { downloadBackup } = await import('./shared/download-backup');
    await downloadBackup(storageState.db, knowledge.knowledgeBase);
  }

  const bookmarkedIds = useMemo(() => new Set(user.progress.bookmarks.map((b) => b.cardId)), [user.progress.bookmarks]);

  const listShown = tab === 'search' && !openCard && query.trim() !== '' && results.length > 0;
  // One short polite announcement for what the search view shows (not a live region over all of it).
  const searchStatus =
    tab !== 'search' ? '' : openCard ? `Showing the card “${openCard.title}”` : !query.trim() ? '' : results.length === 0 ? 'No close match' : `${results.length} matching ${results.length === 1 ? 'card' : 'cards'}`;

  return (
    <div className="flex min-h-screen flex-col">
      <PanelHeader tabs={<TabNav current={tab} onChange={selectTab} />}>
        <SearchBox
          ref={searchBoxRef}
          value={query}
          onChange={typeQuery}
          onBlur={() => typedQuery.settle('blur')}
          onKeyDown={onSearchKeyDown}
          autoFocus={!searchMounted.current}
          {...(listShown ? { activeDescendant: resultOptionId(selectedIndex), controls: RESULT_LIST_ID } : {})}
        />
      </PanelHeader>
      <main className="flex flex-1 flex-col">
        <p role="status" className="sr-only">
          {searchStatus}
        </p>
        <div id={tabPanelId(tab)} role="tabpanel" aria-labelledby={tabId(tab)} className="flex min-w-0 flex-1 flex-col gap-3 p-3">
        <StorageNotice reason={user.notSaving} delayed={user.savingDelayed} />
        {!cards || (!knowledge && tab !== 'search') ? (
          <p className={loadingClass}>Loading the cards…</p>
        ) : (
        <ViewErrorBoundary key={tab} viewName={`the ${TABS.find((t) => t.id === tab)?.label ?? tab} view`} onRepair={user.repair} onExport={exportWhatIsThere}>
        <Suspense fallback={<p className={loadingClass}>Loading…</p>}>
        {knowledge && tab === 'drill' && (
          <DrillView
            knowledgeBase={knowledge.knowledgeBase}
            user={user}
            scope={drillScope}
            onScopeChange={setDrillScope}
            onOpenCard={showCard}
            onShowProgress={() => setTab('progress')}
          />
        )}
        {knowledge && tab === 'interview' && <InterviewView knowledgeBase={knowledge.knowledgeBase} user={user} storage={storageState} onOpenCard={showCard} />}
        {knowledge && tab === 'progress' && (
          <MasteryView
            knowledgeBase={knowledge.knowledgeBase}
            progress={user.progress}
            onDrillConcept={(concept) => {
              setDrillScope({ kind: 'concept', concept });
              setTab('drill');
            }}
          />
        )}
        {knowledge && tab === 'saved' && (
          <SavedView catalog={knowledge.catalog} progress={user.progress} onOpenCard={showCard} onRunQuery={runQuery} onClearHistory={user.clearHistory} />
        )}
        {knowledge && tab === 'data' && <DataView knowledgeBase={knowledge.knowledgeBase} storage={storageState} user={user} />}
        {tab === 'search' && lookup && <LookupNotice lookup={lookup} weak={bestIsWeak} hasResults={results.length > 0} />}
        {tab !== 'search' ? null : openCard ? (
          <div ref={cardAreaRef} className="flex flex-col gap-3" onKeyDown={(event) => moveFocusByArrow(event, cardAreaRef.current)}>
            <CardView
              card={openCard}
              matchedTerms={matchedTerms}
              related={cards.related(openCard)}
              titleOf={cards.titleOf}
              onOpenCard={openCardById}
              onBack={goBack}
              backLabel={trail.length > 1 ? 'Back' : 'All results'}
              bookmarked={bookmarkedIds.has(openCard.id)}
              onToggleBookmark={() => user.toggleBookmark(openCard.id)}
            />
            {otherMatches.length > 0 && <OtherMatches results={otherMatches} onOpen={openCardById} />}
          </div>
        ) : !query.trim() ? (
          !lookup && <EmptyState onPick={pickQuery} />
        ) : !response || (!knowledge && trail.length > 0) ? (
          // Typed, or a card picked, before the cards have loaded (the answer holds one query's cards).
          <p className={loadingClass}>Loading the cards…</p>
        ) : results.length === 0 ? (
          <NoMatch
            query={response.query}
            onPick={pickQuery}
            otherLanguage={response?.otherLanguage}
            nearestCard={response.otherLanguage?.nearestConcept ? cards.byId(response.otherLanguage.nearestConcept) : undefined}
            onOpenCard={openCardById}
          />
        ) : (
          <ResultList
            label="Matching cards"
            results={results}
            selectedIndex={selectedIndex}
            onOpen={(i) => openCardById(results[i]!.card.id)}
            onHover={setSelectedIndex}
          />
        )}
        </Suspense>
        </ViewErrorBoundary>
        )}
        </div>
      </main>
    </div>
  );
}
