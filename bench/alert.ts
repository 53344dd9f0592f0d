import { Client } from 'pg';
import type { Dept } from '@permits/contracts/enums';
import { WorkingCalendar } from '@permits/workflow/calendar';
import { ClockState, levelChangeDates } from '@permits/workflow/clock';
import { call, expectStatus } from './support/http';
import { materialsFor } from './support/materials';
import { round, sleep } from './support/stats';
import { BenchSystem } from './support/system';
import { admin, applicant, staff } from './support/users';

export interface Probe {
  caseId: string;
  /** the probe's sub-item and the department its open task is with (the alert's recipient) */
  subItem: string;
  dept: string;
  yellowOn: string;
  timers: number;
  /** from the clock move (request sent) until the notification is in the department's GET /api/v1/notifications */
  latencyMs: number | null;
  /** from the clock move to the notification row's created_at (where that is wall time) */
  createdLatencyMs: number | null;
}

export type AlertResult =
  | {
      openCases: number;
      clockMovedTo: string;
      probes: Probe[];
      /** over the probes: the alert latency (clock moved → sla_yellow visible), ms */
      latencyMs: { n: number; p50: number; p90: number; max: number };
      moveClockMs: number;
      /** SLA notifications for other cases after the move: the seeded cases are not due, so 0 */
      otherAlerts: number;
    }
  | { skipped: string; openCases: number }
  | { error: string; openCases: number };

const CST = '+08:00';

type Sub = {
  code: string;
  kind: string;
  managementCategory?: string;
  committedLimit: { days: number; unit: string };
  materials: { code: string; required: boolean }[];
};

/**
 * The alert path with the manual clock: `probes` new cases whose yellow day is known (computed with the
 * runtime's own levelChangeDates), the clock moved once to 09:00 of that day, and for each the time until
 * its `sla_yellow` notification is in the list of the department holding its open task.
 */
