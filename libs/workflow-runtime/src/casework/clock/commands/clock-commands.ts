import { CommandHandler } from '@nestjs/cqrs';
import type { Limit } from '@permits/contracts/enums';
import { DomainError } from '@permits/core';
import { changeLimits, extendStatutoryLimit, pauseClock, resumeClock } from '@permits/workflow/clock';
import type { ExtensionDto, ResumeClockDto, SuspendClockDto } from '../../../dto';
import { actorOf, caseContext, CaseCommand, CaseCommandHandler } from '../../request';
import { mayExtend, mayTouchClock } from '../clock-duties';

/** Pause the clock (expert review, technical assessment, hearing, inspection and testing, public notice). */
export class SuspendClock extends CaseCommand<SuspendClockDto> {}

@CommandHandler(SuspendClock)
export class SuspendClockHandler extends CaseCommandHandler<SuspendClock> {
  async execute({ user, caseId, body, meta }: SuspendClock): Promise<void> {
    await mayTouchClock(this.queries, user, caseId);
    await this.runtime.changeClock(
      caseId,
      actorOf(user),
      'clock_suspended',
      (c, today) => pauseClock(c, { reason: body.reason, expectedDays: body.expectedDays, comment: body.comment }, today),
      caseContext(meta, { ...body }),
    );
  }
}

/** Restart a paused clock. */
export class ResumeClock extends CaseCommand<ResumeClockDto> {}

@CommandHandler(ResumeClock)
export class ResumeClockHandler extends CaseCommandHandler<ResumeClock> {
  async execute({ user, caseId, body, meta }: ResumeClock): Promise<void> {
    await mayTouchClock(this.queries, user, caseId);
    await this.runtime.changeClock(caseId, actorOf(user), 'clock_resumed', (c, today) => resumeClock(c, today), caseContext(meta, { ...body }));
  }
}

/** A head extends the statutory limit once by 1 to 10 working days. */
export class ExtendLimit extends CaseCommand<ExtensionDto> {}

@CommandHandler(ExtendLimit)
export class ExtendLimitHandler extends CaseCommandHandler<ExtendLimit> {
  async execute({ user, caseId, body, meta }: ExtendLimit): Promise<void> {
    await this.queries.visibleCase(caseId, user);
    await this.runtime.changeClock(
      caseId,
      actorOf(user),
      'extended',
      (c, today, calendar) => extendStatutoryLimit(c, { days: body.days, reason: body.reason, by: user.id }, today, calendar),
      caseContext(meta, { ...body }),
      (row) => mayExtend(this.runtime, user, row),
    );
  }
}

/** The review found an on-site check necessary: the case takes the longer limits its sub-item names. */
export class OrderOnSiteCheck extends CaseCommand<ResumeClockDto> {}

@CommandHandler(OrderOnSiteCheck)
export class OrderOnSiteCheckHandler extends CaseCommandHandler<OrderOnSiteCheck> {
  async execute({ user, caseId, body, meta }: OrderOnSiteCheck): Promise<void> {
    await mayTouchClock(this.queries, user, caseId);
    const row = await this.queries.visibleCase(caseId, user);
    const limits = row.state.data.onSiteCheckLimit as { statutoryLimit?: Limit; committedLimit?: Limit } | undefined;
    if (!limits?.statutoryLimit || !limits.committedLimit) throw new DomainError('INVALID_TRANSITION', 'this sub-item has no on-site-check limit');
    const longer = { statutory: limits.statutoryLimit, committed: limits.committedLimit };
    await this.runtime.changeClock(
      caseId,
      actorOf(user),
      'on_site_check',
      (c, today) => changeLimits(c, longer, today),
      caseContext(meta, { ...body, ...longer }),
    );
  }
}
