import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { DischargePermitConfig } from '@permits/config';
import { Jobs, Queues } from '@permits/contracts/jobs';
import { addToOutbox } from '@permits/persistence';
import {
  AuditRecords,
  PlannedTimer,
  recordIntegrityFact,
  retireTimers,
  shanghaiMidnight,
  TimerRow,
  TimerService,
  upsertTimers,
} from '@permits/workflow-runtime';
import type { Dept } from '@permits/contracts/enums';
import { addDaysIso, validUntil } from './dates';
import { PermitEventRow, PermitRow } from './permit.entity';
import { publishRegisterChange } from './register-feed';

/** Who renews a permit whose timely renewal is still undecided at its end: the law (art. 50), recorded as such. */
const DEEMED_RENEWAL_ACTOR_ID = 'system:deemed-renewal';

export const PERMIT_TIMER_KINDS = { expiring: 'permit_expiring', expired: 'permit_expired' } as const;

/**
 * The timers of one validity of a permit: a reminder N days before it ends (each N of the configured list)
 * and the day after it ends, when it expires. Ids carry the validity's end, so a renewal's timers are new
 * ones and the old validity's timers find the permit moved on and do nothing.
 */
export function planPermitTimers(permit: Pick<PermitRow, 'permitNo' | 'applicationId' | 'validTo'>, reminderDays: number[], today: string): PlannedTimer[] {
  if (!permit.validTo) return []; // no validity period: nothing ends
  const validTo = permit.validTo;
  const base = { permitNo: permit.permitNo, validTo: permit.validTo };
  const out: PlannedTimer[] = reminderDays
    .map((n) => ({ n, on: addDaysIso(validTo, -n) }))
    .filter(({ on }) => on >= today) // a reminder day already past is not sent late
    .map(({ n, on }) => ({
      id: `${permit.permitNo}:expiring:${n}:${validTo}`,
      caseId: permit.applicationId,
      kind: PERMIT_TIMER_KINDS.expiring,
      dueAt: shanghaiMidnight(on),
      data: { ...base, daysBefore: n },
    }));
  const expiresOn = addDaysIso(validTo, 1);
  out.push({
    id: `${permit.permitNo}:expired:${validTo}`,
    caseId: permit.applicationId,
    kind: PERMIT_TIMER_KINDS.expired,
    dueAt: shanghaiMidnight(expiresOn),
    data: base,
  });
  return out;
}

/** Schedules and retires permit timers, and fires them (registered with the service's TimerService). */
@Injectable()
export class PermitTimers implements OnModuleInit {
  constructor(
    private readonly config: DischargePermitConfig,
    private readonly timers: TimerService,
    private readonly records: AuditRecords,
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
    const pending: { id: string }[] = await tx.query(`SELECT id FROM timers WHERE fired_at IS NULL AND kind = ANY($1) AND data->>'permitNo' = $2`, [
      Object.values(PERMIT_TIMER_KINDS),
      permitNo,
    ]);
    await retireTimers(
      tx,
      pending.map((t) => t.id),
    );
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
    await tx.getRepository(PermitEventRow).insert({
      permitNo: permit.permitNo,
      action: 'expiring',
      applicationId: null,
      detail: { daysBefore, validTo: permit.validTo } as never,
      at: timer.firedAt ?? new Date(),
    });
    await this.records.write(tx, 'permit', permit.permitNo, 'expiring', 'system', { applicationId: null });
    const correlationId = randomUUID();
    await addToOutbox(
      tx,
      Queues.Notification,
      Jobs.Notify,
      {
        kind: 'permit_expiring',
        applicationId: permit.applicationId,
        correlationId,
        recipients: { creditCodes: [permit.creditCode] },
        data: { permitNo: permit.permitNo, validTo: permit.validTo, daysBefore },
      },
      { correlationId },
    );
    return 'reminded';
  }

