import { Logger } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '@permits/clock';
import { shanghaiDate } from '@permits/workflow/calendar';
import { Jobs, Queues } from '@permits/contracts/jobs';
import { addToOutbox, rowValues } from '@permits/persistence';
import { DeclarationRow } from '../declaration.entity';
import { classificationCheckOf } from '../classification-check';
import { applicationFromDeclaration } from '../declaration.mapper';
import { DeclarationDto } from '../dto';

/** The national EIA system declares a project (the request's signature is already verified). */
export class ReceiveDeclaration extends Command<{ applicationId: string; created: boolean }> {
  constructor(
    readonly body: DeclarationDto,
    readonly rawBody: Buffer,
    readonly correlationId: string,
  ) {
    super();
  }
}

/**
 * Records the declaration and, in the same transaction, the message that has intake file the application under
 * the id generated here (outbox → queue intake). The declarationId is the primary key: the same declaration again,
 * also at the same moment (the second insert waits for the first and then does nothing), finds the first row and
 * answers its applicationId without a second message.
 */
@CommandHandler(ReceiveDeclaration)
export class ReceiveDeclarationHandler implements ICommandHandler<ReceiveDeclaration> {
  private readonly logger = new Logger(ReceiveDeclarationHandler.name);

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async execute({ body, rawBody, correlationId }: ReceiveDeclaration): Promise<{ applicationId: string; created: boolean }> {
    const now = await this.clock.now();
    const facts = applicationFromDeclaration(body);
    // For the reviewers only: whether the directory in force can give the declared category (routing stays on it).
    const classificationCheck = classificationCheckOf(body.category, body.industryCode, shanghaiDate(now));
    if (classificationCheck.agrees === false)
      this.logger.warn({ declarationId: body.declarationId, classificationCheck }, 'declared EIA category disagrees with the directory');
    const bodySha256 = createHash('sha256').update(rawBody).digest('hex');
    return this.db.transaction(async (tx) => {
      const applicationId = randomUUID();
      const inserted = await tx
        .createQueryBuilder()
        .insert()
        .into(DeclarationRow)
        .values(
          rowValues<DeclarationRow>({
            declarationId: body.declarationId,
            applicationId,
            projectCode: body.projectCode,
            creditCode: body.constructionUnit.creditCode,
            category: body.category,
            body: JSON.parse(JSON.stringify(body)) as Record<string, unknown>,
            bodySha256,
            receivedAt: now,
            correlationId,
          }),
        )
        .orIgnore()
        .returning('application_id')
        .execute();
      if ((inserted.raw as unknown[]).length === 0) {
        const prior = await tx.getRepository(DeclarationRow).findOneByOrFail({ declarationId: body.declarationId });
        if (prior.bodySha256 !== bodySha256)
          this.logger.warn(
            { declarationId: body.declarationId, applicationId: prior.applicationId },
            'declaration repeated with a different body; the first one stands',
          );
        return { applicationId: prior.applicationId, created: false };
      }
      await addToOutbox(
        tx,
        Queues.Intake,
        Jobs.DeclarationReceived,
        {
          applicationId,
          correlationId,
          declarationId: body.declarationId,
          receivedAt: now.toISOString(),
          ...facts,
          project: { ...facts.project, classificationCheck },
        },
        { correlationId },
      );
      return { applicationId, created: true };
    });
  }
}
