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
  await waitFor(page, '[role=tab][aria-selected=true]', { pattern: new RegExp(`^\\s*${escapeRegExp(name)}\\s*$`) });
}

export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Waits until the first element matching a CSS selector has an attribute (or, without one,
 * a text) matching the pattern, and returns that value. It runs inside the page on a
 * MutationObserver: puppeteer's waitForFunction builds its predicate with `new Function`,
 * which the add-on's CSP refuses on Firefox 140.
 */
export async function waitFor(page: Page, selector: string, { attribute, pattern, timeout = 15_000 }: { attribute?: string; pattern: RegExp; timeout?: number }): Promise<string> {
  return page.evaluate(
    (selector, attribute, source, flags, timeout) =>
      new Promise<string>((resolve, reject) => {
        const read = () => {
          const element = document.querySelector(selector);
          return element ? (attribute ? element.getAttribute(attribute) : element.textContent) : null;
        };
        const check = () => {
          const value = read();
          if (value === null || !new RegExp(source, flags).test(value)) return;
          stop();
          resolve(value);
        };
        const observer = new MutationObserver(check);
        const timer = setTimeout(() => {
          stop();
          reject(new Error(`${selector} ${attribute ?? 'text'} is ${JSON.stringify(read())}, not /${source}/ after ${timeout} ms`));
        }, timeout);
        const stop = () => {
          observer.disconnect();
          clearTimeout(timer);
        };
        observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
        check();
      }),
    selector,
    attribute ?? null,
    pattern.source,
    pattern.flags,
    timeout,
  );
}

/** Waits until the first element matching a CSS selector has the attribute value (or matches the pattern) and returns it. */
export function waitForAttribute(page: Page, selector: string, attribute: string, expected: string | RegExp, timeout = 15_000): Promise<string> {
  const pattern = typeof expected === 'string' ? new RegExp(`^${escapeRegExp(expected)}$`) : expected;
  return waitFor(page, selector, { attribute, pattern, timeout });
}

/** Waits until the text of the first element matching a CSS selector matches the pattern and returns it. */
export function waitForText(page: Page, selector: string, expected: RegExp, timeout = 15_000): Promise<string> {
  return waitFor(page, selector, { pattern: expected, timeout });
}

/** The buttons' texts in a list found by its accessible name. */
export async function listButtonTexts(page: Page, listName: string): Promise<string[]> {
  const list = await find(page, byRole('list', listName));
  return list.$$eval('button', (buttons) => buttons.map((button) => button.textContent?.trim() ?? ''));
}
