import { lazy, Suspense, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { isApplicant, SESSION_EVENT } from './enterprise/session';

// The token's role picks the side, each loaded on its own: the staff workbench, or the enterprise side (企业端).
const Staff = lazy(() => import('./App').then((m) => ({ default: m.App })));
const Enterprise = lazy(() => import('./enterprise/Root'));

function Console() {
  const [enterprise, setEnterprise] = useState(isApplicant);
  useEffect(() => {
    const on = () => setEnterprise(isApplicant());
    window.addEventListener(SESSION_EVENT, on);
    return () => window.removeEventListener(SESSION_EVENT, on);
  }, []);
  return <Suspense fallback={null}>{enterprise ? <Enterprise /> : <Staff />}</Suspense>;
}

createRoot(document.getElementById('root') as HTMLElement).render(<Console />);
