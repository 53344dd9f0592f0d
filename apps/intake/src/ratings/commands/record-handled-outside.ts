import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuthUser, hasRole } from '@permits/auth';
import { Clock } from '@permits/clock';
import { AuditRecords } from '@permits/workflow-runtime';
import { CatalogService } from '../../catalog/catalog.service';
import { HandledOutsideAnswerDto, HandledOutsideDto } from '../rating.dto';
import { HandledOutsideRow } from '../rating.entity';
import { DomainError } from '@permits/core';

export class RecordHandledOutside extends Command<HandledOutsideAnswerDto> {
  constructor(
    readonly user: AuthUser,
    readonly body: HandledOutsideDto,
  ) {
    super();
  }
}

/**
 * The bureau enters cases it handled outside the system (体外循环: received on paper, never filed here), so the
 * single-window acceptance rate counts them against the window (DOMAIN.md "The service hall and the ratings"). An
 * administrator or a head of the window; written with its audit entry; never edited afterwards.
 */
@CommandHandler(RecordHandledOutside)
export class RecordHandledOutsideHandler implements ICommandHandler<RecordHandledOutside> {
  constructor(
    private readonly db: DataSource,
    private readonly catalog: CatalogService,
    private readonly records: AuditRecords,
    private readonly clock: Clock,
  ) {}

  async execute({ user, body }: RecordHandledOutside): Promise<HandledOutsideAnswerDto> {
    if (!hasRole(user, 'admin') && !(hasRole(user, 'head') && user.dept === 'window'))
      throw new DomainError('FORBIDDEN', 'cases handled outside the system are entered by an administrator or a head of the window');
    const sub = await this.catalog.subItem(body.subItemCode).catch(() => null);
    if (!sub) throw new DomainError('INVALID_INPUT', `subItemCode: ${body.subItemCode} is not in the catalog`);
    const now = await this.clock.now();
    const row = Object.assign(new HandledOutsideRow(), {
      id: randomUUID(),
      subItemCode: sub.code,
      licenseType: sub.licenseType,
      receivedOn: body.receivedOn,
      count: body.count,
      reason: body.reason,
      recordedBy: user.id,
      recordedAt: now,
    });
    await this.db.transaction(async (tx) => {
      await tx.getRepository(HandledOutsideRow).insert(row);
      await this.records.write(tx, 'handled_outside', row.id, 'recorded', user.id, {}, now);
    });
    return { ...row, recordedAt: now.toISOString() };
  }
}
