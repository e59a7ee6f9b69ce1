import { defineConfig } from 'wxt';
import tailwindcss from '@tailwindcss/vite';
import { buildKnowledgeBase, COMPILED_PATH } from './knowledge/compile';

/** Where the compiled cards land in the extension; the panel loads them from there. */
export const SHIPPED_KNOWLEDGE_FILE = 'knowledge.json';

// The manifest asks for the least the features need: the side panel, the context menu,
// session storage for handing a selection to the panel, and activeTab + scripting so the
// keyboard command can read the selection of the tab the user is on. No host permissions,
// no content scripts.
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  vite: () => ({ plugins: [tailwindcss()] }),
  hooks: {
    // The shipped cards are compiled from knowledge/cards before every build and dev run,
    // so the extension never parses Markdown at start-up.
    'build:before': async () => {
      await buildKnowledgeBase();
    },
    // Shipped as data beside the code, not inlined in the panel's JavaScript bundle.
    'build:publicAssets': (_wxt, files) => {
      files.push({ absoluteSrc: COMPILED_PATH, relativeDest: SHIPPED_KNOWLEDGE_FILE });
    },
  },
  manifest: ({ browser }) => ({
    name: 'asyncio Interview Copilot',
    description:
      'Answers asyncio interview questions from a side panel: short cards, real code output, follow-ups. Offline.',
    permissions: ['contextMenus', 'storage', 'activeTab', 'scripting'],
    action: { default_title: 'Open asyncio Copilot' },
    commands: {
      'lookup-selection': {
        suggested_key: { default: 'Alt+Shift+K' },
        description: 'Look up the selected text in asyncio Copilot',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'asyncio-copilot@interview-copilot.dev',
              strict_min_version: '128.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
