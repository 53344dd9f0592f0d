import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser, hasRole } from '@permits/auth';
import { Clock } from '@permits/clock';
import { Jobs, PermitRegisterChangedV1, Queues } from '@permits/contracts/jobs';
import { DomainError, notFound } from '@permits/http';
import { addToOutbox, rowValues } from '@permits/persistence';
import { daysBetween, shanghaiDate } from '@permits/workflow/calendar';
import { newClock, startClock } from '@permits/workflow/clock';
import { ALARM_VERIFICATION, SUPERVISION_PENALTY } from '@permits/workflow/definitions';
import { WorkflowDefinition } from '@permits/workflow/engine';
import { Actor, AuditRecords, BundledCalendar, CaseRow, CaseRuntime, TaskRow } from '@permits/workflow-runtime';
import { AlarmRow, CheckRow, EntityHistoryRow, InspectorRow, PenaltyRow, RegulatedEntityRow } from './entities';
import { addMonths } from './supervision.effects';
import { RiskClass } from './plans/draw';

/** Months an online monitoring alarm keeps an entity off the positive list. */
export const ALARM_MONTHS_OFF_LIST = 6;
const SYSTEM: Actor = { id: 'system:supervision', roles: ['admin'] };
const LIVE_PERMIT = new Set(['valid', 'expiring']);

