import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { Clock } from '@permits/clock';
import { DeclarationReceivedV1 } from '@permits/contracts/jobs';
import { onceInTransaction } from '@permits/persistence';
import { JobMeta } from '@permits/queue';
import { AuditRecords, CaseRuntime } from '@permits/workflow-runtime';
import { ApplicationRow } from '../../applications/application.entity';
import { fileApplication, fileForCategoryReview, newApplicationRow } from '../../applications/commands/file-application';
import { CatalogService } from '../../catalog/catalog.service';
import { pushStatusIfNational } from '../national-status';
import { DomainError } from '@permits/core';

/** A declaration eia-review received from the national EIA system (declaration.received.v1), to file here. */
export class FileNationalDeclaration extends Command<void> {
  constructor(
    readonly payload: DeclarationReceivedV1,
    readonly meta: JobMeta,
  ) {
    super();
  }
}

/**
 * Files the application of a national EIA declaration (eia-review stored the declaration and mapped it to our
 * catalog): under the id eia-review generated, channel national-eia, applicant the construction unit, with its
 * acceptance case at the window, and the first status push (submitted), in one transaction with the inbox. A
 * declaration whose category the classification directory does not allow for its industry starts at the EIA
 * section's category review instead (EIA_CATEGORY_CHECK): neither filed at once nor at the window before that.
 *
 * Its materials are the national system's documents, by name and hash: the files stay with the national system
 * (that is where the window reads them), so they are neither checked against our file store nor against the
 * sub-item's material list (the window judges completeness at acceptance).
 */
@CommandHandler(FileNationalDeclaration)
export class FileNationalDeclarationHandler implements ICommandHandler<FileNationalDeclaration> {
  constructor(
    private readonly db: DataSource,
    private readonly catalog: CatalogService,
    private readonly runtime: CaseRuntime,
    private readonly records: AuditRecords,
    private readonly clock: Clock,
  ) {}

  async execute({ payload: p, meta }: FileNationalDeclaration): Promise<void> {
    const sub = await this.catalog.subItem(p.subItemCode).catch((err: unknown) => {
      // the mapper named a sub-item our catalog does not have: no retry fixes that (dead letter, for a person)
      throw err instanceof DomainError ? new UnrecoverableError(`declaration ${p.declarationId}: sub-item ${p.subItemCode} is not in the catalog`) : err;
    });
    if (sub.licenseType !== 'eia_approval') throw new UnrecoverableError(`declaration ${p.declarationId}: sub-item ${p.subItemCode} is not an EIA approval`);
    const now = await this.clock.now();
    await onceInTransaction(this.db, meta, async (tx) => {
      if (await tx.getRepository(ApplicationRow).exists({ where: { id: p.applicationId } })) return;
      const app = newApplicationRow({
        id: p.applicationId,
        creditCode: p.applicant.creditCode,
        applicantName: p.applicant.name,
        applicantUserId: p.applicant.userId,
        sub,
        project: p.project,
        materials: p.materials.map((m) => ({ code: m.code, fileName: m.fileName, sha256: m.sha256, ...(m.heldBy ? { heldBy: m.heldBy } : {}) })),
        channel: p.channel,
        receivedAt: new Date(p.receivedAt),
        now,
      });
      // a category the directory does not allow for the industry goes to the EIA section first (eia-review's check)
      const disagrees = (p.project.classificationCheck as { agrees?: unknown } | undefined)?.agrees === false;
      await (disagrees ? fileForCategoryReview : fileApplication)(
        tx,
        this.runtime,
        app,
        sub,
        { id: p.applicant.userId, roles: ['applicant'] },
        p.correlationId,
        this.records,
      );
      await pushStatusIfNational(tx, app.id, app.status, now, p.correlationId);
    });
  }
}
