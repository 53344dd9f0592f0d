import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, ManualClock } from '@permits/clock';
import { DomainError } from '@permits/core';

/** Moves the shared manual clock forward (never back); what falls due fires. Development and test only. */
export class MoveTestClock extends Command<{ now: string }> {
  constructor(readonly to: Date) {
    super();
  }
}

/** The process's clock as the manual one, or 404 (CLOCK=system). */
export function manualClock(clock: Clock): ManualClock {
  if (!(clock instanceof ManualClock)) throw new DomainError('NOT_FOUND', 'the manual clock is off (CLOCK=system)');
  return clock;
}

@CommandHandler(MoveTestClock)
export class MoveTestClockHandler implements ICommandHandler<MoveTestClock> {
  constructor(private readonly clock: Clock) {}

  async execute({ to }: MoveTestClock): Promise<{ now: string }> {
    return { now: (await manualClock(this.clock).advance(to)).toISOString() };
  }
}