  /**
   * The day after the last valid day. A renewal filed in time (intake refuses a late one) and still undecided makes
   * the permit renewed by operation of law (Administrative License Law art. 50): it never shows `expired`; it runs
   * another validity with `deemedRenewal`, and the renewal case, now past the day it had to be decided by, goes red
   * to the heads. Otherwise the permit expires.
   */
  private async expire(tx: EntityManager, timer: TimerRow): Promise<string> {
    const permit = await this.current(tx, timer);
    if (!permit) return 'stale';
    const at = timer.firedAt ?? new Date();
    const renewal: { id: string; data: { validityYears?: number } }[] = await tx.query(
      `SELECT id, state->'data' AS data FROM cases WHERE closed_at IS NULL AND state->'data'->>'kind' = 'renewal' AND state->'data'->>'permitNo' = $1 ORDER BY created_at LIMIT 1`,
      [permit.permitNo],
    );
    if (renewal.length > 0) {
      const pending = renewal[0];
      const years = typeof pending.data.validityYears === 'number' && pending.data.validityYears > 0 ? pending.data.validityYears : 5;
      const validTo = validUntil(addDaysIso(permit.validTo!, 1), years);
      await tx.getRepository(PermitRow).update({ permitNo: permit.permitNo }, { validTo, status: 'valid', deemedRenewal: true, deemedBy: pending.id });
      await tx.getRepository(PermitEventRow).insert({
        permitNo: permit.permitNo,
        action: 'deemed_renewed',
        applicationId: pending.id,
        detail: { before: { validTo: permit.validTo }, after: { validTo } } as never,
        at,
      });
      await this.records.write(tx, 'permit', permit.permitNo, 'deemed_renewed', 'system', { applicationId: pending.id });
      // an override the integrity report lists: the law renewed what nobody decided in time
      await recordIntegrityFact(tx, {
        list: 'overrides',
        caseId: pending.id,
        applicationId: pending.id,
        userId: DEEMED_RENEWAL_ACTOR_ID,
        creditCode: permit.creditCode,
        at,
        detail: { kind: 'deemed_renewal', permitNo: permit.permitNo, validTo },
      });
      await this.schedule(tx, { ...permit, validTo }, addDaysIso(permit.validTo!, 1), at, randomUUID());
      await this.renewalOverdue(tx, pending.id, permit, at);
      return 'deemed_renewed';
    }
    await tx.getRepository(PermitRow).update({ permitNo: permit.permitNo }, { status: 'expired' });
    await tx
      .getRepository(PermitEventRow)
      .insert({ permitNo: permit.permitNo, action: 'expired', applicationId: null, detail: { validTo: permit.validTo } as never, at });
    await this.records.write(tx, 'permit', permit.permitNo, 'expired', 'system', { applicationId: null });
    await publishRegisterChange(tx, permit, 'expired', 'expired', at, randomUUID());
    return 'expired';
  }

  /** The renewal case was not decided before the permit's end: red, told to the heads and the sections holding it. */
  private async renewalOverdue(tx: EntityManager, caseId: string, permit: PermitRow, at: Date): Promise<void> {
    const held: { dept: Dept }[] = await tx.query(`SELECT DISTINCT dept FROM tasks WHERE case_id = $1 AND status = 'open' ORDER BY dept`, [caseId]);
    await tx.query(`UPDATE cases SET sla_level = 'red', sla_alerted_level = 'red' WHERE id = $1`, [caseId]);
    const correlationId = randomUUID();
    const depts = held.map((t) => t.dept);
    await addToOutbox(
      tx,
      Queues.Notification,
      Jobs.Notify,
      {
        kind: 'sla_red',
        applicationId: caseId,
        correlationId,
        recipients: { ...(depts.length ? { depts } : {}), roles: ['head'] },
        data: {
          level: 'red',
          reason: 'renewal_undecided_at_expiry',
          permitNo: permit.permitNo,
          validTo: permit.validTo,
          deemedRenewal: true,
          at: at.toISOString(),
        },
      },
      { correlationId },
    );
  }
}
