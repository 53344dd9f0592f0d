import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser, hasRole } from '@permits/auth';
import { Clock } from '@permits/clock';
import { PermitRegisterChangedV1 } from '@permits/contracts/jobs';
import { rowValues } from '@permits/persistence';
import { shanghaiDate } from '@permits/workflow/calendar';
import { startClock } from '@permits/workflow/clock';
import { WorkflowDefinition } from '@permits/workflow/engine';
import { Actor, AuditRecords, BundledCalendar, CaseRuntime } from '@permits/workflow-runtime';
import { EntityHistoryRow, InspectorRow, PenaltyRow, RegulatedEntityRow } from './entities';
import { RiskClass } from './plans/draw';
import { DomainError, notFound } from '@permits/core';

const SYSTEM: Actor = { id: 'system:supervision', roles: ['admin'] };
const LIVE_PERMIT = new Set(['valid', 'expiring']);

/**
 * Whether an entity is on the positive list today (API.md: online monitoring installed, no penalty in 2 years,
 * no alarm in 6 months, no open violation). An entity without online monitoring is never on it.
 */
export function onPositiveList(
  e: Pick<RegulatedEntityRow, 'active' | 'onlineMonitoring' | 'penaltyUntil' | 'alarmUntil' | 'openViolations'>,
  today: string,
): boolean {
  return e.active && e.onlineMonitoring && (!e.penaltyUntil || e.penaltyUntil <= today) && (!e.alarmUntil || e.alarmUntil <= today) && e.openViolations === 0;
}

/** The last day of a period `YYYY-Qn`. */
export function periodEnd(period: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (!m) throw new DomainError('INVALID_INPUT', 'period must look like 2026-Q3');
  const end = new Date(Date.UTC(Number(m[1]), Number(m[2]) * 3, 0));
  return end.toISOString().slice(0, 10);
}

@Injectable()
export class SupervisionService {
  private readonly logger = new Logger(SupervisionService.name);

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly runtime: CaseRuntime,
    private readonly calendar: BundledCalendar,
    private readonly records: AuditRecords,
  ) {}

  async today(): Promise<{ now: Date; today: string }> {
    const now = await this.clock.now();
    return { now, today: shanghaiDate(now) };
  }

  // ---- the register ------------------------------------------------------------------------------

  /** A permit changed in discharge-permit's register: the entity follows (called inside the consumer's inbox transaction). */
  async applyRegisterChange(tx: EntityManager, p: PermitRegisterChangedV1): Promise<void> {
    const now = await this.clock.now();
    const repo = tx.getRepository(RegulatedEntityRow);
    const before = await repo.findOne({ where: { creditCode: p.creditCode }, lock: { mode: 'pessimistic_write' } });
    const permits = {
      ...(before?.permits ?? {}),
      [p.permitNo]: { status: p.status, licenseType: p.licenseType, managementCategory: p.managementCategory ?? null, validTo: p.validTo },
    };
    const active = Object.values(permits).some((x) => LIVE_PERMIT.has(x.status));
    const keyByRegister = Object.values(permits).some((x) => LIVE_PERMIT.has(x.status) && x.managementCategory === 'key');
    const riskClass: RiskClass = before?.riskClassSetByStaff ? before.riskClass : keyByRegister ? 'key' : 'general';
    const after = { creditCode: p.creditCode, name: p.holderName || before?.name || p.creditCode, riskClass, permits, active, updatedAt: now };
    if (before) await repo.update({ creditCode: p.creditCode }, after);
    else
      await repo.insert({
        ...after,
        riskClassSetByStaff: false,
        onlineMonitoring: false,
        lastInspectedOn: null,
        penaltyUntil: null,
        alarmUntil: null,
        openViolations: 0,
      });
    await tx.getRepository(EntityHistoryRow).insert(
      rowValues<EntityHistoryRow>({
        creditCode: p.creditCode,
        at: now,
        actor: 'discharge-permit',
        action: `permit_${p.action}`,
        detail: {
          permitNo: p.permitNo,
          status: p.status,
          before: before ? { name: before.name, riskClass: before.riskClass, active: before.active } : null,
          after: { name: after.name, riskClass, active },
        },
      }),
    );
  }

  async setEntity(user: AuthUser, creditCode: string, body: { riskClass?: RiskClass; onlineMonitoring?: boolean }) {
    if (!(hasRole(user, 'admin') || (hasRole(user, 'head') && (user.dept === 'enforcement' || user.dept === 'pollution')))) {
      throw new DomainError('FORBIDDEN', 'only a head of enforcement or pollution, or an admin, sets risk class and online monitoring');
    }
    const { now } = await this.today();
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(RegulatedEntityRow);
      const e = await repo.findOne({ where: { creditCode }, lock: { mode: 'pessimistic_write' } });
      if (!e) throw notFound('regulated entity');
      const change: Partial<RegulatedEntityRow> = { updatedAt: now };
      if (body.riskClass !== undefined) Object.assign(change, { riskClass: body.riskClass, riskClassSetByStaff: true });
      if (body.onlineMonitoring !== undefined) change.onlineMonitoring = body.onlineMonitoring;
      await repo.update({ creditCode }, change);
      await tx.getRepository(EntityHistoryRow).insert({
        creditCode,
        at: now,
        actor: user.id,
        action: 'classified',
        detail: {
          before: { riskClass: e.riskClass, onlineMonitoring: e.onlineMonitoring },
          after: { riskClass: body.riskClass ?? e.riskClass, onlineMonitoring: body.onlineMonitoring ?? e.onlineMonitoring },
        },
      });
      return this.entityView(await repo.findOneByOrFail({ creditCode }), shanghaiDate(now));
    });
  }

  entityView(e: RegulatedEntityRow, today: string) {
    return {
      creditCode: e.creditCode,
      name: e.name,
      riskClass: e.riskClass,
      onlineMonitoring: e.onlineMonitoring,
      positiveList: onPositiveList(e, today),
      lastInspectedOn: e.lastInspectedOn,
      active: e.active,
    };
  }

  // ---- the roster --------------------------------------------------------------------------------

  async putInspector(userId: string, body: { name: string; active: boolean; conflicts: string[] }) {
    const { now } = await this.today();
    const row = { userId, name: body.name, active: body.active, conflicts: [...new Set(body.conflicts)].sort(), updatedAt: now };
    await this.db.getRepository(InspectorRow).upsert(row, ['userId']);
    return { userId, name: row.name, active: row.active, conflicts: row.conflicts };
  }

  private async startCase(
    tx: EntityManager,
    id: string,
    definition: WorkflowDefinition,
    creditCode: string,
    subItemCode: string,
    data: Record<string, unknown>,
    clock: ReturnType<typeof startClock>,
  ): Promise<void> {
    await this.runtime.start(
      tx,
      { caseId: id, definition, licenseType: 'other', subItemCode, applicantCreditCode: creditCode, applicantUserId: 'system:supervision', data, clock },
      SYSTEM,
      { correlationId: id, input: { ...data } },
    );
  }
}

