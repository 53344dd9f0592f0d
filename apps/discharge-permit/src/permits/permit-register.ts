import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { EntityManager, Not } from 'typeorm';
import type { LicenseType, ManagementCategory } from '@permits/contracts/enums';
import { RegistrationFiledV1 } from '@permits/contracts/jobs';
import { rowValues } from '@permits/persistence';
import { AuditRecords, CaseRow } from '@permits/workflow-runtime';
import { shanghaiDate } from '@permits/workflow/calendar';
import { addDaysIso, validUntil } from './dates';
import { PermitTimers } from './permit-timers';
import { PermitAction, PermitEventRow, PermitRow } from './permit.entity';
import { nextPermitNo, SERIES } from './permit-numbers';
import { publishRegisterChange } from './register-feed';
import type { RegistrationRenewal } from './registration-renewal';
import { ownValidityYears } from './renewals/deemed-renewal';

/**
 * Validity in years of what a case grants, or null for a grant with no validity period. The catalog sub-item says
 * so when it gives one (a hazardous-waste collection licence: 3); otherwise DOMAIN.md "The six licences": discharge
 * permits, hazardous-waste and radiation licences 5 years; a WEEE qualification and a dismantling approval none.
 */
export function validityYears(row: Pick<CaseRow, 'licenseType' | 'state'>): number | null {
  const years = row.state.data.validityYears;
  if (typeof years === 'number' && years > 0) return years;
  return DEFAULT_VALIDITY_YEARS[row.licenseType] ?? null;
}

const DEFAULT_VALIDITY_YEARS: Partial<Record<LicenseType, number>> = { discharge_permit: 5, hazardous_waste: 5, radiation_safety: 5 };

/** The holder facts a change sub-item may edit (the permit's own number, class and dates stay). */
export const CHANGEABLE = ['holderName', 'address', 'legalRepresentative', 'productionAddress'] as const;

/**
 * The permit register: what a decided case does to it. A new case issues a number of its licence's
 * series; a renewal keeps the number and runs another validity from the day after the old one ends; a
 * change edits the holder's facts; a cancellation ends it. Every act is a permit event.
 */
@Injectable()
export class PermitRegister {
  constructor(
    private readonly timers: PermitTimers,
    private readonly records: AuditRecords,
  ) {}

  async apply(tx: EntityManager, row: CaseRow, now: Date, registration: boolean, correlationId: string): Promise<Record<string, unknown>> {
    const today = shanghaiDate(now);
    // the step ran before (a redelivery); a deemed renewal names the renewal case too, but is not its decision
    const done = await tx.getRepository(PermitEventRow).findOne({ where: { applicationId: row.id, action: Not('deemed_renewed') } });
    if (done) return { permitNo: done.permitNo };
    const kind = String(row.state.data.kind ?? 'new');
    if (kind === 'new' || kind === 'filing') {
      const issued = await this.issue(tx, row, today, registration);
      // a grant with no validity period (a WEEE qualification, a dismantling approval) has no expiry and no reminders
      if (issued.permit.validTo) await this.timers.schedule(tx, issued.permit, today, now, correlationId);
      await publishRegisterChange(tx, issued.permit, 'issued', 'valid', now, correlationId);
      return issued.facts;
    }
    const permit = await this.referenced(tx, row);
    switch (kind) {
      case 'renewal': {
        const renewed = await this.renew(tx, permit, row, today, now, correlationId);
        await publishRegisterChange(tx, { ...permit, validTo: renewed.validTo as string }, 'renewed', 'valid', now, correlationId);
        return renewed;
      }
      case 'change': {
        const changes = pickChanges(row.state.data.changes);
        await this.change(tx, permit, changes, row.id);
        await publishRegisterChange(
          tx,
          { ...permit, holderName: typeof changes.holderName === 'string' ? changes.holderName : permit.holderName },
          'changed',
          permit.status,
          now,
          correlationId,
        );
        return { permitNo: permit.permitNo };
      }
      case 'cancellation':
        await this.cancel(tx, permit, row.id);
        await publishRegisterChange(tx, permit, 'cancelled', 'cancelled', now, correlationId);
        return { permitNo: permit.permitNo };
      default:
        throw new UnrecoverableError(`case ${row.id}: unknown sub-item kind ${kind}`);
    }
  }

