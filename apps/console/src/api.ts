// The console's only way to the server: the public API under /api/v1, with the signed-in person's token.
// Request and task shapes come from the client generated from apps/gateway/openapi.json (npm run gen:client).
import type { components } from '../../../libs/api-client/src/schema';

export type Schemas = components['schemas'];
/** A task; `caseId` (the case it belongs to: a licence's application, or a supervision case) where the API sends it. */
export type Task = Schemas['TaskItemDto'] & { caseId?: string };
export type CompleteTask = Schemas['CompleteTaskDto'];
export type SuspendClock = Schemas['SuspendClockDto'];
export type Extension = Schemas['ExtensionDto'];
export type Delegate = Schemas['DelegateTaskDto'];
export type Signers = Schemas['SignersDto'];
export type CaseDiagram = Schemas['CaseDiagramDto'];
export type CreatePlan = Schemas['CreatePlanDto'];
export type Labels = Record<string, Record<string, string>>;
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Sla {
  clock: 'not_started' | 'running' | 'paused' | 'stopped';
  statutoryLimit: { days: number; unit: string } | null;
  committedLimit: { days: number; unit: string } | null;
  statutoryDeadline: string | null;
  committedDeadline: string | null;
  elapsedDays: number;
  remainingDays: number | null;
  daysSaved: number | null;
  level: 'green' | 'yellow' | 'red';
}
export interface HistoryLine {
  at: string;
  actor: string;
  action: string;
  detail?: Record<string, unknown> | null;
}
export interface Application {
  id: string;
  status: string;
  licenseType: string;
  subItemCode: string;
  applicant: { creditCode: string; name: string };
  project?: { name?: string; code?: string; location?: string; investment?: number; industryCode?: string };
  projectName?: string;
  materials?: { code: string; fileName: string; sha256: string }[];
  receivedOn?: string | null;
  acceptedOn?: string | null;
  createdAt: string;
  channel?: string;
  openTasks: { id: string; kind: string; dept: string; assignee?: string | null }[];
  history: HistoryLine[];
  sla: Sla | null;
  filingNo?: string;
  /** A supervision case (GET /api/v1/cases/:caseId): its kind and facts in place of the project. */
  caseKind?: 'inspection' | 'penalty' | 'alarm_verification';
  facts?: Record<string, unknown>;
}
export interface Notification {
  id: string;
  kind: string;
  applicationId: string | null;
  createdAt: string;
  readAt: string | null;
}

/** What the API said when it refused: its status, stable code and human message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'console.token';
export const session = {
  get token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set(token: string | null) {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
};

export interface Me {
  id: string;
  name: string;
  roles: string[];
  dept?: string;
  exp?: number;
}

/** The signed-in person, read from the token's claims (the server checks the signature; this only shows it). */
export function me(): Me | null {
  const t = session.token;
  if (!t) return null;
  try {
    const part = t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(
      atob(part)
        .split('')
        .map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
        .join(''),
    );
    const c = JSON.parse(json) as { sub: string; name?: string; roles?: string[]; dept?: string; exp?: number };
    return { id: c.sub, name: c.name ?? c.sub, roles: c.roles ?? [], dept: c.dept, exp: c.exp };
  } catch {
    return null;
  }
}

async function request<T>(method: string, path: string, body?: unknown, raw = false): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) {
    let code = 'HTTP_' + res.status;
    let message = res.statusText;
    try {
      const b = (await res.json()) as { code?: string; message?: string | string[] };
      code = b.code ?? code;
      message = Array.isArray(b.message) ? b.message.join('; ') : (b.message ?? message);
    } catch {
      /* not JSON: keep the status text */
    }
    if (res.status === 401) window.dispatchEvent(new Event('console:unauthorized'));
    throw new ApiError(res.status, code, message);
  }
  if (raw) return (await res.blob()) as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  blob: (path: string) => request<Blob>('GET', path, undefined, true),
};

export function qs(params: Record<string, string | number | undefined | null>): string {
  const p = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return p.length ? '?' + p.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&') : '';
}

/** Saves a blob the API answered (a CSV, a material) under a file name. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** How long the console waits before opening the task stream again after it dropped, and how often it refreshes meanwhile. */
export const STREAM_RETRY_MS = 5_000;
export const FALLBACK_REFRESH_MS = 30_000;

/**
 * Follows GET /api/v1/tasks/stream (server-sent events) with the signed-in person's token: EventSource cannot
 * send an Authorization header, so fetch with a stream reader. Calls `onTask` for each `event: task` (a hint
 * that new work opened: the caller reads the inbox through the API again, never trusts the frame's fields),
 * `onUp` each time it opened, `onDown` each time the stream could not open or dropped; opens it again after STREAM_RETRY_MS until `signal`
 * aborts. A 401/403 ends it for good (the token will not get better by retrying).
 */
export async function followTaskStream(onTask: () => void, onUp: () => void, onDown: () => void, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    try {
      const res = await fetch('/api/v1/tasks/stream', {
        headers: { Accept: 'text/event-stream', ...(session.token ? { Authorization: `Bearer ${session.token}` } : {}) },
        signal,
      });
      if (res.status === 401 || res.status === 403) return onDown();
      if (!res.ok || !res.body) throw new Error(`task stream answered ${res.status}`);
      onUp();
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (frame.split('\n').includes('event: task')) onTask();
        }
      }
    } catch {
      if (signal.aborted) return;
    }
    onDown();
    await new Promise((r) => setTimeout(r, STREAM_RETRY_MS));
  }
}
