import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import type { AuthUser } from '@permits/auth';
import { Clock } from '@permits/clock';
import { AuditRecords, canonical, CaseRuntime } from '@permits/workflow-runtime';
import { CatalogService } from '../../catalog/catalog.service';
import { requireUploadedFiles } from '../../files/material-files';
import { shanghaiDate } from '@permits/workflow/calendar';
import { ApplicationRow } from '../application.entity';
import { PermitReferences } from '../permit-references';
import { SubmitApplicationDto, SubmittedDto } from '../dto';
import { fileApplication, newApplicationRow } from './file-application';
import { DomainError } from '@permits/core';
import { filerFor } from '../../counter/counter';

export interface SubmitOptions {
  /**
   * The materials' files are held by another system (applications created from national EIA declarations
   * carry the national system's document hashes): skip the check that each file was uploaded here.
   */
  filesHeldElsewhere?: boolean;
  /** The caller's bearer header: the permit register is asked with the applicant's own rights. */
  authorization?: string;
}

export class SubmitApplication extends Command<{ created: boolean; application: SubmittedDto }> {
  constructor(
    readonly user: AuthUser,
    readonly body: SubmitApplicationDto,
    readonly idempotencyKey: string | undefined,
    readonly correlationId: string,
    readonly options: SubmitOptions = {},
  ) {
    super();
  }
}

export const submitted = (a: ApplicationRow): SubmittedDto => ({
  id: a.id,
  status: a.status,
  subItemCode: a.subItemCode,
  licenseType: a.licenseType,
  createdAt: a.createdAt.toISOString(),
  ...(a.filingNo ? { filingNo: a.filingNo } : {}),
});

/** Checks the materials against the sub-item's list: every required one present, none unknown. */
export function materialProblems(required: { code: string; required: boolean }[], given: { code: string }[]): string[] {
  const known = new Set(required.map((m) => m.code));
  const have = new Set(given.map((m) => m.code));
  return [
    ...given.filter((m) => !known.has(m.code)).map((m) => `materials: ${m.code} is not a material of this sub-item`),
    ...required.filter((m) => m.required && !have.has(m.code)).map((m) => `materials: required material ${m.code} is missing`),
  ];
}

/**
 * Files an application: the record and its acceptance case (the window's task) in one transaction.
 * The same Idempotency-Key with the same body answers the same application; with another body, 422.
 */
@CommandHandler(SubmitApplication)
export class SubmitApplicationHandler implements ICommandHandler<SubmitApplication> {
  constructor(
    private readonly db: DataSource,
    private readonly catalog: CatalogService,
    private readonly runtime: CaseRuntime,
    private readonly clock: Clock,
    private readonly permits: PermitReferences,
    private readonly records: AuditRecords,
  ) {}

  async execute({ user, body, idempotencyKey, correlationId, options }: SubmitApplication) {
    // the enterprise filed for: the applicant's own, or the one a window clerk names at the counter (403 otherwise)
    const filer = filerFor(user, body.onBehalfOf);
    const creditCode = filer.creditCode;
    const fingerprint = createHash('sha256').update(canonical(body)).digest('hex');
    if (idempotencyKey) {
      const prior = await this.byKey(creditCode, idempotencyKey, fingerprint);
      if (prior) return { created: false, application: submitted(prior) };
    }
    const sub = await this.catalog.subItem(body.subItemCode).catch((err: unknown) => {
      throw err instanceof DomainError ? new DomainError('VALIDATION_FAILED', [`subItemCode: ${body.subItemCode} is not in the catalog`]) : err;
    });
    const problems = materialProblems(sub.materials, body.materials);
    if (problems.length) throw new DomainError('VALIDATION_FAILED', problems);
    if (!options?.filesHeldElsewhere) await requireUploadedFiles(this.db, creditCode, body.materials);
    const now = await this.clock.now();
    const permitProblems = await this.permits.problems(sub, body.project, options?.authorization, shanghaiDate(now), creditCode);
    if (permitProblems.length) throw new DomainError('VALIDATION_FAILED', permitProblems);

    const app = newApplicationRow({
      id: randomUUID(),
      creditCode,
      applicantName: filer.name,
      // at the counter the enterprise has no user of ours yet: the clerk's id stands for the filer (history, audit)
      applicantUserId: user.id,
      sub,
      project: { ...body.project },
      materials: body.materials,
      channel: filer.channel,
      idempotencyKey: idempotencyKey ?? null,
      fingerprint,
      now,
    });
    try {
      await this.db.transaction((tx) =>
        fileApplication(tx, this.runtime, app, sub, { id: user.id, roles: user.roles, dept: user.dept }, correlationId, this.records),
      );
    } catch (err) {
      // the same key sent twice at once: the loser of the unique index answers like a retry
      if (idempotencyKey && err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505') {
        const prior = await this.byKey(creditCode, idempotencyKey, fingerprint);
        if (prior) return { created: false, application: submitted(prior) };
      }
      throw err;
    }
    return { created: true, application: submitted(app) };
  }

  private async byKey(creditCode: string, key: string, fingerprint: string): Promise<ApplicationRow | null> {
    const prior = await this.db.getRepository(ApplicationRow).findOne({ where: { creditCode, idempotencyKey: key } });
    if (prior && prior.fingerprint !== fingerprint) throw new DomainError('IDEMPOTENCY_MISMATCH', 'this Idempotency-Key was used with a different body');
    return prior;
  }
}
