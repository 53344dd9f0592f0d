import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { EntityManager } from 'typeorm';
import type { ManagementCategory } from '@permits/contracts/enums';
import { rowValues } from '@permits/persistence';
import { CaseRow } from '@permits/workflow-runtime';
import { shanghaiDate } from '@permits/workflow/calendar';
import { addDaysIso, validUntil } from './dates';
import { PermitTimers } from './permit-timers';
import { PermitAction, PermitEventRow, PermitRow } from './permit.entity';
import { nextPermitNo, SERIES } from './permit-numbers';
import { publishRegisterChange } from './register-feed';

/**
 * Validity in years of what a case grants (DOMAIN.md "The six licences": 5 years; a hazardous-waste
 * collection licence 3): the catalog sub-item says so when it differs, and the handover carries it.
 */
export function validityYears(row: CaseRow): number {
  const years = row.state.data.validityYears;
  return typeof years === 'number' && years > 0 ? years : 5;
}

/** The holder facts a change sub-item may edit (the permit's own number, class and dates stay). */
export const CHANGEABLE = ['holderName', 'address', 'legalRepresentative', 'productionAddress'] as const;

/**
 * The permit register: what a decided case does to it. A new case issues a number of its licence's
 * series; a renewal keeps the number and runs another validity from the day after the old one ends; a
 * change edits the holder's facts; a cancellation ends it. Every act is a permit event.
 */
@Injectable()
export class PermitRegister {
  constructor(private readonly timers: PermitTimers) {}

  async apply(tx: EntityManager, row: CaseRow, now: Date, registration: boolean, correlationId: string): Promise<Record<string, unknown>> {
    const today = shanghaiDate(now);
    const done = await tx.getRepository(PermitEventRow).findOne({ where: { applicationId: row.id } });
    if (done) return { permitNo: done.permitNo }; // the step ran before (a redelivery)
    const kind = String(row.state.data.kind ?? 'new');
    if (kind === 'new' || kind === 'filing') {
      const issued = await this.issue(tx, row, today, registration);
      await this.timers.schedule(tx, issued.permit, today, now, correlationId);
      await publishRegisterChange(tx, issued.permit, 'issued', 'valid', now, correlationId);
      return issued.facts;
    }
    const permit = await this.referenced(tx, row);
    switch (kind) {
      case 'renewal': {
        const validFrom = permit.validTo < today ? today : addDaysIso(permit.validTo, 1);
        const validTo = validUntil(validFrom, validityYears(row));
        await tx.getRepository(PermitRow).update({ permitNo: permit.permitNo }, { validTo, status: 'valid' });
        await this.event(tx, permit.permitNo, 'renewed', row.id, { before: { validTo: permit.validTo }, after: { validTo } });
        await this.timers.schedule(tx, { ...permit, validTo }, today, now, correlationId);
        await publishRegisterChange(tx, { ...permit, validTo }, 'renewed', 'valid', now, correlationId);
        return { permitNo: permit.permitNo, validTo };
      }
      case 'change': {
        const changes = pickChanges(row.state.data.changes);
        const details = { ...permit.details, ...changes };
        await tx.getRepository(PermitRow).update({ permitNo: permit.permitNo }, rowValues<PermitRow>({ details, holderName: typeof changes.holderName === 'string' ? changes.holderName : permit.holderName }));
        await this.event(tx, permit.permitNo, 'changed', row.id, { before: permit.details, after: details });
        await publishRegisterChange(tx, { ...permit, holderName: typeof changes.holderName === 'string' ? changes.holderName : permit.holderName }, 'changed', permit.status, now, correlationId);
        return { permitNo: permit.permitNo };
      }
      case 'cancellation':
        await tx.getRepository(PermitRow).update({ permitNo: permit.permitNo }, { status: 'cancelled' });
        await this.event(tx, permit.permitNo, 'cancelled', row.id, { before: { status: permit.status } });
        await this.timers.retire(tx, permit.permitNo);
        await publishRegisterChange(tx, permit, 'cancelled', 'cancelled', now, correlationId);
        return { permitNo: permit.permitNo };
      default:
        throw new UnrecoverableError(`case ${row.id}: unknown sub-item kind ${kind}`);
    }
  }

  private async issue(tx: EntityManager, row: CaseRow, today: string, registration: boolean): Promise<{ permit: PermitRow; facts: Record<string, unknown> }> {
    const year = Number(today.slice(0, 4));
    const permitNo = await nextPermitNo(tx, registration ? SERIES.registration : SERIES[row.licenseType], year);
    const category = (row.state.data.managementCategory as ManagementCategory | undefined) ?? null;
    const permit = Object.assign(new PermitRow(), {
        permitNo,
        applicationId: row.id,
        licenseType: row.licenseType,
        creditCode: row.applicantCreditCode,
        holderName: String(row.state.data.applicantName ?? ''),
        managementCategory: row.licenseType === 'discharge_permit' ? category : null,
        validFrom: today,
        validTo: validUntil(today, validityYears(row)),
        status: 'valid',
        details: { address: row.state.data.location ?? null },
    });
    await tx.getRepository(PermitRow).insert(rowValues<PermitRow>(permit));
    await this.event(tx, permitNo, 'issued', row.id, {});
    return { permit, facts: registration ? { registrationNo: permitNo, permitNo } : { permitNo } };
  }

  /** The permit a change, renewal or cancellation names: it must be the applicant's and of this licence. */
  private async referenced(tx: EntityManager, row: CaseRow): Promise<PermitRow> {
    const permitNo = row.state.data.permitNo;
    const permit = typeof permitNo === 'string' ? await tx.getRepository(PermitRow).findOne({ where: { permitNo }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!permit || permit.creditCode !== row.applicantCreditCode || permit.licenseType !== row.licenseType || permit.status === 'cancelled' || permit.status === 'revoked') {
      // intake checked this at submission; reaching here means the register changed since: a person must look
      throw new UnrecoverableError(`case ${row.id}: permit ${String(permitNo)} cannot be ${String(row.state.data.kind)}ed for this applicant`);
    }
    return permit;
  }

  private event(tx: EntityManager, permitNo: string, action: PermitAction, applicationId: string | null, detail: Record<string, unknown>) {
    return tx.getRepository(PermitEventRow).insert(rowValues<PermitEventRow>({ permitNo, action, applicationId, detail, at: new Date() }));
  }
}

function pickChanges(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw && typeof raw === 'object') for (const k of CHANGEABLE) if (typeof (raw as Record<string, unknown>)[k] === 'string') out[k] = (raw as Record<string, string>)[k];
  return out;
}
