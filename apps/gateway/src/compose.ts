import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyRequest as Request } from 'fastify';
import { ServiceName } from '@permits/config';
import { pathOf } from '@permits/http';
// the keyset orders and cursors every service's task lists use
import { compareTasks, encodeTaskCursor, TaskOrder, TaskSortKey } from '@permits/workflow-runtime/cursor';
import { CASE_SERVICES, LICENCE_SERVICES } from './routes';
import { Upstream, UpstreamAnswer } from './upstream';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
type TaskItem = TaskSortKey;

/** Merges the services' pages, each already in `order`, and cuts at the limit with a cursor every service understands. */
export function mergeTaskPages<T extends TaskItem>(pages: T[][], limit: number, order: TaskOrder = 'created'): { items: T[]; nextCursor: string | null } {
  const all = pages.flat().sort((a, b) => compareTasks(order, a, b));
  const items = all.slice(0, limit);
  const more = all.length > limit || pages.some((p) => p.length >= limit);
  return { items, nextCursor: more && items.length > 0 ? encodeTaskCursor(order, items[items.length - 1]) : null };
}

export function mergeNewestFirst<T extends TaskItem>(pages: T[][], limit: number): { items: T[]; nextCursor: string | null } {
  return mergeTaskPages(pages, limit, 'created');
}

/** The order the services answered in, from the same query they were asked (an invalid one: they answer 400). */
function orderOf(req: Request): TaskOrder {
  const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
  const query = req.query as Record<string, unknown>;
  const status = one(query.status) === 'completed' ? 'completed' : 'open';
  const sort = one(query.sort);
  if (sort === 'dueDate') return 'due';
  if (sort === 'createdAt') return 'created';
  if (sort === 'completedAt') return 'completed';
  return status === 'completed' ? 'completed' : 'created';
}

function firstError(answers: UpstreamAnswer[]): UpstreamAnswer | undefined {
  return answers.find((a) => a.status >= 400);
}

/** The portal routes that span services: read from each owner and combine, never from a copy. */
@Injectable()
export class Composer {
  constructor(private readonly upstream: Upstream) {}

  async tasks(req: Request): Promise<UpstreamAnswer> {
    const query = req.url.slice(pathOf(req).length);
    const limit = Math.min(1000, Math.max(1, Number((req.query as { limit?: unknown }).limit ?? 50) || 50));
    const answers = await Promise.all(CASE_SERVICES.map((s) => this.upstream.get<Page<TaskItem>>(s, `/api/v1/tasks${query}`, req)));
    const err = firstError(answers);
    if (err) return err;
    return {
      status: 200,
      body: mergeTaskPages(
        answers.map((a) => a.body.items),
        limit,
        orderOf(req),
      ),
    };
  }

  /** A case's full view: intake's record, plus the owning service's tasks, history and clock once handed over. */
  async application(req: Request, id: string): Promise<UpstreamAnswer> {
    const base = await this.upstream.get<Record<string, unknown> & { owner?: ServiceName }>('intake', `/api/v1/applications/${encodeURIComponent(id)}`, req);
    if (base.status !== 200 || !base.body.owner || base.body.owner === 'intake') return base;
    const owned = await this.upstream.get<Record<string, unknown>>(base.body.owner, `/api/v1/cases/${encodeURIComponent(id)}`, req);
    if (owned.status === 404) return base; // handed over, not yet taken up: intake's view is the latest
    if (owned.status !== 200) return owned;
    const history = [...((base.body.history as unknown[]) ?? []), ...((owned.body.history as unknown[]) ?? [])];
    return { status: 200, body: { ...base.body, ...owned.body, history } };
  }

  /**
   * GET /cases/:caseId (and its /audit, /diagram) for any case the task list shows: the supervision service
   * answers its own cases (inspections, alarm verifications, penalties: intake never knew them); any other id
   * is a licence's, opened as its application (intake's record with the owning service's part).
   */
  async anyCase(req: Request, id: string, part: '' | '/audit' | '/diagram'): Promise<UpstreamAnswer> {
    const path = encodeURIComponent(id);
    // supervision away (5xx, unreachable) must not take the licences' cases with it: then the licence is asked,
    // and only if it is none, supervision's failure is the answer
    const supervision = await this.upstream.get('supervision', `/api/v1/supervision/cases/${path}${part}`, req).catch((): UpstreamAnswer => ({
      status: 503,
      body: { statusCode: 503, error: 'Service Unavailable', code: 'SERVICE_UNAVAILABLE', message: 'supervision did not answer' },
    }));
    if (supervision.status !== 404 && supervision.status < 500) return supervision;
    const licence = await this.licenceCase(req, id, part);
    return licence.status === 404 && supervision.status >= 500 ? supervision : licence;
  }

  private async licenceCase(req: Request, id: string, part: '' | '/audit' | '/diagram'): Promise<UpstreamAnswer> {
    if (part === '') return this.application(req, id);
    const found = await this.owner(req, id);
    if (found.status !== 200) return found;
    return this.upstream.get(found.body.owner ?? 'intake', `/api/v1/applications/${encodeURIComponent(id)}${part}`, req);
  }

  async owner(req: Request, id: string): Promise<UpstreamAnswer<{ owner?: ServiceName }>> {
    return this.upstream.get('intake', `/api/v1/applications/${encodeURIComponent(id)}`, req);
  }