/** Whether an entity is on the positive list today (API.md: no penalty in 2 years, no alarm in 6 months, no open violation). */
export function onPositiveList(e: Pick<RegulatedEntityRow, 'active' | 'penaltyUntil' | 'alarmUntil' | 'openViolations'>, today: string): boolean {
  return e.active && (!e.penaltyUntil || e.penaltyUntil <= today) && (!e.alarmUntil || e.alarmUntil <= today) && e.openViolations === 0;
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
    const permits = { ...(before?.permits ?? {}), [p.permitNo]: { status: p.status, licenseType: p.licenseType, managementCategory: p.managementCategory ?? null, validTo: p.validTo } };
    const active = Object.values(permits).some((x) => LIVE_PERMIT.has(x.status));
    const keyByRegister = Object.values(permits).some((x) => LIVE_PERMIT.has(x.status) && x.managementCategory === 'key');
    const riskClass: RiskClass = before?.riskClassSetByStaff ? before.riskClass : keyByRegister ? 'key' : 'general';
    const after = { creditCode: p.creditCode, name: p.holderName || before?.name || p.creditCode, riskClass, permits, active, updatedAt: now };
    if (before) await repo.update({ creditCode: p.creditCode }, after);
    else await repo.insert({ ...after, riskClassSetByStaff: false, onlineMonitoring: false, lastInspectedOn: null, penaltyUntil: null, alarmUntil: null, openViolations: 0 });
    await tx.getRepository(EntityHistoryRow).insert(rowValues<EntityHistoryRow>({
      creditCode: p.creditCode,
      at: now,
      actor: 'discharge-permit',
      action: `permit_${p.action}`,
      detail: { permitNo: p.permitNo, status: p.status, before: before ? { name: before.name, riskClass: before.riskClass, active: before.active } : null, after: { name: after.name, riskClass, active } },
    }));
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
      await tx.getRepository(EntityHistoryRow).insert({ creditCode, at: now, actor: user.id, action: 'classified', detail: { before: { riskClass: e.riskClass, onlineMonitoring: e.onlineMonitoring }, after: { riskClass: body.riskClass ?? e.riskClass, onlineMonitoring: body.onlineMonitoring ?? e.onlineMonitoring } } });
      return this.entityView((await repo.findOneByOrFail({ creditCode })), shanghaiDate(now));
    });
  }

  entityView(e: RegulatedEntityRow, today: string) {
    return { creditCode: e.creditCode, name: e.name, riskClass: e.riskClass, onlineMonitoring: e.onlineMonitoring, positiveList: onPositiveList(e, today), lastInspectedOn: e.lastInspectedOn, active: e.active };
  }

  // ---- the roster --------------------------------------------------------------------------------

  async putInspector(userId: string, body: { name: string; active: boolean; conflicts: string[] }) {
    const { now } = await this.today();
    const row = { userId, name: body.name, active: body.active, conflicts: [...new Set(body.conflicts)].sort(), updatedAt: now };
    await this.db.getRepository(InspectorRow).upsert(row, ['userId']);
    return { userId, name: row.name, active: row.active, conflicts: row.conflicts };
  }

  // ---- checks ------------------------------------------------------------------------------------

  async recordResult(user: AuthUser, checkId: string, body: { outcome: 'compliant' | 'violation'; findings?: string }) {
    const { now, today } = await this.today();
    return this.db.transaction(async (tx) => {
      const check = await tx.getRepository(CheckRow).findOne({ where: { id: checkId }, lock: { mode: 'pessimistic_write' } });
      if (!check) throw notFound('check');
      if (!check.inspectors.includes(user.id)) throw new DomainError('FORBIDDEN', 'only the inspectors drawn for this check record its result');
      if (check.status !== 'open') throw new DomainError('CONFLICT', `the result of this check was recorded (${check.status})`);
      const row = await tx.getRepository(CaseRow).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id: check.id }).getOneOrFail();
      const task = await tx.getRepository(TaskRow).findOne({ where: { caseId: check.id, status: 'open' } });
      if (!task) throw new DomainError('CONFLICT', 'this check has no open inspection task');
      const input = { outcome: body.outcome, findings: body.findings ?? null, inspector: user.id };
      await this.runtime.apply(tx, row, { type: 'CompleteTask', taskId: task.id, outcome: body.outcome === 'compliant' ? 'approve' : 'reject', comment: body.findings, actor: { id: user.id, roles: ['admin'], dept: 'enforcement' } }, { correlationId: check.id, input });
      await tx.getRepository(CheckRow).update({ id: check.id }, { status: body.outcome, findings: body.findings ?? null, recordedBy: user.id, recordedAt: now });
      const entity = await tx.getRepository(RegulatedEntityRow).findOne({ where: { creditCode: check.creditCode }, lock: { mode: 'pessimistic_write' } });
      let penaltyId: string | null = null;
      if (body.outcome === 'violation') {
        penaltyId = randomUUID();
        await tx.getRepository(PenaltyRow).insert({ id: penaltyId, checkId: check.id, creditCode: check.creditCode, status: 'open', decidedOn: null, publishBy: null, publishedAt: null, publishedBy: null, createdAt: now });
        const days = 90; // the Administrative Penalty Law's 90 days from filing to decision
        await this.startCase(tx, penaltyId, SUPERVISION_PENALTY, check.creditCode, 'supervision-penalty', { checkId: check.id, findings: body.findings ?? null }, startClock(newClock({ days, unit: 'calendar' }, { days, unit: 'calendar' }), today));
      }
      if (entity) {
        await tx.getRepository(RegulatedEntityRow).update({ creditCode: entity.creditCode }, { lastInspectedOn: today, openViolations: entity.openViolations + (body.outcome === 'violation' ? 1 : 0), updatedAt: now });
        await tx.getRepository(EntityHistoryRow).insert(rowValues<EntityHistoryRow>({ creditCode: entity.creditCode, at: now, actor: user.id, action: `inspected_${body.outcome}`, detail: { checkId: check.id, penaltyId } }));
      }
      return { ...this.checkView({ ...check, status: body.outcome }), findings: body.findings ?? null, penaltyId };
    });
  }

  checkView(c: CheckRow) {
    return { id: c.id, planId: c.planId, creditCode: c.creditCode, inspectors: c.inspectors, offSite: c.offSite, status: c.status, dueDate: c.dueDate, createdAt: c.createdAt.toISOString() };
  }

  async publishPenalty(user: AuthUser, id: string) {
    if (!(hasRole(user, 'admin') || (hasRole(user, 'head') && user.dept === 'enforcement'))) throw new DomainError('FORBIDDEN', 'only a head of enforcement, or an admin, publishes a penalty decision');
    const { now } = await this.today();
    return this.db.transaction(async (tx) => {
      const p = await tx.getRepository(PenaltyRow).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!p) throw notFound('penalty');
      if (p.status !== 'decided') throw new DomainError('CONFLICT', `penalty ${id} is ${p.status}: only a decided penalty is published`);
      if (p.publishedAt) throw new DomainError('CONFLICT', `penalty ${id} was published`);
      await tx.getRepository(PenaltyRow).update({ id }, { publishedAt: now, publishedBy: user.id });
      return this.penaltyView({ ...p, publishedAt: now, publishedBy: user.id });
    });
  }

  penaltyView(p: PenaltyRow) {
    return { id: p.id, checkId: p.checkId, creditCode: p.creditCode, status: p.status, decidedOn: p.decidedOn, publishBy: p.publishBy, publishedAt: p.publishedAt?.toISOString() ?? null, publishedOnTime: p.publishedAt && p.publishBy ? shanghaiDate(p.publishedAt) <= p.publishBy : null };
  }

  // ---- remote supervision ------------------------------------------------------------------------

  /**
   * An online monitoring alarm, once per alarmId. An exceedance (value over limit) opens an off-site
   * verification case for enforcement due the next working day, tells it, and takes the entity off the
   * positive list for six months.
   */
  async receiveAlarm(a: { alarmId: string; creditCode: string; outlet: string; pollutant: string; value: number; limit: number; unit: string; at: string }) {
    const { now, today } = await this.today();
    return this.db.transaction(async (tx) => {
      const caseId = randomUUID();
      const inserted = await tx.createQueryBuilder().insert().into(AlarmRow).values({ alarmId: a.alarmId, creditCode: a.creditCode, payload: { ...a }, caseId, receivedAt: now }).orIgnore().returning('alarm_id').execute();
      if ((inserted.raw as unknown[]).length === 0) {
        const prior = await tx.getRepository(AlarmRow).findOneByOrFail({ alarmId: a.alarmId });
        return { alarmId: a.alarmId, verificationId: prior.payload.exceedance ? prior.caseId : null, duplicate: true };
      }
      const exceedance = a.value > a.limit;
      await tx.getRepository(AlarmRow).update({ alarmId: a.alarmId }, { payload: { ...a, exceedance } });
      if (!exceedance) return { alarmId: a.alarmId, verificationId: null, duplicate: false };
      const dueDate = this.calendar.get().addWorkingDays(today, 1);
      await this.startCase(tx, caseId, ALARM_VERIFICATION, a.creditCode, 'monitoring-alarm', { alarmId: a.alarmId, outlet: a.outlet, pollutant: a.pollutant, value: a.value, limit: a.limit, unit: a.unit, at: a.at, offSite: true }, startClock(newClock({ days: 1, unit: 'working' }, { days: 1, unit: 'working' }), today));
      await addToOutbox(tx, Queues.Notification, Jobs.Notify, { kind: 'monitoring_alarm', applicationId: caseId, correlationId: a.alarmId, recipients: { depts: ['enforcement'] }, data: { alarmId: a.alarmId, creditCode: a.creditCode, pollutant: a.pollutant, value: a.value, limit: a.limit, unit: a.unit, dueDate } }, { correlationId: a.alarmId });
      const entity = await tx.getRepository(RegulatedEntityRow).findOne({ where: { creditCode: a.creditCode }, lock: { mode: 'pessimistic_write' } });
      if (entity) {
        const alarmUntil = addMonths(today, ALARM_MONTHS_OFF_LIST);
        await tx.getRepository(RegulatedEntityRow).update({ creditCode: a.creditCode }, { alarmUntil: entity.alarmUntil && entity.alarmUntil > alarmUntil ? entity.alarmUntil : alarmUntil, updatedAt: now });
        await tx.getRepository(EntityHistoryRow).insert({ creditCode: a.creditCode, at: now, actor: 'monitoring', action: 'monitoring_alarm', detail: { alarmId: a.alarmId, alarmUntil, verificationId: caseId } });
      }
      return { alarmId: a.alarmId, verificationId: caseId, duplicate: false };
    });
  }

  private async startCase(tx: EntityManager, id: string, definition: WorkflowDefinition, creditCode: string, subItemCode: string, data: Record<string, unknown>, clock: ReturnType<typeof startClock>): Promise<void> {
    await this.runtime.start(tx, { caseId: id, definition, licenseType: 'other', subItemCode, applicantCreditCode: creditCode, applicantUserId: 'system:supervision', data, clock }, SYSTEM, { correlationId: id, input: { ...data } });
  }
}

/** The supervision figures of the business-environment report over [from, to] (Asia/Shanghai days, inclusive). */
export async function supervisionFigures(db: DataSource, from: string, to: string, today: string) {
  const start = new Date(`${from}T00:00:00+08:00`);
  const end = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000);
  const entities = await db.getRepository(RegulatedEntityRow).find({ where: { active: true } });
  const positive = entities.filter((e) => onPositiveList(e, today)).length;
  const perPeriod: { period: string; drawn: number; done: number; onSite: number; offSite: number; violations: number }[] = await db.query(
    `SELECT p.period, count(*)::int AS drawn, count(*) FILTER (WHERE c.status <> 'open')::int AS done,
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
    penalties: { decided: penalties.length, publishedOnTime: onTime, publishedLate: penalties.filter((p) => p.publishedAt).length - onTime, unpublished: penalties.filter((p) => !p.publishedAt).length },
  };
}
