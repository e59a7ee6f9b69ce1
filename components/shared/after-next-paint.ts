import { useEffect, useState } from 'react';

/** Resolves once the frame rendered now has been painted (or soon, if the page is hidden and paints nothing). */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 100);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }),
    );
  });
}

/** Resolves once the page's first contentful paint has been presented (or after `fallbackMs`,
 * for a hidden page that paints nothing). A frame produced is not yet a frame on screen: the
 * paint's timestamp is when it was presented, which can come after the task that follows
 * requestAnimationFrame, so work that must not precede it waits for the entry itself. */
export function afterFirstContentfulPaint(fallbackMs = 250): Promise<void> {
  return new Promise((resolve) => {
    const painted = () => performance.getEntriesByName('first-contentful-paint', 'paint').length > 0;
    if (painted() || typeof PerformanceObserver === 'undefined') return resolve();
    const observer = new PerformanceObserver(() => {
      if (!painted()) return;
      finish();
    });
    const fallback = setTimeout(() => finish(), fallbackMs);
    const finish = () => {
      clearTimeout(fallback);
      observer.disconnect();
      resolve();
    };
    try {
      observer.observe({ type: 'paint', buffered: true });
    } catch {
      finish(); // a browser without paint timing: nothing to wait for
    }
  });
}

/** False in a component's first render, true from the frame after it was painted: what is
 * below the fold waits a frame, so the first one shows the top sooner. */
export function usePaintedOnce(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    let live = true;
    void afterNextPaint().then(() => live && setPainted(true));
    return () => {
      live = false;
    };
  }, []);
  return painted;
}
