import { describe, expect, it } from 'vitest';
import { MENU_SELECTION_CHARS, MENU_TITLE_TEMPLATE, menuTitleFor } from '@/utils/menu-title';

describe('context-menu label', () => {
  it('names the product before the selection, so cutting the end keeps it', () => {
    expect(MENU_TITLE_TEMPLATE.indexOf('asyncio Copilot')).toBe(0);
    expect(MENU_TITLE_TEMPLATE).toContain('%s');
  });

  it('quotes a short selection whole', () => {
    expect(menuTitleFor('gather vs wait')).toBe('asyncio Copilot: look up “gather vs wait”');
  });

  it('shortens a long selection to the limit with an ellipsis and collapses its whitespace', () => {
    const long = 'RuntimeError:   asyncio.run() cannot be called\nfrom a running event loop, said the traceback';
    const title = menuTitleFor(long);
    const quoted = title.slice(title.indexOf('“') + 1, title.lastIndexOf('”'));
    expect([...quoted].length).toBeLessThanOrEqual(MENU_SELECTION_CHARS);
    expect(quoted.endsWith('…')).toBe(true);
    expect(quoted.startsWith('RuntimeError: asyncio.run() cannot')).toBe(true);
  });

  it('counts characters, not UTF-16 units, and never shows an access-key marker', () => {
    expect(menuTitleFor('😀'.repeat(60))).toMatch(new RegExp(`“(😀){${MENU_SELECTION_CHARS - 1}}…”$`, 'u'));
    expect(menuTitleFor('A & B')).toBe('asyncio Copilot: look up “A && B”');
    expect(menuTitleFor('   ')).toBe('asyncio Copilot: look up the selection');
  });
});
