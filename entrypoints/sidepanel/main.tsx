import { StrictMode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { KnowledgeBase } from '@/knowledge/schema';
import { App, type PanelKnowledge } from '@/components/App';
import { PendingLookupReceiver, type PendingLookup } from '@/utils/pending-lookup';
import { createCardSearch } from '@/utils/search';
import { decodeSearchIndex } from '@/utils/search/search-index-file';
import { createCardCatalog } from '@/utils/card-catalog';
import { afterNextPaint } from '@/components/shared/after-next-paint';
import type { StorageState } from '@/utils/database';
import type { PublicPath } from 'wxt/browser';
import './style.css';

// Start-up: the shell (tabs, search box) is rendered and painted first; the card file and the
// search index, fetched since the page began loading (index.html preloads them), are read
// after that paint (the index is typed arrays over the file's bytes: nothing to build); then
// the panel renders with the cards and the waiting selection's card. The database
// (Dexie, a chunk of its own) opens after that card is painted: writes wait for it.

performance.mark('copilot:script-start');
// Selections handed over by the background: the one waiting is read while the cards load, so
// the first render with cards shows its card; any made meanwhile or later follow it.
const lookups = new PendingLookupReceiver(browser.storage.session);
const subscribeToLookups = (onLookup: (lookup: PendingLookup) => void) => lookups.subscribe(onLookup);

// The files are added by the build (wxt.config.ts), so WXT's typed public paths do not list them.
const knowledgeResponse = fetch(browser.runtime.getURL('/knowledge.json' as PublicPath));
const searchIndexResponse = fetch(browser.runtime.getURL('/search-index.bin' as PublicPath));

const root = createRoot(document.getElementById('root')!);
const render = (knowledge?: PanelKnowledge, storage?: Promise<StorageState>, initialLookup?: PendingLookup) =>
  root.render(
    <StrictMode>
      <App knowledge={knowledge} storage={storage} initialLookup={initialLookup} subscribeToLookups={subscribeToLookups} />
    </StrictMode>,
  );

flushSync(() => render());

async function loadKnowledge(): Promise<PanelKnowledge> {
  const [response, indexResponse] = await Promise.all([knowledgeResponse, searchIndexResponse]);
  const indexBytes = indexResponse.arrayBuffer();
  await afterNextPaint();
  // Marks for the start-up timings (npm run bench:panel, the selection-lookup e2e test).
  performance.mark('copilot:knowledge-parse-start');
  const knowledgeBase = (await response.json()) as KnowledgeBase;
  knowledgeBase.searchIndex = decodeSearchIndex(await indexBytes);
  performance.mark('copilot:knowledge-loaded');
  const search = createCardSearch(knowledgeBase);
  performance.mark('copilot:search-ready');
  return { knowledgeBase, search, catalog: createCardCatalog(knowledgeBase.cards) };
}

// The compiled cards ship inside the extension as a data file (not in the JavaScript bundle).
// Search runs on them in memory from the first keystroke, whatever IndexedDB does.
loadKnowledge()
  .then(async (knowledge) => {
    await lookups.ready;
    // The database opens once the card is painted, so loading Dexie and seeding never delay it.
    let openDatabase!: () => void;
    const storage = new Promise<void>((resolve) => (openDatabase = resolve))
      .then(() => import('@/utils/database'))
      .then(({ openCopilotDatabase }) => openCopilotDatabase(knowledge.knowledgeBase));
    // The newest selection received so far opens the panel (an older one is superseded).
    flushSync(() => render(knowledge, storage, lookups.takeReceived().at(-1)));
    void afterNextPaint().then(openDatabase);
  })
  .catch((error: unknown) => {
    root.render(<p role="alert">The asyncio cards could not be loaded ({String(error)}). Reinstalling the extension should fix this.</p>);
  });
