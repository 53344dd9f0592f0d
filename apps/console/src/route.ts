import { useEffect, useState } from 'react';

/**
 * The screen in the address's hash (#/inbox, #/case/<id>; the enterprise's #/applications, #/application/<id>, …):
 * bookmarkable, served by one index.html; `home` where the hash names none.
 */
export function useRoute(home = 'inbox'): string[] {
  const [route, setRoute] = useState(() => read(home));
  useEffect(() => {
    const on = () => setRoute(read(home));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, [home]);
  return route;
}

const read = (home: string) => (window.location.hash.replace(/^#\/?/, '') || home).split('/').map(decodeURIComponent);

/** A screen's address, for a link: href('case', id) is `#/case/<id>`. */
export const href = (...parts: string[]) => '#/' + parts.map(encodeURIComponent).join('/');

export const go = (...parts: string[]) => {
  window.location.hash = href(...parts);
};
