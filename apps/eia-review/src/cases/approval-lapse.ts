import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Jobs } from '@permits/contracts/jobs';
import { addNotice } from '@permits/persistence';
import { addDays, addYears, type IsoDate } from '@permits/workflow/calendar';
import { PlannedTimer, shanghaiMidnight, TimerRow, TimerService, upsertTimers } from '@permits/workflow-runtime';
import { CertificateRow } from './certificate.entity';

/** EIA Law art. 24: an approval lapses if building starts more than 5 years after it; a leap-day approval on 28 February. */
export const approvalLapsesOn = (issuedOn: IsoDate): IsoDate => addYears(issuedOn, 5);

/** Days before the lapse on which the holder is reminded (the permit register's default list). */
export const LAPSE_REMINDER_DAYS = [90, 60, 30] as const;
export const LAPSE_TIMER_KIND = 'approval_lapsing';

/** The reminder timers of an approval document: one per reminder day not already past. */
export function planLapseTimers(cert: Pick<CertificateRow, 'applicationId' | 'certificateNo' | 'lapsesOn'>, today: IsoDate): PlannedTimer[] {
  return LAPSE_REMINDER_DAYS.map((n) => ({ n, on: addDays(cert.lapsesOn, -n) }))
    .filter(({ on }) => on >= today)
    .map(({ n, on }) => ({
      id: `${cert.certificateNo}:lapsing:${n}`,
      caseId: cert.applicationId,
      kind: LAPSE_TIMER_KIND,
      dueAt: shanghaiMidnight(on),
      data: { certificateNo: cert.certificateNo, lapsesOn: cert.lapsesOn, daysBefore: n },
    }));
}

/** Schedules the lapse reminders of an approval and sends them (`permit_expiring` to the holder) when they fall due. */
@Injectable()
export class ApprovalLapseReminders implements OnModuleInit {
  constructor(private readonly timers: TimerService) {}

  onModuleInit(): void {
    this.timers.register({ kind: LAPSE_TIMER_KIND, fire: (tx, timer, row) => this.remind(tx, timer, row.applicantCreditCode) });
  }

  schedule(
    tx: EntityManager,
    cert: Pick<CertificateRow, 'applicationId' | 'certificateNo' | 'lapsesOn'>,
    today: IsoDate,
    now: Date,
    correlationId: string,
  ): Promise<void> {
    return upsertTimers(tx, Jobs.TimerDue.eia, planLapseTimers(cert, today), now, correlationId);
  }

  private async remind(tx: EntityManager, timer: TimerRow, creditCode: string | undefined): Promise<string> {
    if (!creditCode) return 'stale';
    const correlationId = randomUUID();
    await addNotice(tx, {
      kind: 'permit_expiring',
      applicationId: timer.caseId,
      correlationId,
      recipients: { creditCodes: [creditCode] },
      data: { ...timer.data },
    });
    return 'reminded';
  }
}
