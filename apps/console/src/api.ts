// The console's only way to the server: the public API under /api/v1, with the signed-in person's token.
// Calls go through openapi-fetch typed by the client generated from apps/gateway/openapi.json (libs/api-client,
// `npm run gen:client`): a path, parameter or body the document does not have fails to compile.
import createClient from 'openapi-fetch';
import type { components, paths } from '../../../libs/api-client/src/schema';
import { bearer } from './http';
import { claims, setToken, token } from './enterprise/session';

export { ApiError, ok, save } from './http';

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
/** The task list's query (GET /api/v1/tasks): status, sort, kind, slaLevel, licenseType, paging. */
export type TaskQuery = NonNullable<paths['/api/v1/tasks']['get']['parameters']['query']>;
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
  /** 好差评: the enterprise's rating once given (null before; intake's view of a licence). */
  rating?: { score: number; comment: string | null; ratedAt: string; followUp: boolean } | null;
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

/** The tab's token (the same key as the enterprise side's). */
export const session = {
  get token(): string | null {
    return token();
  },
  set: setToken,
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
  const c = claims();
  return c ? { id: c.sub, name: c.name ?? c.sub, roles: c.roles ?? [], dept: c.dept, exp: c.exp } : null;
}

/** The routes the gateway composes that the OpenAPI document does not describe (yet): declared here, once. */
interface ComposedPaths {
  '/api/v1/cases/{caseId}': { get: Get<{ path: { caseId: string } }, Application> };
  '/api/v1/cases/{caseId}/diagram': { get: Get<{ path: { caseId: string } }, CaseDiagram> };
  '/api/v1/cases/{caseId}/audit': { get: Get<{ path: { caseId: string } }, Schemas['AuditPageDto']> };
  /** Development only (DEV_TOKENS=1): not part of the portal's contract. */
  '/api/v1/dev/token': {
    post: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody: { content: { 'application/json': { roles: string[]; dept?: string; name?: string; sub?: string } } };
      responses: { 201: { headers: Record<string, unknown>; content: { 'application/json': { token: string } } } };
    };
  };
}
interface Get<P, T> {
  parameters: { query?: never; header?: never; cookie?: never } & P;
  requestBody?: never;
  responses: { 200: { headers: Record<string, unknown>; content: { 'application/json': T } } };
}

/** The typed client: `client.GET('/api/v1/tasks', { params: { query: … } })`; pass its answer through `ok`. */
export const client = createClient<paths & ComposedPaths>({ baseUrl: '', headers: { Accept: 'application/json' } });
client.use(bearer(token, () => window.dispatchEvent(new Event('console:unauthorized'))));

/** How long the console waits before opening the task stream again after it dropped; while it is down, lists are read again at most every FALLBACK_REFRESH_MS. */
export const STREAM_RETRY_MS = 5_000;
export const FALLBACK_REFRESH_MS = 30_000;

/**
 * What a screen hears from the task stream: `task` when there may be new work (a burst of announcements comes as
 * one call, a second after the first; and once when the stream opens again after a drop, since what opened
 * meanwhile was announced to no one), `down` each time the stream could not open (every STREAM_RETRY_MS while down).
 */
export interface TaskStreamListener {
  task: () => void;
  down?: () => void;
}

/** Announcements within this long of the first come to a listener as one `task` call (one read of a list, not twenty). */
const TASK_COALESCE_MS = 1_000;
const streamListeners = new Set<{ task: () => void; up: () => void; down: () => void; close: () => void }>();
let streamStop: AbortController | undefined;

/**
 * Listens to the one task stream the console keeps open while any screen listens (the inbox and the bell share
 * it); returns the unsubscribe. The last listener to leave closes it.
 */
export function listenToTaskStream(listener: TaskStreamListener): () => void {
  let pending: ReturnType<typeof setTimeout> | undefined;
  let wasDown = false;
  const entry = {
    task: () => {
      pending ??= setTimeout(() => {
        pending = undefined;
        listener.task();
      }, TASK_COALESCE_MS);
    },
    up: () => {
      if (wasDown) listener.task();
      wasDown = false;
    },
    down: () => {
      wasDown = true;
      listener.down?.();
    },
    close: () => pending && clearTimeout(pending),
  };
  streamListeners.add(entry);
  if (!streamStop) {
    const stop = (streamStop = new AbortController());
    const each = (what: 'task' | 'up' | 'down') => () => [...streamListeners].forEach((l) => l[what]());
    // a stream refused for good (401/403: signed out) ends; the next screen to listen, after signing in, opens a new one
    void followTaskStream(each('task'), each('up'), each('down'), stop.signal).finally(() => {
      if (streamStop === stop) streamStop = undefined;
    });
  }
  return () => {
    entry.close();
    streamListeners.delete(entry);
    if (streamListeners.size === 0) {
      streamStop?.abort();
      streamStop = undefined;
    }
  };
}

/**
 * Follows GET /api/v1/tasks/stream (server-sent events) with the signed-in person's token: EventSource cannot
 * send an Authorization header, so fetch with a stream reader. Calls `onTask` for each `event: task` (a hint
 * that new work opened: the caller reads the inbox through the API again, never trusts the frame's fields),
 * `onUp` each time it opened, `onDown` each time the stream could not open or dropped; opens it again after STREAM_RETRY_MS until `signal`
 * aborts. A 401/403 ends it for good (the token will not get better by retrying).
 */
async function followTaskStream(onTask: () => void, onUp: () => void, onDown: () => void, signal: AbortSignal): Promise<void> {
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