  /**
   * A renewal decided: the next validity runs from the day after the current one ends (from today if it already
   * ended). A renewal already deemed granted at the old expiry (art. 50) is confirmed: the deemed validity stands.
   */
  private async renew(tx: EntityManager, permit: PermitRow, row: CaseRow, today: string, now: Date, correlationId: string): Promise<Record<string, unknown>> {
    if (permit.deemedRenewal && permit.deemedBy === row.id) {
      await tx.getRepository(PermitRow).update({ permitNo: permit.permitNo }, { deemedRenewal: false, deemedBy: null });
      await this.event(tx, permit.permitNo, 'renewed', row.id, { confirmed: 'deemed renewal', validTo: permit.validTo });
      return { permitNo: permit.permitNo, validTo: permit.validTo };
    }
    // the licence's own validity (a 3-year collection licence renews for 3), not the renewal sub-item's default
    const years = (typeof permit.details?.validityYears === 'number' ? ownValidityYears(permit) : null) ?? validityYears(row) ?? ownValidityYears(permit) ?? 5;
    const validFrom = !permit.validTo || permit.validTo < today ? today : addDaysIso(permit.validTo, 1);
    const validTo = validUntil(validFrom, years);
    await tx.getRepository(PermitRow).update({ permitNo: permit.permitNo }, { validTo, status: 'valid', deemedRenewal: false, deemedBy: null });
    await this.event(tx, permit.permitNo, 'renewed', row.id, { before: { validTo: permit.validTo }, after: { validTo } });
    await this.timers.schedule(tx, { ...permit, validTo }, today, now, correlationId);
    return { permitNo: permit.permitNo, validTo };
  }

  /** A change of the holder's facts (the number, class and dates stay). */
  async change(tx: EntityManager, permit: PermitRow, changes: Record<string, string>, applicationId: string): Promise<void> {
    const details = { ...permit.details, ...changes };
    await tx
      .getRepository(PermitRow)
      .update(
        { permitNo: permit.permitNo },
        rowValues<PermitRow>({ details, holderName: typeof changes.holderName === 'string' ? changes.holderName : permit.holderName }),
      );
    await this.event(tx, permit.permitNo, 'changed', applicationId, { before: permit.details, after: details });
  }

  async cancel(tx: EntityManager, permit: PermitRow, applicationId: string): Promise<void> {
    await tx.getRepository(PermitRow).update({ permitNo: permit.permitNo }, { status: 'cancelled' });
    await this.event(tx, permit.permitNo, 'cancelled', applicationId, { before: { status: permit.status } });
    await this.timers.retire(tx, permit.permitNo);
  }

  /** 延续登记: the registration keeps its number and runs the renewed validity; new reminders and expiry. */
  async renewRegistration(
    tx: EntityManager,
    permit: PermitRow,
    renewal: RegistrationRenewal,
    applicationId: string,
    now: Date,
    correlationId: string,
  ): Promise<void> {
    await tx.getRepository(PermitRow).update({ permitNo: permit.permitNo }, { validTo: renewal.validTo, status: 'valid' });
    await this.event(tx, permit.permitNo, 'renewed', applicationId, {
      registration: true,
      before: { validTo: permit.validTo },
      after: { validTo: renewal.validTo },
    });
    await this.timers.schedule(tx, { ...permit, validTo: renewal.validTo }, shanghaiDate(now), now, correlationId);
    await publishRegisterChange(tx, { ...permit, validTo: renewal.validTo }, 'renewed', 'valid', now, correlationId);
  }

