import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { KnowledgeBase } from '@/knowledge/schema';
import { App } from '@/components/App';
import { openCopilotDatabase } from '@/utils/database';
import { isPendingLookup, PENDING_LOOKUP_KEY, takePendingLookup, type PendingLookup } from '@/utils/pending-lookup';
import { createCardSearch } from '@/utils/search';
import { createCardCatalog } from '@/utils/card-catalog';
import type { PublicPath } from 'wxt/browser';
import './style.css';


performance.mark('copilot:script-start');
const session = browser.storage.session;
// The selection waiting for the panel (if it was opened by one) is read while the cards load,
// so the first render already shows its card.
const waitingLookup = takePendingLookup(session).catch(() => undefined);

/** Delivers the selection lookups the background hands over after the panel is open. */
function subscribeToLookups(onLookup: (lookup: PendingLookup) => void): () => void {
  const listener = (changes: Record<string, Browser.storage.StorageChange>) => {
    const value = changes[PENDING_LOOKUP_KEY]?.newValue;
    if (isPendingLookup(value)) void takePendingLookup(session).then(() => onLookup(value));
  };
  session.onChanged.addListener(listener);
  return () => session.onChanged.removeListener(listener);
}

const root = createRoot(document.getElementById('root')!);

// The compiled cards ship inside the extension as a data file (not in the JavaScript bundle).
// Search runs on them in memory from the first keystroke, whatever IndexedDB does.
// The file is added by the build (wxt.config.ts), so WXT's typed public paths do not list it.
fetch(browser.runtime.getURL('/knowledge.json' as PublicPath))
  .then((response) => response.json() as Promise<KnowledgeBase>)
  .then(async (knowledgeBase) => {
    // Marks for the start-up timings the browser tests report.
    performance.mark('copilot:knowledge-loaded');
    const search = createCardSearch(knowledgeBase);
    performance.mark('copilot:search-ready');
    const catalog = createCardCatalog(knowledgeBase.cards);
    const storage = openCopilotDatabase(knowledgeBase);
    const initialLookup = await waitingLookup;
    root.render(
      <StrictMode>
        <App
          knowledgeBase={knowledgeBase}
          search={search}
          catalog={catalog}
          storage={storage}
          initialLookup={initialLookup}
          subscribeToLookups={subscribeToLookups}
        />
      </StrictMode>,
    );
  })
  .catch((error: unknown) => {
    root.render(<p role="alert">The asyncio cards could not be loaded ({String(error)}). Reinstalling the extension should fix this.</p>);
  });