  async slaOverview(req: Request): Promise<UpstreamAnswer> {
    // licences only: a supervision case (check, penalty, alarm verification) is never counted as a licence
    const answers = await Promise.all(LICENCE_SERVICES.map((s) => this.upstream.get<SlaOverview>(s, '/api/v1/sla/overview', req)));
    const err = firstError(answers);
    if (err) return err;
    return { status: 200, body: combineOverviews(answers.map((a) => a.body)) };
  }

  async auditVerify(req: Request): Promise<UpstreamAnswer> {
    const answers = await Promise.all(
      CASE_SERVICES.map((s) => this.upstream.get<{ ok: boolean; entries?: number; brokenAt?: string }>(s, '/api/v1/audit/verify', req)),
    );
    const err = firstError(answers);
    if (err) return err;
    const broken = answers.map((a, i) => ({ a: a.body, s: CASE_SERVICES[i] })).find((x) => !x.a.ok);
    if (broken) return { status: 200, body: { ok: false, brokenAt: broken.a.brokenAt, service: broken.s } };
    const pending = answers.find((a) => a.body.ok === null);
    if (pending) return { status: 202, body: { ok: null, message: 'the store is large: POST /api/v1/audit/verifications and follow its progress' } };
    return { status: 200, body: { ok: true, entries: answers.reduce((n, a) => n + (a.body.entries ?? 0), 0) } };
  }

  /** Starts one verification of every case service's audit store, under one id. */
  async startAuditVerification(req: Request): Promise<UpstreamAnswer> {
    const id = randomUUID();
    const answers = await Promise.all(CASE_SERVICES.map((s) => this.upstream.post<Verification>(s, '/api/v1/audit/verifications', { id }, req)));
    const err = firstError(answers);
    if (err) return err;
    return {
      status: 202,
      body: combineVerifications(
        id,
        answers.map((a) => a.body),
      ),
    };
  }

  /** A verification's progress over every case service, and its result once all are done. */
  async auditVerification(req: Request, id: string): Promise<UpstreamAnswer> {
    const answers = await Promise.all(
      CASE_SERVICES.map((s) => this.upstream.get<Verification>(s, `/api/v1/audit/verifications/${encodeURIComponent(id)}`, req)),
    );
    const err = firstError(answers);
    if (err) return err;
    return {
      status: 200,
      body: combineVerifications(
        id,
        answers.map((a) => a.body),
      ),
    };
  }
}

export interface Verification {
  status: 'running' | 'done' | 'failed';
  checked: number;
  total: number;
  result: { ok: boolean; entries?: number; brokenAt?: string } | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/** One view of the services' parts: running while any runs, failed if any failed, else the first break or the sum. */
export function combineVerifications(id: string, parts: Verification[]) {
  const status = parts.some((p) => p.status === 'failed') ? 'failed' : parts.some((p) => p.status === 'running') ? 'running' : 'done';
  const progress = { checked: parts.reduce((n, p) => n + p.checked, 0), total: parts.reduce((n, p) => n + p.total, 0) };
  let result: Record<string, unknown> | null = null;
  if (status === 'done') {
    const broken = parts.findIndex((p) => p.result && !p.result.ok);
    result =
      broken >= 0
        ? { ok: false, brokenAt: parts[broken].result?.brokenAt, service: CASE_SERVICES[broken] }
        : { ok: true, entries: parts.reduce((n, p) => n + (p.result?.entries ?? 0), 0) };
  }
  const error = parts.find((p) => p.error)?.error ?? null;
  const finished = parts.map((p) => p.finishedAt).filter((f): f is string => !!f);
  return {
    id,
    status,
    progress,
    result,
    error,
    startedAt: parts.map((p) => p.startedAt).sort()[0] ?? null,
    finishedAt: status === 'running' || finished.length < parts.length ? null : finished.sort().reverse()[0],
  };
}

export interface SlaOverview {
  open: { green: number; yellow: number; red: number };
  paused: number;
  /** Per licence type: closed cases, and over those decided (approved or denied) the averages. */
  byLicenseType: {
    licenseType: string;
    closed: number;
    decided: number;
    avgElapsedDays: number | null;
    avgDaysSaved: number | null;
    withinCommittedShare: number | null;
  }[];
}

/** Sums the case services' overviews; averages are weighted by the decided cases they are taken over. */
export function combineOverviews(parts: SlaOverview[]): SlaOverview {
  const open = { green: 0, yellow: 0, red: 0 };
  let paused = 0;
  const byType = new Map<string, SlaOverview['byLicenseType'][number]>();
  for (const p of parts) {
    open.green += p.open.green;
    open.yellow += p.open.yellow;
    open.red += p.open.red;
    paused += p.paused;
    for (const row of p.byLicenseType) {
      const prev = byType.get(row.licenseType);
      if (!prev) {
        byType.set(row.licenseType, { ...row });
        continue;
      }
      const n = prev.decided + row.decided;
      const avg = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : n === 0 ? null : (a * prev.decided + b * row.decided) / n);
      byType.set(row.licenseType, {
        licenseType: row.licenseType,
        closed: prev.closed + row.closed,
        decided: n,
        avgElapsedDays: avg(prev.avgElapsedDays, row.avgElapsedDays),
        avgDaysSaved: avg(prev.avgDaysSaved, row.avgDaysSaved),
        withinCommittedShare: avg(prev.withinCommittedShare, row.withinCommittedShare),
      });
    }
  }
  return { open, paused, byLicenseType: [...byType.values()] };
}
