import { Logger } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { Clock } from '@permits/clock';
import { RegistrationFiledV1 } from '@permits/contracts/jobs';
import { InboxMessage, onceInTransaction } from '@permits/persistence';
import { CHANGEABLE, PermitRegister } from '../permit-register';
import { PermitRow } from '../permit.entity';
import { publishRegisterChange } from '../register-feed';
import { renewRegistration } from '../registration-renewal';

/** A discharge registration is valid 5 years, like the permits (the holder is reminded before it ends). */
export const REGISTRATION_YEARS = 5;

/** Intake answered a discharge registration at once (HB-006-01): the register records it (registration.filed.v1). */
export class RecordRegistrationFiling extends Command<void> {
  constructor(
    readonly payload: RegistrationFiledV1,
    readonly message: InboxMessage,
  ) {
    super();
  }
}

/**
 * Records the registration in the register: the first one under the number intake gave it, or its change, renewal
 * or cancellation, keeping the number. Once per message (the inbox).
 */
@CommandHandler(RecordRegistrationFiling)
export class RecordRegistrationFilingHandler implements ICommandHandler<RecordRegistrationFiling> {
  private readonly logger = new Logger(RecordRegistrationFilingHandler.name);

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly register: PermitRegister,
  ) {}

  async execute({ payload: p, message }: RecordRegistrationFiling): Promise<void> {
    const now = await this.clock.now();
    await onceInTransaction(this.db, message, async (tx) => {
      if (p.action === 'first') {
        const recorded = await this.register.recordRegistration(tx, p, REGISTRATION_YEARS, now);
        if (recorded) await publishRegisterChange(tx, recorded, 'issued', 'valid', now, p.correlationId);
        return;
      }
      const permit = await tx.getRepository(PermitRow).findOne({ where: { permitNo: p.registrationNo }, lock: { mode: 'pessimistic_write' } });
      if (!permit || permit.creditCode !== p.applicant.creditCode || permit.managementCategory !== 'registration' || permit.status === 'cancelled') {
        // intake checked this when the filing was made; a cancellation that overtook a change leaves nothing to change
        this.logger.warn(
          { applicationId: p.applicationId, registrationNo: p.registrationNo, action: p.action },
          'registration filing names no registration in force: recorded nothing',
        );
        return;
      }
      if (p.action === 'renewal') {
        // 延续登记: the same number, five more years (registration-renewal.ts)
        await this.register.renewRegistration(tx, permit, renewRegistration(permit, p.filedOn, REGISTRATION_YEARS), p.applicationId, now, p.correlationId);
        return;
      }
      if (p.action === 'cancellation') {
        await this.register.cancel(tx, permit, p.applicationId);
        await publishRegisterChange(tx, permit, 'cancelled', 'cancelled', now, p.correlationId);
        return;
      }
      const raw = (p.project.changes ?? {}) as Record<string, unknown>;
      const changes = Object.fromEntries(CHANGEABLE.filter((k) => typeof raw[k] === 'string').map((k) => [k, raw[k] as string]));
      await this.register.change(tx, permit, changes, p.applicationId);
      await publishRegisterChange(tx, { ...permit, holderName: changes.holderName ?? permit.holderName }, 'changed', permit.status, now, p.correlationId);
    });
  }
}
