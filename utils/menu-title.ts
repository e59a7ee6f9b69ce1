/**
 * The context-menu item's label. The product name comes first, so when a browser cuts a
 * long label (Chrome shortens it after substituting %s) only the quoted selection loses its
 * end; where the label is set per selection (Firefox's menus.onShown) the selection is
 * shortened here, whitespace collapsed, to MENU_SELECTION_CHARS.
 */
export const MENU_SELECTION_CHARS = 40;
const PREFIX = 'asyncio Copilot: look up';

/** Chrome's label: it puts the selection in place of %s. */
export const MENU_TITLE_TEMPLATE = `${PREFIX} “%s”`;

/** The label for one selection. */
export function menuTitleFor(selection: string): string {
  const text = selection.replace(/\s+/g, ' ').trim();
  if (!text) return `${PREFIX} the selection`;
  const chars = [...text];
  const shown = chars.length > MENU_SELECTION_CHARS ? `${chars.slice(0, MENU_SELECTION_CHARS - 1).join('').trimEnd()}…` : text;
  // "&" marks an access key in Firefox menu labels; "&&" shows one "&".
  return `${PREFIX} “${shown.replaceAll('&', '&&')}”`;
}