/** The supervision figures of the business-environment report over [from, to] (Asia/Shanghai days, inclusive). */
export async function supervisionFigures(db: DataSource, from: string, to: string, today: string) {
  const start = new Date(`${from}T00:00:00+08:00`);
  const end = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000);
  const entities = await db.getRepository(RegulatedEntityRow).find({ where: { active: true } });
  const positive = entities.filter((e) => onPositiveList(e, today)).length;
  const perPeriod: { period: string; drawn: number; done: number; onSite: number; offSite: number; violations: number }[] = await db.query(
    `SELECT p.period, count(*)::int AS drawn, count(*) FILTER (WHERE c.status IN ('compliant', 'violation'))::int AS done,
            count(*) FILTER (WHERE NOT c.off_site)::int AS "onSite", count(*) FILTER (WHERE c.off_site)::int AS "offSite",
            count(*) FILTER (WHERE c.status = 'violation')::int AS violations
       FROM checks c JOIN plans p ON p.id = c.plan_id
      WHERE p.drawn_at >= $1 AND p.drawn_at < $2 AND c.status <> 'cancelled'
      GROUP BY p.period ORDER BY p.period`,
    [start, end],
  );
  const penalties = await db
    .getRepository(PenaltyRow)
    .createQueryBuilder('p')
    .where("p.status = 'decided'")
    .andWhere('p.decided_on BETWEEN :from AND :to', { from, to })
    .getMany();
  const onTime = penalties.filter((p) => p.publishedAt && p.publishBy && shanghaiDate(p.publishedAt) <= p.publishBy).length;
  return {
    entities: {
      total: entities.length,
      key: entities.filter((e) => e.riskClass === 'key').length,
      general: entities.filter((e) => e.riskClass === 'general').length,
      onlineMonitoring: entities.filter((e) => e.onlineMonitoring).length,
      positiveList: positive,
      positiveListShare: entities.length ? Math.round((positive / entities.length) * 10_000) / 10_000 : null,
    },
    inspections: perPeriod,
    penalties: {
      decided: penalties.length,
      publishedOnTime: onTime,
      publishedLate: penalties.filter((p) => p.publishedAt).length - onTime,
      unpublished: penalties.filter((p) => !p.publishedAt).length,
    },
  };
}
