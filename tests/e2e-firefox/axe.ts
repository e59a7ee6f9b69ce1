import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'puppeteer-core';
import { evaluateInBrowserWindow, findBrowserWindowContext } from './firefox';

/** The WCAG tags the Chromium suite checks too (tests/e2e/accessibility.spec.ts). */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's violations in the page, one line each ("rule: target, target"). axe is put into
 * the page as a string through WebDriver BiDi (script.evaluate is not subject to the add-on's
 * CSP) and runs there; @axe-core/playwright does the same for Chromium.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(`typeof globalThis.axe === 'object'`);
  if (!loaded) await page.evaluate(axeSource);
  const json = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_TAGS)} } })
       .then((results) => JSON.stringify(results.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', '))))`,
  )) as string;
  return JSON.parse(json) as string[];
}

/**
 * Makes Firefox answer prefers-color-scheme with `scheme` in every page (the browser's
 * content colour-scheme override pref, set from the browser window's chrome scope).
 * Returns false where this Firefox exposes no chrome scope over BiDi (ESR 140).
 */
export async function setColorScheme(browser: Browser, scheme: 'light' | 'dark'): Promise<boolean> {
  const context = await findBrowserWindowContext(browser);
  if (!context) return false;
  // 0 dark, 1 light (layout.css.prefers-color-scheme.content-override).
  await evaluateInBrowserWindow(browser, context, `Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', ${scheme === 'dark' ? 0 : 1})`);
  return true;
}
