import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Jobs, SystemStepV1 } from '@permits/contracts/jobs';
import { Clock } from '@permits/clock';
import { shanghaiDate } from '@permits/workflow/calendar';
import { CaseRow, CaseRuntime, HandoverHandler, SystemStepHandler } from '@permits/workflow-runtime';
import { ApprovalLapseReminders, approvalLapsesOn } from './approval-lapse';
import { CertificateRow } from './certificate.entity';

@Injectable()
export class EiaHandoverHandler extends HandoverHandler {
  readonly job = Jobs.CaseHandover.eia;
}

/** Issues the approval document: `HP-2026-000001`, numbered per year (a sequence row per year). */
@Injectable()
export class IssueEiaCertificateHandler extends SystemStepHandler {
  readonly job = Jobs.SystemStep.eia;

  constructor(
    db: DataSource,
    runtime: CaseRuntime,
    private readonly clock: Clock,
    private readonly lapse: ApprovalLapseReminders,
  ) {
    super(db, runtime);
  }

  protected async run(tx: EntityManager, row: CaseRow, step: SystemStepV1): Promise<Record<string, unknown>> {
    const existing = await tx.getRepository(CertificateRow).findOne({ where: { applicationId: row.id } });
    if (existing) return { certificateNo: existing.certificateNo, lapsesOn: existing.lapsesOn };
    const now = await this.clock.now();
    const today = shanghaiDate(now);
    const year = Number(today.slice(0, 4));
    // lock the year's certificates to number them without gaps or duplicates
    await tx.query('SELECT pg_advisory_xact_lock($1)', [year]);
    const [{ n }] = await tx.query(`SELECT count(*)::int AS n FROM eia_certificates WHERE certificate_no LIKE $1`, [`HP-${year}-%`]);
    const certificateNo = `HP-${year}-${String(n + 1).padStart(6, '0')}`;
    const cert = { applicationId: row.id, certificateNo, issuedOn: today, lapsesOn: approvalLapsesOn(today) };
    await tx.getRepository(CertificateRow).insert(cert);
    await this.lapse.schedule(tx, cert, today, now, step.correlationId);
    return { certificateNo, lapsesOn: cert.lapsesOn };
  }
}
