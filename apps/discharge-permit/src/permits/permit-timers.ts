import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { DischargePermitConfig } from '@permits/config';
import { Jobs, Queues } from '@permits/contracts/jobs';
import { addToOutbox } from '@permits/persistence';
import { PlannedTimer, retireTimers, shanghaiMidnight, TimerRow, TimerService, upsertTimers } from '@permits/workflow-runtime';
import { addDaysIso } from './dates';
import { PermitEventRow, PermitRow } from './permit.entity';
import { publishRegisterChange } from './register-feed';

export const PERMIT_TIMER_KINDS = { expiring: 'permit_expiring', expired: 'permit_expired' } as const;

/**
 * The timers of one validity of a permit: a reminder N days before it ends (each N of the configured list)
 * and the day after it ends, when it expires. Ids carry the validity's end, so a renewal's timers are new
 * ones and the old validity's timers find the permit moved on and do nothing.
 */
export function planPermitTimers(permit: Pick<PermitRow, 'permitNo' | 'applicationId' | 'validTo'>, reminderDays: number[], today: string): PlannedTimer[] {
  const base = { permitNo: permit.permitNo, validTo: permit.validTo };
  const out: PlannedTimer[] = reminderDays
    .map((n) => ({ n, on: addDaysIso(permit.validTo, -n) }))
    .filter(({ on }) => on >= today) // a reminder day already past is not sent late
    .map(({ n, on }) => ({ id: `${permit.permitNo}:expiring:${n}:${permit.validTo}`, caseId: permit.applicationId, kind: PERMIT_TIMER_KINDS.expiring, dueAt: shanghaiMidnight(on), data: { ...base, daysBefore: n } }));
  const expiresOn = addDaysIso(permit.validTo, 1);
  out.push({ id: `${permit.permitNo}:expired:${permit.validTo}`, caseId: permit.applicationId, kind: PERMIT_TIMER_KINDS.expired, dueAt: shanghaiMidnight(expiresOn), data: base });
  return out;
}

/** Schedules and retires permit timers, and fires them (registered with the service's TimerService). */
@Injectable()
export class PermitTimers implements OnModuleInit {
  constructor(
    private readonly config: DischargePermitConfig,
    private readonly timers: TimerService,
  ) {}

  onModuleInit(): void {
    this.timers.register({ kind: PERMIT_TIMER_KINDS.expiring, fire: (tx, timer) => this.remind(tx, timer) });
    this.timers.register({ kind: PERMIT_TIMER_KINDS.expired, fire: (tx, timer) => this.expire(tx, timer) });
  }

  /** Replaces a permit's pending timers with those of its current validity. */
  async schedule(tx: EntityManager, permit: PermitRow, today: string, now: Date, correlationId: string): Promise<void> {
    await this.retire(tx, permit.permitNo);
    await upsertTimers(tx, Jobs.TimerDue.discharge, planPermitTimers(permit, this.config.reminderDays(), today), now, correlationId);
  }

  async retire(tx: EntityManager, permitNo: string): Promise<void> {
    const pending: { id: string }[] = await tx.query(`SELECT id FROM timers WHERE fired_at IS NULL AND kind = ANY($1) AND data->>'permitNo' = $2`, [Object.values(PERMIT_TIMER_KINDS), permitNo]);
    await retireTimers(tx, pending.map((t) => t.id));
  }

  /** The permit of a timer, locked, if the timer still speaks of its current validity. */
  private async current(tx: EntityManager, timer: TimerRow): Promise<PermitRow | null> {
    const permit = await tx.getRepository(PermitRow).findOne({ where: { permitNo: String(timer.data.permitNo) }, lock: { mode: 'pessimistic_write' } });
    if (!permit || permit.validTo !== timer.data.validTo || (permit.status !== 'valid' && permit.status !== 'expiring')) return null;
    return permit;
  }

  private async remind(tx: EntityManager, timer: TimerRow): Promise<string> {
    const permit = await this.current(tx, timer);
    if (!permit) return 'stale';
    const daysBefore = Number(timer.data.daysBefore);
    await tx.getRepository(PermitRow).update({ permitNo: permit.permitNo }, { status: 'expiring' });
    await tx.getRepository(PermitEventRow).insert({ permitNo: permit.permitNo, action: 'expiring', applicationId: null, detail: { daysBefore, validTo: permit.validTo } as never, at: timer.firedAt ?? new Date() });
    const correlationId = randomUUID();
    await addToOutbox(tx, Queues.Notification, Jobs.Notify, { kind: 'permit_expiring', applicationId: permit.applicationId, correlationId, recipients: { creditCodes: [permit.creditCode] }, data: { permitNo: permit.permitNo, validTo: permit.validTo, daysBefore } }, { correlationId });
    return 'reminded';
  }

  private async expire(tx: EntityManager, timer: TimerRow): Promise<string> {
    const permit = await this.current(tx, timer);
    if (!permit) return 'stale';
    await tx.getRepository(PermitRow).update({ permitNo: permit.permitNo }, { status: 'expired' });
    await tx.getRepository(PermitEventRow).insert({ permitNo: permit.permitNo, action: 'expired', applicationId: null, detail: { validTo: permit.validTo } as never, at: timer.firedAt ?? new Date() });
    await publishRegisterChange(tx, permit, 'expired', 'expired', timer.firedAt ?? new Date(), randomUUID());
    return 'expired';
  }
}
