import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The sticky top of the panel: the extension's icon (the browser already shows its name
 * above the panel), the tabs and the search box. Its height is published as
 * --header-height so focus moved by Tab or scrollIntoView never lands under it
 * (scroll-padding-top in style.css).
 */
export function PanelHeader({ tabs, children }: { tabs: ReactNode; children?: ReactNode }) {
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
  const icon = (
    <h1 className="shrink-0">
      <img src="/icon/48.png" width={24} height={24} alt="asyncio Interview Copilot" className="block" />
    </h1>
  );
  return (
    <header
      ref={headerRef}
      className="sticky top-0 z-10 flex flex-col gap-2 border-b border-zinc-200 bg-white px-3 pt-2 pb-2 dark:border-zinc-800 dark:bg-zinc-950"
    >
      {/* Six tabs need the whole width of a 360 px panel: the icon sits beside the search box
          when there is one, so the header stays two rows. */}
      <div className="flex items-start gap-2">
        {!children && icon}
        {tabs}
      </div>
      {children && (
        <div className="flex items-center gap-2">
          {icon}
          <div className="min-w-0 flex-1">{children}</div>
        </div>
      )}
    </header>
  );
}
