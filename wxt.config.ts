import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { defineConfig } from 'wxt';
import tailwindcss from '@tailwindcss/vite';
import { buildKnowledgeBase, COMPILED_INDEX_PATH, COMPILED_PATH } from './knowledge/compile';
import { PYODIDE_ASSET_DIR } from './utils/python/protocol';
import { SHIPPED_KNOWLEDGE_PATH, SHIPPED_SEARCH_INDEX_PATH } from './utils/shipped-knowledge';

const PYODIDE_DIR = path.dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
/** Pyodide's run-time files the worker loads (its loader, pyodide.mjs, is bundled into the worker). */
export const PYODIDE_RUNTIME_FILES = ['pyodide.asm.wasm', 'pyodide.asm.mjs', 'python_stdlib.zip'];

/**
 * Pyodide reads a lock file listing installable packages at start-up. The panel installs
 * none (the standard library is in python_stdlib.zip), so it ships the file's `info` with
 * no packages instead of the 120 KB list.
 */
async function writePyodideLockStub(outDir: string): Promise<string> {
  const lock = JSON.parse(await readFile(path.join(PYODIDE_DIR, 'pyodide-lock.json'), 'utf8')) as { info: unknown };
  const file = path.join(outDir, 'pyodide-lock.json');
  await mkdir(outDir, { recursive: true });
  await writeFile(file, JSON.stringify({ info: lock.info, packages: {} }));
  return file;
}

/** Lets the extension's own pages compile WebAssembly (Pyodide); nothing else is loosened. */
const EXTENSION_PAGES_CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'self';";

/** The toolbar, Extensions menu and store icons (public/icon/, from assets/icon.svg). */
const ICONS = { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' };

/** Where the compiled cards and their search index land in the extension; the panel and the
 * background load them from there. */
const SHIPPED_KNOWLEDGE_FILE = SHIPPED_KNOWLEDGE_PATH.slice(1);
const SHIPPED_SEARCH_INDEX_FILE = SHIPPED_SEARCH_INDEX_PATH.slice(1);

// The manifest asks for the least the features need: the side panel, the context menu,
// session storage for handing a selection to the panel, and activeTab + scripting so the
// keyboard command can read the selection of the tab the user is on. No host permissions,
// no content scripts.
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  // Module workers with ES output: the Python worker imports Pyodide's loader as a module.
  vite: () => ({
    plugins: [tailwindcss()],
    worker: { format: 'es' },
    build: {
      // The budget that matters is DESIGN's 150 KB gzipped for start-up JavaScript, checked
      // by `npm run size`, not Vite's generic 500 kB (minified) warning.
      chunkSizeWarningLimit: 600,
      // SOURCEMAP=1 npm run build: maps to see what each chunk holds.
      sourcemap: process.env.SOURCEMAP === '1',
      rolldownOptions: {
        // Start-up loads what the first card needs and no more: the database (Dexie) and the
        // scheduler (ts-fsrs) are imported dynamically when the database opens and by the
        // lazy views. Two Rolldown behaviours would pull them back into start-up: merging a
        // chunk shared by lazy chunks into the entry chunk, and a bare `import "./chunk.js"`
        // from the entry for any reachable chunk with side effects. These modules have none
        // at import time, so they are declared side-effect free, and the merge is off.
        // `npm run size` follows the entry's static imports and fails if they come back.
        treeshake: {
          moduleSideEffects: (id: string) => !/[\\/]node_modules[\\/](dexie|ts-fsrs)[\\/]|[\\/]utils[\\/](database|scheduler)\.ts$/.test(id),
        },
        experimental: { chunkOptimization: { mergeCommonChunks: false, avoidRedundantChunkLoads: false } },
      },
    },
  }),
  hooks: {
    // The shipped cards are compiled from knowledge/cards before every build and dev run,
    // so the extension never parses Markdown at start-up.
    'build:before': async () => {
      await buildKnowledgeBase();
    },
    // Shipped as data beside the code, not inlined in the panel's JavaScript bundle.
    // Pyodide's run-time files too: the panel's Python never fetches anything from a network.
    'build:publicAssets': async (wxt, files) => {
      files.push({ absoluteSrc: COMPILED_PATH, relativeDest: SHIPPED_KNOWLEDGE_FILE });
      files.push({ absoluteSrc: COMPILED_INDEX_PATH, relativeDest: SHIPPED_SEARCH_INDEX_FILE });
      for (const name of PYODIDE_RUNTIME_FILES) {
        files.push({ absoluteSrc: path.join(PYODIDE_DIR, name), relativeDest: `${PYODIDE_ASSET_DIR}/${name}` });
      }
      const lockStub = await writePyodideLockStub(path.join(wxt.config.wxtDir, 'pyodide'));
      files.push({ absoluteSrc: lockStub, relativeDest: `${PYODIDE_ASSET_DIR}/pyodide-lock.json` });
    },
  },
  // AMO asks for the sources of a bundled add-on: `npm run zip` writes them beside the
  // package; SOURCE_CODE_REVIEW.md says how to build (tests/e2e-firefox check it does).
  zip: {
    // .gitignore goes along: Tailwind skips the files it lists when it scans for class names,
    // so without it the rebuilt CSS differs from the shipped one.
    dotSources: true,
    excludeSources: ['.git', '.ci/**', '.wxt/**', '.output/**', '.env*', 'tests/**', 'test-results/**', 'docs/**', 'playwright.config.ts', 'vitest.config.ts', 'knowledge/generated/**'],
  },
  manifest: ({ browser }) => ({
    name: 'asyncio Interview Copilot',
    description:
      'Answers asyncio interview questions from a side panel: short cards, real code output, follow-ups. Offline.',
    permissions: ['contextMenus', 'storage', 'activeTab', 'scripting'],
    // MV3 (Chrome) takes an object; Firefox's build is MV2 here and takes the string.
    content_security_policy:
      browser === 'firefox' ? EXTENSION_PAGES_CSP : { extension_pages: EXTENSION_PAGES_CSP },
    // public/icon/ is rendered from assets/icon.svg by `npm run icons`; WXT lists it as `icons` too.
    icons: ICONS,
    action: { default_title: 'Open asyncio Copilot', default_icon: ICONS },
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
              // data_collection_permissions is the newest key used: Firefox 140, Firefox for
              // Android 142 (docs/firefox.md). Android has no sidebar; its minimum is stated so the
              // manifest is consistent, not because the panel is offered there.
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
