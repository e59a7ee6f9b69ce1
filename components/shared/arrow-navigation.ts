/** Marks a button as one stop of an arrow-key list (follow-ups, related cards, other matches). */
export const NAV_ITEM = { 'data-nav-item': '' } as const;
const NAV_SELECTOR = '[data-nav-item]:not([disabled])';

/**
 * ↓ / ↑ on a marked button moves focus to the next / previous marked button inside
 * `container` (Tab reaches them too). Returns whether it moved focus.
 */
export function moveFocusByArrow(event: React.KeyboardEvent, container: HTMLElement | null): boolean {
  if (!container || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') || event.altKey || event.ctrlKey || event.metaKey) return false;
  const target = event.target;
  if (!(target instanceof HTMLElement) || !target.matches(NAV_SELECTOR)) return false;
  const items = [...container.querySelectorAll<HTMLElement>(NAV_SELECTOR)];
  const index = items.indexOf(target);
  const next = items[event.key === 'ArrowDown' ? Math.min(items.length - 1, index + 1) : Math.max(0, index - 1)];
  event.preventDefault();
  next?.focus();
  return true;
}

/** Focuses the first marked button inside `container` (↓ from the search box while a card is open). */
export function focusFirstNavItem(container: HTMLElement | null): boolean {
  const first = container?.querySelector<HTMLElement>(NAV_SELECTOR);
  first?.focus();
  return first !== undefined && first !== null;
}
