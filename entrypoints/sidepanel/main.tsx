import { StrictMode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { KnowledgeBase } from '@/knowledge/schema';
import { App, type PanelKnowledge } from '@/components/App';
import { PendingLookupReceiver, type PendingLookup } from '@/utils/pending-lookup';
import { isAnswerFor, takeLookupAnswer, type LookupAnswer } from '@/utils/lookup-answer';
import { knowledgeFromFiles, SHIPPED_KNOWLEDGE_PATH, SHIPPED_SEARCH_INDEX_PATH } from '@/utils/shipped-knowledge';
import { afterFirstContentfulPaint, afterNextPaint } from '@/components/shared/after-next-paint';
import type { StorageState } from '@/utils/database';
import type { PublicPath } from 'wxt/browser';
import './style.css';

// Start-up:
// 1. the shell (tabs, search box) is rendered at once and painted (its first contentful paint
//    presented before step 3 parses anything);
// 2. the waiting selection and the background's answer to it (utils/lookup-answer.ts) are
//    read from storage.session; with an answer, its card is rendered and painted from it;
// 3. the card file and the search index are fetched (after those small reads, which 2.5 MB
//    coming in would hold up) and read (the index is typed arrays over the file's bytes:
//    nothing to build); the panel renders with the cards, showing the waiting selection's
//    card now if it had no answer;
// 4. the database (Dexie, a chunk of its own) opens: writes wait for it.
// performance marks time each step (npm run bench:panel, the selection-lookup e2e test).

performance.mark('copilot:script-start');
const session = browser.storage.session;
// Selections handed over by the background: the one waiting is read now; any made meanwhile
// or later follow it.
const lookups = new PendingLookupReceiver(session);
const storedAnswer = takeLookupAnswer(session).catch(() => undefined);

const root = createRoot(document.getElementById('root')!);
const render = (knowledge?: PanelKnowledge, storage?: Promise<StorageState>, initialLookup?: PendingLookup, initialAnswer?: LookupAnswer) =>
  root.render(
    <StrictMode>
      <App knowledge={knowledge} storage={storage} initialLookup={initialLookup} initialAnswer={initialAnswer} lookups={lookups} />
    </StrictMode>,
  );

flushSync(() => render());

/** The selection the panel opens on: the newest received so far (an older one is superseded). */
let initialLookup: PendingLookup | undefined;
let answer: LookupAnswer | undefined;
const takeNewestLookup = () => (initialLookup = lookups.takeReceived().at(-1) ?? initialLookup);

const storageRead = Promise.all([lookups.ready, storedAnswer]);
const answerShown = storageRead.then(async ([, stored]) => {
  const lookup = takeNewestLookup();
  if (!lookup || !isAnswerFor(stored, lookup)) return;
  answer = stored;
  flushSync(() => render(undefined, undefined, lookup, stored));
  await afterNextPaint();
});

// The files are added by the build (wxt.config.ts), so WXT's typed public paths do not list them.
const files = storageRead.then(() =>
  Promise.all([fetch(browser.runtime.getURL(SHIPPED_KNOWLEDGE_PATH as PublicPath)), fetch(browser.runtime.getURL(SHIPPED_SEARCH_INDEX_PATH as PublicPath))]),
);

async function loadKnowledge(): Promise<PanelKnowledge> {
  const [knowledgeFile, indexFile] = await files;
  const indexBytes = indexFile.arrayBuffer();
  // The shell is on screen (presented, not just rendered) before the 2.5 MB parse holds the thread.
  await afterFirstContentfulPaint();
  await answerShown;
  performance.mark('copilot:knowledge-parse-start');
  const knowledgeBase = (await knowledgeFile.json()) as KnowledgeBase;
  performance.mark('copilot:knowledge-loaded');
  const knowledge = knowledgeFromFiles(knowledgeBase, await indexBytes);
  performance.mark('copilot:search-ready');
  return knowledge;
}

// The compiled cards ship inside the extension as data files (not in the JavaScript bundle).
// Search runs on them in memory from the first keystroke, whatever IndexedDB does.
loadKnowledge()
  .then((knowledge) => {
    // The database opens once the panel with the cards is painted, so loading Dexie and seeding never delay it.
    let openDatabase!: () => void;
    const storage = new Promise<void>((resolve) => (openDatabase = resolve))
      .then(() => import('@/utils/database'))
      .then(({ openCopilotDatabase }) => openCopilotDatabase(knowledge.knowledgeBase));
    flushSync(() => render(knowledge, storage, takeNewestLookup(), answer));
    void afterNextPaint().then(openDatabase);
  })
  .catch((error: unknown) => {
    root.render(<p role="alert">The asyncio cards could not be loaded ({String(error)}). Reinstalling the extension should fix this.</p>);
  });