  /** A discharge registration filed at intake (answered at once there), under the number intake gave it. */
  async recordRegistration(tx: EntityManager, p: RegistrationFiledV1, years: number, now: Date): Promise<PermitRow | null> {
    if (await tx.getRepository(PermitRow).exists({ where: { permitNo: p.registrationNo } })) return null;
    const permit = Object.assign(new PermitRow(), {
      permitNo: p.registrationNo,
      applicationId: p.applicationId,
      licenseType: 'discharge_permit',
      creditCode: p.applicant.creditCode,
      holderName: p.applicant.name,
      managementCategory: 'registration',
      validFrom: p.filedOn,
      validTo: validUntil(p.filedOn, years),
      status: 'valid',
      deemedRenewal: false,
      deemedBy: null,
      details: { address: p.project.location ?? null },
    });
    await tx.getRepository(PermitRow).insert(rowValues<PermitRow>(permit));
    await this.event(tx, permit.permitNo, 'issued', p.applicationId, { filing: true });
    await this.timers.schedule(tx, permit, shanghaiDate(now), now, p.correlationId);
    return permit;
  }

  private async issue(tx: EntityManager, row: CaseRow, today: string, registration: boolean): Promise<{ permit: PermitRow; facts: Record<string, unknown> }> {
    const year = Number(today.slice(0, 4));
    const permitNo = await nextPermitNo(tx, registration ? SERIES.registration : SERIES[row.licenseType], year);
    const category = (row.state.data.managementCategory as ManagementCategory | undefined) ?? null;
    const years = validityYears(row);
    const permit = Object.assign(new PermitRow(), {
      permitNo,
      applicationId: row.id,
      licenseType: row.licenseType,
      creditCode: row.applicantCreditCode,
      holderName: String(row.state.data.applicantName ?? ''),
      managementCategory: row.licenseType === 'discharge_permit' ? category : null,
      validFrom: today,
      validTo: years === null ? null : validUntil(today, years),
      status: 'valid',
      deemedRenewal: false,
      deemedBy: null,
      // the validity it was issued with, which its renewals keep (renewals/deemed-renewal.ts ownValidityYears)
      details: { address: row.state.data.location ?? null, ...(years === null ? {} : { validityYears: years }) },
    });
    await tx.getRepository(PermitRow).insert(rowValues<PermitRow>(permit));
    await this.event(tx, permitNo, 'issued', row.id, {});
    return { permit, facts: registration ? { registrationNo: permitNo, permitNo } : { permitNo } };
  }

  /** The permit a change, renewal or cancellation names: it must be the applicant's and of this licence. */
  private async referenced(tx: EntityManager, row: CaseRow): Promise<PermitRow> {
    const permitNo = row.state.data.permitNo;
    const permit =
      typeof permitNo === 'string' ? await tx.getRepository(PermitRow).findOne({ where: { permitNo }, lock: { mode: 'pessimistic_write' } }) : null;
    if (
      !permit ||
      permit.creditCode !== row.applicantCreditCode ||
      permit.licenseType !== row.licenseType ||
      permit.status === 'cancelled' ||
      permit.status === 'revoked'
    ) {
      // intake checked this at submission; reaching here means the register changed since: a person must look
      throw new UnrecoverableError(`case ${row.id}: permit ${String(permitNo)} cannot be ${String(row.state.data.kind)}ed for this applicant`);
    }
    return permit;
  }

  /** Every change of the register: its permit event and, in the same transaction, the permit's audit entry (a digest of the row as it now is). */
  private async event(tx: EntityManager, permitNo: string, action: PermitAction, applicationId: string | null, detail: Record<string, unknown>): Promise<void> {
    await tx.getRepository(PermitEventRow).insert(rowValues<PermitEventRow>({ permitNo, action, applicationId, detail, at: new Date() }));
    await this.records.write(tx, 'permit', permitNo, action, applicationId ? `case:${applicationId}` : 'system', { applicationId });
  }
}

function pickChanges(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw && typeof raw === 'object')
    for (const k of CHANGEABLE) if (typeof (raw as Record<string, unknown>)[k] === 'string') out[k] = (raw as Record<string, string>)[k];
  return out;
}
