import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The sticky top of the panel, the same in every view: the tabs on the first row, and the
 * extension's icon (the browser already shows its name above the panel) beside the search box
 * on the second. Its height is published as --header-height so focus moved by Tab or
 * scrollIntoView never lands under it (scroll-padding-top in style.css).
 */
export function PanelHeader({ tabs, children }: { tabs: ReactNode; children: ReactNode }) {
  const headerRef = useRef<HTMLElement>(null);
  useEffect(() => {
    const header = headerRef.current;
    if (!header) return;
    const observer = new ResizeObserver(() =>
      document.documentElement.style.setProperty('--header-height', `${header.getBoundingClientRect().height}px`),
    );
    observer.observe(header);
    return () => observer.disconnect();
  }, []);
  return (
    <header
      ref={headerRef}
      className="sticky top-0 z-10 flex flex-col gap-2 border-b border-zinc-200 bg-white px-3 pt-2 pb-2 dark:border-zinc-800 dark:bg-zinc-950"
    >
      {/* Six tabs take a row of their own: beside the icon they would not fit a 360 px panel
          with a scroll bar, and a header that changes between views would move the tabs. */}
      {tabs}
      <div className="flex items-center gap-2">
        <h1 className="shrink-0">
          <img src="/icon/48.png" width={24} height={24} alt="asyncio Interview Copilot" className="block" />
        </h1>
        <div className="min-w-0 flex-1">{children}</div>
      </div>
    </header>
  );
}
