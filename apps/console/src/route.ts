import { useEffect, useState } from 'react';

/** The screen in the address's hash (#/inbox, #/case/<id>, …): bookmarkable, served by one index.html. */
export function useRoute(): string[] {
  const read = () => (window.location.hash.replace(/^#\/?/, '') || 'inbox').split('/').map(decodeURIComponent);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => setRoute(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export const go = (...parts: string[]) => {
  window.location.hash = '#/' + parts.map(encodeURIComponent).join('/');
};
