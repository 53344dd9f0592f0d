import { Injectable } from '@nestjs/common';
import { Command, CommandBus } from '@nestjs/cqrs';
import { JobDef } from '@permits/contracts/jobs';
import { JobHandler, JobMeta } from './consumer';

/**
 * A queue message whose work is a command: the consumer only turns the payload into the command and sends it on
 * the CommandBus, so a message and an HTTP request reach a write through the same door (a @CommandHandler, which
 * claims the inbox in its own transaction). Every job handler of an app is one of these
 * (scripts/architecture.spec.ts); a subclass names its job and its command.
 */
@Injectable()
export abstract class CommandJob<P extends object> implements JobHandler<P> {
  abstract readonly job: JobDef<P>;

  constructor(private readonly commands: CommandBus) {}

  /** The command this message asks for. */
  protected abstract command(payload: P, meta: JobMeta): Command<void>;

  handle(payload: P, meta: JobMeta): Promise<void> {
    return this.commands.execute(this.command(payload, meta));
  }
}
