import { ServiceName } from '@permits/config';

/**
 * Where each portal path is served. Paths that one service owns are proxied as they are; the few that
 * span services (the task inbox, a case's full view, overviews) are composed by the gateway.
 */
export type Route =
  | { kind: 'proxy'; service: ServiceName }
  | { kind: 'task'; taskId: string } // owner from the task id's prefix
  | { kind: 'case'; applicationId: string } // owner looked up from intake
  | { kind: 'compose'; name: 'tasks' | 'application' | 'sla-overview' | 'audit-verify' | 'audit-verification'; method?: 'POST' }
  /** GET /cases/:caseId[/audit|/diagram]: a supervision case (supervision knows its own), else a licence's. */
  | { kind: 'any-case'; caseId: string; part: '' | '/audit' | '/diagram' }
  /** GET /tasks/stream: the gateway's own (TaskStreamController); any other method reaches the catch-all and answers 404. */
  | { kind: 'task-stream' };

/** Task ids carry their service's prefix so a task command is routed without a lookup. */
export const TASK_ID_PREFIX: Record<string, ServiceName> = { in: 'intake', ea: 'eia-review', dp: 'discharge-permit', su: 'supervision' };
export const CASE_SERVICES: ServiceName[] = ['intake', 'eia-review', 'discharge-permit', 'supervision'];
/** The services that hold licence cases: supervision's checks, penalties and alarm verifications are no licences. */
export const LICENCE_SERVICES: ServiceName[] = CASE_SERVICES.filter((s) => s !== 'supervision');

export function serviceForTaskId(taskId: string): ServiceName | undefined {
  const m = /^([a-z]{2})_/.exec(taskId);
  return m ? TASK_ID_PREFIX[m[1]] : undefined;
}

export function route(method: string, path: string): Route | undefined {
  const p = path.replace(/\/+$/, '');
  let m: RegExpExecArray | null;
  if (p === '/api/v1/catalog/items' || p.startsWith('/api/v1/catalog/')) return { kind: 'proxy', service: 'intake' };
  if (p === '/api/v1/files' || p.startsWith('/api/v1/files/')) return { kind: 'proxy', service: 'intake' };
  if (p === '/api/v1/reports/business-environment' || p === '/api/v1/reports/handled-outside') return { kind: 'proxy', service: 'intake' };
  if (p === '/api/v1/public/decisions') return { kind: 'proxy', service: 'intake' }; // no token: intake marks it public
  if (p.startsWith('/api/v1/calendar')) return { kind: 'proxy', service: 'intake' };
  if (p === '/api/v1/_test/clock') return { kind: 'proxy', service: 'intake' };
  if (p === '/api/v1/labels' || p === '/api/v1/workflows' || p.startsWith('/api/v1/workflows/')) return { kind: 'proxy', service: 'intake' };
  if (p === '/api/v1/applications') return { kind: 'proxy', service: 'intake' };
  if (p === '/api/v1/staff' || /^\/api\/v1\/staff\/[^/]+(\/changes)?$/.test(p)) return { kind: 'proxy', service: 'intake' };
  if (/^\/api\/v1\/applications\/([^/]+)$/.test(p)) return method === 'GET' ? { kind: 'compose', name: 'application' } : { kind: 'proxy', service: 'intake' };
  if (/^\/api\/v1\/applications\/([^/]+)\/(supplements|rating)$/.test(p)) return { kind: 'proxy', service: 'intake' };
  if (
    (m =
      /^\/api\/v1\/applications\/([^/]+)\/(withdraw|suspend|resume|migrate|on-site-check|countersign\/signers|clock\/suspend|clock\/resume|extensions|recusals|audit|audit\.csv|diagram)$/.exec(
        p,
      ))
  )
    return { kind: 'case', applicationId: decodeURIComponent(m[1]) };
  if ((m = /^\/api\/v1\/cases\/([^/]+)(\/audit|\/diagram)?$/.exec(p)))
    return { kind: 'any-case', caseId: decodeURIComponent(m[1]), part: (m[2] ?? '') as '' | '/audit' | '/diagram' };
  if (p === '/api/v1/tasks') return { kind: 'compose', name: 'tasks' };
  // before the task route, which would take "stream" for a task id
  if (p === '/api/v1/tasks/stream') return { kind: 'task-stream' };
  if ((m = /^\/api\/v1\/tasks\/([^/]+)(\/.*)?$/.exec(p))) return { kind: 'task', taskId: decodeURIComponent(m[1]) };
  if (p === '/api/v1/sla/overview') return { kind: 'compose', name: 'sla-overview' };
  if (p === '/api/v1/audit/verify') return { kind: 'compose', name: 'audit-verify' };
  if (p === '/api/v1/audit/verifications') return { kind: 'compose', name: 'audit-verification', method: 'POST' };
  if (/^\/api\/v1\/audit\/verifications\/[^/]+$/.test(p)) return { kind: 'compose', name: 'audit-verification' };
  if (p === '/api/v1/notifications' || p.startsWith('/api/v1/notifications/')) return { kind: 'proxy', service: 'notification' };
  if (p.startsWith('/api/v1/eia/') || p.startsWith('/api/v1/integrations/national-eia/')) return { kind: 'proxy', service: 'eia-review' };
  if (p === '/api/v1/permits' || p.startsWith('/api/v1/permits/')) return { kind: 'proxy', service: 'discharge-permit' };
  // no token: discharge-permit marks them public (a certificate's verification address and the key that checks its signature)
  if (p.startsWith('/api/v1/public/permits/') || p === '/api/v1/public/certificate-key') return { kind: 'proxy', service: 'discharge-permit' };
  if (
    p.startsWith('/api/v1/supervision/') ||
    p === '/api/v1/public/supervision/plans' ||
    p.startsWith('/api/v1/public/supervision/plans/') ||
    p === '/api/v1/public/penalties' ||
    p === '/api/v1/integrations/monitoring/alarms'
  )
    return { kind: 'proxy', service: 'supervision' };
  return undefined;
}
