import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@permits/auth';
import { Clock } from '@permits/clock';
import { RATING_FOLLOW_UP } from '@permits/workflow/definitions';
import { AuditRecords, CaseRuntime } from '@permits/workflow-runtime';
import { ApplicationRow } from '../../applications/application.entity';
import { RateDto, RatingDto } from '../rating.dto';
import { RatingRow } from '../rating.entity';
import { DomainError, notFound } from '@permits/core';

/** The statuses after which a case is rated: a decision (granted or refused) or a refusal to accept, with reasons. */
export const RATED_AFTER = ['approved', 'denied', 'not_accepted'] as const;

/** A score that opens a follow-up for the window (不满意 2, 非常不满意 1). */
export const needsFollowUp = (score: number): boolean => score <= 2;

export const ratingAnswer = (r: RatingRow): RatingDto => ({
  applicationId: r.applicationId,
  score: r.score,
  comment: r.comment,
  ratedAt: r.ratedAt.toISOString(),
  followUp: r.followUpCaseId !== null,
});

export class RateApplication extends Command<RatingDto> {
  constructor(
    readonly user: AuthUser,
    readonly applicationId: string,
    readonly body: RateDto,
    readonly correlationId: string,
  ) {
    super();
  }
}

/**
 * 好差评 (API.md "Reports"): the enterprise that holds the application rates it once, after the decision. Another
 * enterprise's application is 404 (as every read of it); before the decision 409 NOT_DECIDED; a second rating 409
 * ALREADY_RATED (the application row is locked, so two at once cannot both pass). A 1 or 2 opens a follow-up case for
 * the window in the same transaction, and the rating is written with its audit entry.
 */
@CommandHandler(RateApplication)
export class RateApplicationHandler implements ICommandHandler<RateApplication> {
  constructor(
    private readonly db: DataSource,
    private readonly runtime: CaseRuntime,
    private readonly records: AuditRecords,
    private readonly clock: Clock,
  ) {}

  async execute({ user, applicationId, body, correlationId }: RateApplication): Promise<RatingDto> {
    const now = await this.clock.now();
    return this.db.transaction(async (tx) => {
      const app = await tx.getRepository(ApplicationRow).findOne({ where: { id: applicationId }, lock: { mode: 'pessimistic_write' } });
      if (!app || !user.creditCode || app.creditCode !== user.creditCode) throw notFound('application');
      if (!(RATED_AFTER as readonly string[]).includes(app.status))
        throw new DomainError('NOT_DECIDED', `the application is ${app.status}: it is rated once it is decided`);
      if (await tx.getRepository(RatingRow).exists({ where: { applicationId } })) throw new DomainError('ALREADY_RATED', 'this application was rated already');
      const rating = Object.assign(new RatingRow(), {
        applicationId,
        creditCode: app.creditCode,
        userId: user.id,
        score: body.score,
        comment: body.comment ?? null,
        ratedAt: now,
        followUpCaseId: needsFollowUp(body.score) ? randomUUID() : null,
      });
      await tx.getRepository(RatingRow).insert(rating);
      await this.records.write(tx, 'rating', applicationId, 'rated', user.id, { score: body.score }, now);
      if (rating.followUpCaseId) {
        await this.runtime.start(
          tx,
          {
            caseId: rating.followUpCaseId,
            definition: RATING_FOLLOW_UP,
            licenseType: app.licenseType,
            subItemCode: app.subItemCode,
            applicantCreditCode: app.creditCode,
            applicantUserId: app.applicantUserId,
            data: { applicationId, score: body.score, comment: body.comment ?? null, applicantName: app.applicantName },
            clock: null,
          },
          { id: user.id, roles: user.roles },
          { correlationId, input: { applicationId } },
        );
      }
      return ratingAnswer(rating);
    });
  }
}
