// The signed-in person's token (the tab's sessionStorage, the same key as the staff side) and its claims.
// Tiny on purpose: main.tsx imports it to pick the side (staff or enterprise) before anything else loads.

const TOKEN_KEY = 'console.token';
/** Sent on window when the token changes (signed in, signed out, refused): main.tsx picks the side again. */
export const SESSION_EVENT = 'console:session';

export interface Claims {
  sub: string;
  name?: string;
  roles?: string[];
  /** A staff member's department. */
  dept?: string;
  creditCode?: string;
  exp?: number;
}

export function token(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Keeps the token for this tab (null forgets it); the callers say who must know. */
export function setToken(t: string | null): void {
  if (t) sessionStorage.setItem(TOKEN_KEY, t);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** The token's claims, read without checking the signature (the server checks it; this only picks a screen). */
export function claims(): Claims | null {
  const t = token();
  if (!t) return null;
  try {
    const part = t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Claims;
  } catch {
    return null;
  }
}

/** An enterprise's token (role `applicant`): the console shows the enterprise side. */
export function isApplicant(): boolean {
  return claims()?.roles?.includes('applicant') ?? false;
}

export function signOut(): void {
  setToken(null);
  window.dispatchEvent(new Event(SESSION_EVENT));
}
