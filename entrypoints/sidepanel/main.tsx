import { StrictMode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { KnowledgeBase } from '@/knowledge/schema';
import { App, type PanelKnowledge } from '@/components/App';
import { isPendingLookup, PENDING_LOOKUP_KEY, takePendingLookup, type PendingLookup } from '@/utils/pending-lookup';
import { createCardSearch } from '@/utils/search';
import { createCardCatalog } from '@/utils/card-catalog';
import type { StorageState } from '@/utils/database';
import type { PublicPath } from 'wxt/browser';
import './style.css';

// Start-up: the shell (tabs, search box) is rendered and painted first; the 1.6 MB card file,
// fetched since the page began loading (index.html preloads it), is parsed after that paint;
// then the panel renders with the cards and the waiting selection's card. The database
// (Dexie, a chunk of its own) opens after that: writes wait for it.

performance.mark('copilot:script-start');
const session = browser.storage.session;

/** Delivers the selection lookups the background hands over after the panel is open. */
function subscribeToLookups(onLookup: (lookup: PendingLookup) => void): () => void {
  const listener = (changes: Record<string, Browser.storage.StorageChange>) => {
    const value = changes[PENDING_LOOKUP_KEY]?.newValue;
    if (isPendingLookup(value)) void takePendingLookup(session).then(() => onLookup(value));
  };
  session.onChanged.addListener(listener);
  return () => session.onChanged.removeListener(listener);
}

/** Resolves once the frame rendered now has been painted (or soon, if the page is hidden and paints nothing). */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 100);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }),
    );
  });
}

// Read while the cards load: the first render with cards already shows its card. Lookups
// that arrive later come through subscribeToLookups; the app subscribes before this is
// consumed, so a selection made during start-up is not lost (see App).
const waitingLookup = takePendingLookup(session).catch(() => undefined);
// The file is added by the build (wxt.config.ts), so WXT's typed public paths do not list it.
const knowledgeResponse = fetch(browser.runtime.getURL('/knowledge.json' as PublicPath));

const root = createRoot(document.getElementById('root')!);
const render = (knowledge?: PanelKnowledge, storage?: Promise<StorageState>, initialLookup?: PendingLookup) =>
  root.render(
    <StrictMode>
      <App knowledge={knowledge} storage={storage} initialLookup={initialLookup} subscribeToLookups={subscribeToLookups} />
    </StrictMode>,
  );

flushSync(() => render());

async function loadKnowledge(): Promise<PanelKnowledge> {
  const response = await knowledgeResponse;
  await afterNextPaint();
  // Marks for the start-up timings (npm run bench:panel, the selection-lookup e2e test).
  performance.mark('copilot:knowledge-parse-start');
  const knowledgeBase = (await response.json()) as KnowledgeBase;
  performance.mark('copilot:knowledge-loaded');
  const search = createCardSearch(knowledgeBase);
  performance.mark('copilot:search-ready');
  return { knowledgeBase, search, catalog: createCardCatalog(knowledgeBase.cards) };
}

// The compiled cards ship inside the extension as a data file (not in the JavaScript bundle).
// Search runs on them in memory from the first keystroke, whatever IndexedDB does.
loadKnowledge()
  .then(async (knowledge) => {
    const storage = import('@/utils/database').then(({ openCopilotDatabase }) => openCopilotDatabase(knowledge.knowledgeBase));
    render(knowledge, storage, await waitingLookup);
  })
  .catch((error: unknown) => {
    root.render(<p role="alert">The asyncio cards could not be loaded ({String(error)}). Reinstalling the extension should fix this.</p>);
  });
