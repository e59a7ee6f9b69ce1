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
