import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { AuditStore } from '../../../audit-store';
import { verificationView } from '../audit.queries';

/** Starts a verification of this service's audit store in the background (the gateway names the id). */
export class StartAuditVerification extends Command<ReturnType<typeof verificationView>> {
  constructor(readonly id: string | undefined) {
    super();
  }
}

@CommandHandler(StartAuditVerification)
export class StartAuditVerificationHandler implements ICommandHandler<StartAuditVerification> {
  constructor(private readonly store: AuditStore) {}

  async execute({ id }: StartAuditVerification) {
    return verificationView(await this.store.startVerification(id ?? randomUUID(), new Date()));
  }
}
