import { useEffect } from 'react';

/**
 * Calls `load` now and each time the person comes back to the page (the tab shows again, the window gets the
 * focus): what changed while nobody looked is read once when someone does, instead of on a timer. Counts
 * that change with the person's own acts (marking read) are read again by those acts; `deps` (a new screen,
 * say) are further reasons to read now.
 */
export function useWhenSeen(load: () => void, deps: readonly unknown[] = []): void {
  useEffect(() => {
    load();
    const again = () => {
      if (document.visibilityState === 'visible') load();
    };
    document.addEventListener('visibilitychange', again);
    window.addEventListener('focus', again);
    return () => {
      document.removeEventListener('visibilitychange', again);
      window.removeEventListener('focus', again);
    };
  }, [load, ...deps]);
}
