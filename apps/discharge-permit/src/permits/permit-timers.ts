import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { DischargePermitConfig } from '@permits/config';
import { Jobs, Queues } from '@permits/contracts/jobs';
import { addNotice, addToOutbox } from '@permits/persistence';
import {
  AuditRecords,
  CaseRow,
  CaseRuntime,
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
import { expiryOutcome, ownValidityYears } from './renewals/deemed-renewal';

/** Who renews a permit whose timely renewal is still undecided at its end: the law (art. 50), recorded as such. */
const DEEMED_RENEWAL_ACTOR_ID = 'system:deemed-renewal';
/** The law as the engine's actor: DeemGranted is the runtime's (byLaw), never a person's. */
const DEEMED_RENEWAL_ACTOR = { id: DEEMED_RENEWAL_ACTOR_ID, roles: ['admin' as const] };

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
    private readonly runtime: CaseRuntime,
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
    await addNotice(tx, {
      kind: 'permit_expiring',
      applicationId: permit.applicationId,
      correlationId,
      recipients: { creditCodes: [permit.creditCode] },
      data: { permitNo: permit.permitNo, validTo: permit.validTo, daysBefore },
    });
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
    // every renewal of the licence, wherever it stands: intake's filing record and the case here (renewals/deemed-renewal.ts)
    const stages: { application_id: string; filed_on: string; filing_ended: boolean | null; case_open: boolean | null }[] = await tx.query(
      `SELECT COALESCE(f.application_id, c.id) AS application_id, COALESCE(f.filed_on::text, to_char(c.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')) AS filed_on,
              f.ended_at IS NOT NULL AS filing_ended, CASE WHEN c.id IS NULL THEN NULL ELSE c.closed_at IS NULL END AS case_open
         FROM (SELECT * FROM renewal_filings WHERE permit_no = $1) f
         FULL JOIN (SELECT id, created_at, closed_at FROM cases WHERE state->'data'->>'kind' = 'renewal' AND state->'data'->>'permitNo' = $1) c ON c.id = f.application_id`,
      [permit.permitNo],
    );
    const outcome = expiryOutcome(
      stages.map((r) => ({
        applicationId: r.application_id,
        filedOn: r.filed_on,
        filing: r.filing_ended === null ? null : { ended: r.filing_ended },
        localCase: r.case_open === null ? null : { open: r.case_open },
      })),
    );
    if (outcome.kind !== 'expire') {
      const pendingId = outcome.applicationId;
      // the licence's own validity (a 3-year collection licence renews for 3), from the day after it ends
      const years = ownValidityYears(permit) ?? 5;
      const validTo = validUntil(addDaysIso(permit.validTo!, 1), years);
      await tx.getRepository(PermitRow).update({ permitNo: permit.permitNo }, { validTo, status: 'valid', deemedRenewal: true, deemedBy: pendingId });
      await tx.getRepository(PermitEventRow).insert({
        permitNo: permit.permitNo,
        action: 'deemed_renewed',
        applicationId: pendingId,
        detail: { before: { validTo: permit.validTo }, after: { validTo } } as never,
        at,
      });
      await this.records.write(tx, 'permit', permit.permitNo, 'deemed_renewed', 'system', { applicationId: pendingId });
      // an override the integrity report lists: the law renewed what nobody decided in time
      await recordIntegrityFact(tx, {
        list: 'overrides',
        caseId: pendingId,
        applicationId: pendingId,
        userId: DEEMED_RENEWAL_ACTOR_ID,
        creditCode: permit.creditCode,
        at,
        detail: { kind: 'deemed_renewal', permitNo: permit.permitNo, validTo },
      });
      await this.schedule(tx, { ...permit, validTo }, addDaysIso(permit.validTo!, 1), at, randomUUID());
      await publishRegisterChange(tx, { ...permit, validTo }, 'renewed', 'valid', at, randomUUID());
      await tx.query(`UPDATE renewal_filings SET ended_at = $2, outcome = 'deemed' WHERE application_id = $1 AND ended_at IS NULL`, [pendingId, at]);
      const correlationId = randomUUID();
      if (outcome.kind === 'deem_here') {
        // the renewal case closes approved (deemed), red: nobody decided it before the licence ended; a later
        // decision finds it closed (409)
        await this.renewalOverdue(tx, pendingId, permit, at);
        const row = await tx.getRepository(CaseRow).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id: pendingId }).getOneOrFail();
        await this.runtime.apply(
          tx,
          row,
          { type: 'DeemGranted', actor: DEEMED_RENEWAL_ACTOR, reason: `renewal of ${permit.permitNo} undecided when it ended on ${permit.validTo}` },
          { correlationId, byLaw: true, input: { permitNo: permit.permitNo, validTo } },
        );
      } else {
        // still at intake's window (or on its way here): intake closes its case approved
        await addToOutbox(
          tx,
          Queues.Intake,
          Jobs.RenewalDeemed,
          { applicationId: pendingId, correlationId, permitNo: permit.permitNo, validTo },
          { correlationId },
        );
      }
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
    // the version moves: a command that read the case before fails its version check and runs again on this
    await tx.query(`UPDATE cases SET sla_level = 'red', sla_alerted_level = 'red', version = version + 1 WHERE id = $1`, [caseId]);
    const correlationId = randomUUID();
    const depts = held.map((t) => t.dept);
    await addNotice(tx, {
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
    });
  }
}
