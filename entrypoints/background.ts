import { DEFAULT_SEARCH_OPTIONS } from '@/utils/search';
import { createPendingLookup, savePendingLookup, type LookupSource, type PendingLookup } from '@/utils/pending-lookup';
import { answerLookup, saveLookupAnswer } from '@/utils/lookup-answer';
import { loadShippedKnowledge, type ShippedKnowledge } from '@/utils/shipped-knowledge';
import { MENU_TITLE_TEMPLATE, menuTitleFor } from '@/utils/menu-title';
import type { PublicPath } from 'wxt/browser';

/**
 * Wires the selection lookup: the context-menu item and the keyboard command open the panel
 * and hand it the selected text through storage.session, then the search's answer to it
 * (utils/lookup-answer.ts), which the opening panel shows before it has read the cards.
 */

const MENU_ITEM_ID = 'lookup-selection';
const LOOKUP_COMMAND = 'lookup-selection';
const UNREADABLE_PAGE =
  'This page does not let extensions read its selection (browser pages, the extension store, some PDF viewers). Type your question instead.';

type FirefoxSidebar = {
  sidebarAction?: { open(): Promise<void>; toggle(): Promise<void> };
  browserAction?: { onClicked: { addListener(listener: () => void): void } };
};

/** Firefox's context menus (also under `contextMenus` there): items take icons, and the label
 * can follow the selection as the menu opens. Chrome has no onShown. */
type FirefoxMenus = {
  onShown?: { addListener(listener: (info: { menuIds: (string | number)[]; selectionText?: string }) => void): void };
  update(id: string, changes: { title: string }): Promise<void>;
  refresh?(): Promise<void>;
};

/** The icon beside the menu item in Firefox (Chrome shows the extension's icon by itself). */
const MENU_ICONS = { 16: 'icon/16.png', 32: 'icon/32.png' };

/** Opens the panel. It must be called before any `await` in a menu or command handler: the
 * browser allows it only while the user gesture lasts. */
function openPanel(tab: Browser.tabs.Tab | undefined): void {
  const sidebar = (browser as unknown as FirefoxSidebar).sidebarAction;
  const opening = sidebar ? sidebar.open() : tab?.windowId !== undefined ? browser.sidePanel.open({ windowId: tab.windowId }) : undefined;
  opening?.catch((error: unknown) => console.warn('asyncio Copilot: the panel could not be opened', error));
}

async function readSelection(tabId: number | undefined): Promise<{ text: string; problem?: string }> {
  if (tabId === undefined) return { text: '', problem: UNREADABLE_PAGE };
  try {
    const [frame] = await browser.scripting.executeScript({
      target: { tabId },
      // Cut in the page so a huge selection is never copied out of it whole.
      func: (limit: number) => (window.getSelection()?.toString() ?? '').slice(0, limit),
      args: [DEFAULT_SEARCH_OPTIONS.maxQueryChars + 1],
    });
    return { text: typeof frame?.result === 'string' ? frame.result : '' };
  } catch {
    return { text: '', problem: UNREADABLE_PAGE };
  }
}

/** The cards and their search, read once per service-worker life (on the first lookup). */
let shippedKnowledge: Promise<ShippedKnowledge> | undefined;

/** Answers the lookup with the search the panel uses; while the panel opens, so it can show the card at once. */
async function answerInAdvance(lookup: PendingLookup): Promise<void> {
  try {
    shippedKnowledge ??= loadShippedKnowledge((path) => browser.runtime.getURL(path as PublicPath));
    const knowledge = await shippedKnowledge;
    const answer = answerLookup({ ...knowledge, version: knowledge.knowledgeBase.version }, lookup);
    if (answer) await saveLookupAnswer(browser.storage.session, answer);
  } catch (error) {
    // The panel searches itself; the next lookup tries reading the cards again.
    shippedKnowledge = undefined;
    console.warn('asyncio Copilot: the lookup could not be answered in advance', error);
  }
}

/** The one handler behind the menu item and the command: the menu passes the selection it
 * has; the command reads it from the active tab. The lookup is handed over first, so an open
 * panel follows it at once; the answer comes after. */
async function lookUpSelection(source: LookupSource, tab: Browser.tabs.Tab | undefined, selectionText?: string): Promise<void> {
  const { text, problem } = selectionText !== undefined ? { text: selectionText, problem: undefined } : await readSelection(tab?.id);
  const lookup = createPendingLookup(text, source, problem);
  await savePendingLookup(browser.storage.session, lookup);
  void answerInAdvance(lookup);
}

export default defineBackground(() => {
  const firefox = browser as unknown as FirefoxSidebar;
  const menus = browser.contextMenus as unknown as FirefoxMenus;
  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({
      id: MENU_ITEM_ID,
      title: MENU_TITLE_TEMPLATE,
      contexts: ['selection'],
      ...(menus.onShown ? { icons: MENU_ICONS } : {}),
    } as Browser.contextMenus.CreateProperties);
  });
  // Firefox: the label quotes a shortened selection, so a long one cannot push out the product name.
  // Without a host permission Firefox hides selectionText from onShown: the template's %s,
  // which Firefox fills in itself, stays then.
  menus.onShown?.addListener((info) => {
    if (!info.menuIds.includes(MENU_ITEM_ID) || info.selectionText === undefined) return;
    void menus.update(MENU_ITEM_ID, { title: menuTitleFor(info.selectionText ?? '') }).then(() => menus.refresh?.());
  });
  // The toolbar button opens the panel: Chrome does it for us; Firefox needs the toggle.
  if (firefox.sidebarAction) {
    firefox.browserAction?.onClicked.addListener(() => void firefox.sidebarAction?.toggle());
  } else {
    browser.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => undefined);
  }

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== MENU_ITEM_ID) return;
    openPanel(tab);
    void lookUpSelection('context-menu', tab, info.selectionText ?? '');
  });
  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== LOOKUP_COMMAND) return;
    openPanel(tab);
    void lookUpSelection('command', tab);
  });

  // The end-to-end tests drive the same handler from the service worker's console.
  Object.assign(globalThis, { copilotLookUpSelection: lookUpSelection });
});