export async function measureAlert(
  sys: BenchSystem,
  dbUrl: string,
  o: { probes: number; timeoutMs: number; label: string; log: (l: string) => void; seededYellowOn?: string | null },
): Promise<AlertResult> {
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  try {
    const openCases = (await db.query(`SELECT count(*)::int AS n FROM discharge_permit.cases WHERE closed_at IS NULL`)).rows[0].n as number;
    const base = sys.url;
    const boss = admin();
    const window = staff('window');
    const who = applicant(900_000 + Math.floor(Math.random() * 1000));

    // new applications with the shortest committed limit among the licences discharge-permit reviews (a few
    // working days), so the yellow day is near; the next candidate if the build asks more of the project
    const catalog = expectStatus(await call<{ licenseType: string; subItems: Sub[] }[]>(base, 'GET', '/api/v1/catalog/items', who.auth), 200).body;
    const days = (x: Sub) => x.committedLimit.days * (x.committedLimit.unit === 'calendar' ? 1 : 1.4);
    const candidates = catalog
      .filter((i) => !['eia_approval', 'other'].includes(i.licenseType))
      .flatMap((i) => i.subItems)
      .filter((x) => x.kind === 'new' && x.managementCategory !== 'registration' && x.committedLimit.days > 0)
      .sort((a, b) => days(a) - days(b));
    let sub: Sub | undefined;
    let materials: Awaited<ReturnType<typeof materialsFor>> = [];
    const ids: string[] = [];
    const refused: string[] = [];
    for (const candidate of candidates.slice(0, 5)) {
      materials = await materialsFor(base, who.auth, candidate.materials);
      const created = await call<{ id: string }>(base, 'POST', '/api/v1/applications', who.auth, {
        subItemCode: candidate.code,
        project: { name: `Alert probe ${o.label} 1` },
        materials,
      });
      if (created.status === 201) {
        sub = candidate;
        ids.push(created.body.id);
        break;
      }
      refused.push(`${candidate.code}: ${created.status} ${JSON.stringify(created.body).slice(0, 200)}`);
    }
    if (!sub) return { error: `no probe application was accepted: ${refused.join('; ')}`, openCases };
    while (ids.length < o.probes) {
      const created = expectStatus(
        await call<{ id: string }>(base, 'POST', '/api/v1/applications', who.auth, {
          subItemCode: sub.code,
          project: { name: `Alert probe ${o.label} ${ids.length + 1}` },
          materials,
        }),
        201,
      );
      ids.push(created.body.id);
    }
    for (const id of ids) {
      const view = expectStatus(await call<{ openTasks: { id: string; kind: string }[] }>(base, 'GET', `/api/v1/applications/${id}`, window.auth), 200);
      const acceptance = view.body.openTasks.find((t) => t.kind === 'acceptance');
      if (!acceptance) throw new Error(`no acceptance task for ${id}`);
      expectStatus(await call(base, 'POST', `/api/v1/tasks/${acceptance.id}/complete`, window.auth, { outcome: 'accept' }), 200);
    }

    // taken up by discharge-permit: each clock runs from the acceptance day
    const probes: Probe[] = [];
    for (const id of ids) {
      let clock: ClockState | undefined;
      let yellowWithin = 2;
      for (let i = 0; i < 200 && !clock; i++) {
        const { rows } = await db.query(`SELECT clock, yellow_within_days FROM discharge_permit.cases WHERE id = $1`, [id]);
        if (rows[0]?.clock) {
          clock = rows[0].clock as ClockState;
          yellowWithin = rows[0].yellow_within_days as number;
        } else await sleep(50);
      }
      if (!clock) return { error: `case ${id} was not taken up by discharge-permit in 10 s`, openCases };
      const { yellowOn } = levelChangeDates(clock, WorkingCalendar.create(), { yellowWithinDays: yellowWithin });
      if (!yellowOn) return { error: `case ${id} has no yellow day (clock ${JSON.stringify(clock)})`, openCases };
      const dept = (await db.query(`SELECT dept FROM discharge_permit.tasks WHERE case_id = $1 AND status = 'open' ORDER BY dept LIMIT 1`, [id])).rows[0]
        ?.dept as string | undefined;
      if (!dept) return { error: `case ${id} has no open task in discharge-permit`, openCases };
      probes.push({ caseId: id, subItem: sub.code, dept, yellowOn, timers: 0, latencyMs: null, createdLatencyMs: null });
    }
    const yellowOn = probes.map((p) => p.yellowOn).sort()[probes.length - 1];
    if (o.seededYellowOn && yellowOn >= o.seededYellowOn)
      return {
        error: `the probes' yellow day ${yellowOn} is not before the seeded cases' (${o.seededYellowOn}): moving the clock would make them due too`,
        openCases,
      };
    await sleep(500); // let the handovers' own wake-ups settle
    for (const p of probes)
      p.timers = (await db.query(`SELECT count(*)::int AS n FROM discharge_permit.timers WHERE case_id = $1`, [p.caseId]).catch(() => ({ rows: [{ n: 0 }] })))
        .rows[0].n as number;
    const timers = probes.reduce((n, p) => n + p.timers, 0);
    const othersAlerted = async () =>
      (
        await db.query(`SELECT count(*)::int AS n FROM notification.notifications WHERE kind IN ('sla_yellow', 'sla_red') AND NOT (application_id = ANY($1))`, [
          ids,
        ])
      ).rows[0].n as number;
    const alertsBefore = await othersAlerted();

    const target = `${yellowOn}T09:00:00${CST}`;
    const t0 = Date.now();
    const p0 = performance.now();
    const moved = await call<{ now: string }>(base, 'POST', '/api/v1/_test/clock', boss.auth, { now: new Date(target).toISOString() });
    const moveClockMs = performance.now() - p0;
    if (moved.status !== 200) return { error: `moving the clock answered ${moved.status}: ${JSON.stringify(moved.body).slice(0, 200)}`, openCases };
    o.log(`  clock moved to ${target}, the yellow day of ${probes.length} probe cases (${sub.code}, ${timers} timer rows)`);

    const readers = new Map([...new Set(probes.map((p) => p.dept))].map((d) => [d, staff(d as Dept, ['officer'], `bench-alert-${d}`)]));
    const deadline = p0 + (timers > 0 ? o.timeoutMs : Math.min(o.timeoutMs, 15_000));
    while (performance.now() < deadline && probes.some((p) => p.latencyMs === null)) {
      for (const [d, reader] of readers) {
        const a = await call<{ items: { kind: string; applicationId: string; createdAt: string }[] }>(
          base,
          'GET',
          '/api/v1/notifications?limit=100',
          reader.auth,
        );
        if (a.status !== 200) continue;
        const seenAt = performance.now();
        for (const p of probes.filter((x) => x.dept === d && x.latencyMs === null)) {
          const hit = a.body.items.find((n) => n.kind === 'sla_yellow' && n.applicationId === p.caseId);
          if (!hit) continue;
          p.latencyMs = round(seenAt - p0);
          const createdAt = Date.parse(hit.createdAt);
          p.createdLatencyMs = Math.abs(createdAt - Date.now()) < 3600_000 ? round(createdAt - t0) : null;
        }
      }
      await sleep(20);
    }
    const seen = probes
      .filter((p) => p.latencyMs !== null)
      .map((p) => p.latencyMs as number)
      .sort((a, b) => a - b);
    if (seen.length === 0 && timers === 0) {
      return {
        skipped: `the timers/SLA alert machinery is not in this build: handed-over cases got no timer rows, and no sla_yellow notification came within ${Math.round((deadline - p0) / 1000)} s of moving the manual clock past their yellow day (${yellowOn})`,
        openCases,
      };
    }
    if (seen.length < probes.length)
      return {
        error: `${probes.length - seen.length} of ${probes.length} probes got no sla_yellow notification within ${o.timeoutMs} ms of moving the clock to ${target} (${timers} timer rows)`,
        openCases,
      };
    await sleep(1000);
    const alertsAfter = await othersAlerted();
    return {
      openCases,
      clockMovedTo: target,
      probes,
      latencyMs: { n: seen.length, p50: seen[Math.ceil(seen.length / 2) - 1], p90: seen[Math.ceil(seen.length * 0.9) - 1], max: seen[seen.length - 1] },
      moveClockMs: round(moveClockMs),
      otherAlerts: alertsAfter - alertsBefore,
    };
  } finally {
    await db.end();
  }
}
