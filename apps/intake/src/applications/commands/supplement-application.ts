import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@permits/auth';
import { CaseRow, CaseRuntime } from '@permits/workflow-runtime';
import { CatalogService } from '../../catalog/catalog.service';
import { requireUploadedFiles } from '../../files/material-files';
import { ApplicationRow } from '../application.entity';
import { SupplementDto } from '../dto';
import { DomainError, notFound } from '@permits/core';

export class SupplementApplication extends Command<void> {
  constructor(
    readonly user: AuthUser,
    readonly applicationId: string,
    readonly body: SupplementDto,
    readonly correlationId: string,
  ) {
    super();
  }
}

/** The applicant's corrected materials: merged into the record; the case returns to the window. */
@CommandHandler(SupplementApplication)
export class SupplementApplicationHandler implements ICommandHandler<SupplementApplication> {
  constructor(
    private readonly db: DataSource,
    private readonly runtime: CaseRuntime,
    private readonly catalog: CatalogService,
  ) {}

  async execute({ user, applicationId, body, correlationId }: SupplementApplication): Promise<void> {
    if (body.materials.length === 0) throw new DomainError('VALIDATION_FAILED', ['materials must list at least one material']);
    // another enterprise's application is not found, whatever the body holds
    if (!(await this.db.getRepository(ApplicationRow).exists({ where: { id: applicationId, creditCode: user.creditCode } }))) throw notFound('application');
    await requireUploadedFiles(this.db, user.creditCode as string, body.materials);
    await this.db.transaction(async (tx) => {
      const app = await tx
        .getRepository(ApplicationRow)
        .findOne({ where: { id: applicationId, creditCode: user.creditCode }, lock: { mode: 'pessimistic_write' } });
      if (!app) throw notFound('application');
      if (app.status !== 'correction_requested')
        throw new DomainError('INVALID_TRANSITION', `supplements are accepted while correction_requested; the application is ${app.status}`);
      const sub = await this.catalog.subItem(app.subItemCode);
      const known = new Set(sub.materials.map((m) => m.code));
      const unknown = body.materials.filter((m) => !known.has(m.code));
      if (unknown.length)
        throw new DomainError(
          'VALIDATION_FAILED',
          unknown.map((m) => `materials: ${m.code} is not a material of this sub-item`),
        );
      const merged = new Map(app.materials.map((m) => [m.code, m]));
      for (const m of body.materials) merged.set(m.code, { ...m });
      await tx.getRepository(ApplicationRow).update({ id: app.id }, { materials: [...merged.values()] as never });
      const row = await tx.getRepository(CaseRow).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id: app.id }).getOneOrFail();
      await this.runtime.apply(
        tx,
        row,
        {
          type: 'SystemReplied',
          stepId: 'await-supplement',
          ok: true,
          data: { supplementedAt: new Date().toISOString() },
          actor: { id: user.id, roles: user.roles },
        },
        { correlationId, input: { materials: body.materials.map((m) => m.code) } },
      );
    });
  }
}
