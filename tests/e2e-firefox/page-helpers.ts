import type { ElementHandle, Page } from 'puppeteer-core';

/** A puppeteer ARIA selector: the element with this role and accessible name. */
export const byRole = (role: string, name?: string) => `::-p-aria(${name === undefined ? '' : `[name=${JSON.stringify(name)}]`}[role=${JSON.stringify(role)}])`;

export const SEARCH_BOX = byRole('combobox', 'Search asyncio cards');

// Not `visible: true`: after a reload of a moz-extension page that check never succeeds for
// ARIA-selected elements in Firefox 153 (the element is there and clickable).
export async function find(page: Page, selector: string, timeout = 15_000): Promise<ElementHandle<Element>> {
  const element = await page.waitForSelector(selector, { timeout });
  if (!element) throw new Error(`not found: ${selector}`);
  return element;
}

export async function click(page: Page, selector: string, timeout?: number): Promise<void> {
  await (await find(page, selector, timeout)).click();
}

export async function openTab(page: Page, name: string): Promise<void> {
  await click(page, byRole('tab', name));
  await page.waitForFunction((tabName) => [...document.querySelectorAll('[role=tab][aria-selected=true]')].some((tab) => tab.textContent?.trim() === tabName), {}, name);
}

/** Waits until the first element matching a CSS selector has the attribute value (or matches the pattern) and returns it. */
export async function waitForAttribute(page: Page, selector: string, attribute: string, expected: string | RegExp, timeout = 15_000): Promise<string> {
  const pattern = typeof expected === 'string' ? `^${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$` : expected.source;
  const handle = await page.waitForFunction(
    (selector, attribute, pattern) => {
      const value = document.querySelector(selector)?.getAttribute(attribute);
      return value !== null && value !== undefined && new RegExp(pattern).test(value) ? value : false;
    },
    { timeout },
    selector,
    attribute,
    pattern,
  );
  return (await handle.jsonValue()) as string;
}

/** Waits until the text of the first element matching a CSS selector matches the pattern and returns it. */
export async function waitForText(page: Page, selector: string, expected: RegExp, timeout = 15_000): Promise<string> {
  const handle = await page.waitForFunction(
    (selector, pattern, flags) => {
      const text = document.querySelector(selector)?.textContent ?? '';
      return new RegExp(pattern, flags).test(text) ? text : false;
    },
    { timeout },
    selector,
    expected.source,
    expected.flags,
  );
  return (await handle.jsonValue()) as string;
}

/** The buttons' texts in a list found by its accessible name. */
export async function listButtonTexts(page: Page, listName: string): Promise<string[]> {
  const list = await find(page, byRole('list', listName));
  return list.$$eval('button', (buttons) => buttons.map((button) => button.textContent?.trim() ?? ''));
}
