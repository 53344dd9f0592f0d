import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@permits/clock';
import { Jobs, RegistrationFiledV1 } from '@permits/contracts/jobs';
import { claimInbox } from '@permits/persistence';
import { JobHandler, JobMeta } from '@permits/queue';
import { CHANGEABLE, PermitRegister } from './permit-register';
import { PermitRow } from './permit.entity';
import { publishRegisterChange } from './register-feed';
import { renewRegistration } from './registration-renewal';

/** A discharge registration is valid 5 years, like the permits (the holder is reminded before it ends). */
export const REGISTRATION_YEARS = 5;

/**
 * Records in the register a discharge registration that intake answered at once (HB-006-01): the first one under
 * the number intake gave it, or its change or cancellation, keeping the number. Once per message (the inbox).
 */
@Injectable()
export class RegistrationFiledHandler implements JobHandler<RegistrationFiledV1> {
  readonly job = Jobs.RegistrationFiled;
  private readonly logger = new Logger(RegistrationFiledHandler.name);

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly register: PermitRegister,
  ) {}

  async handle(p: RegistrationFiledV1, meta: JobMeta): Promise<void> {
    const now = await this.clock.now();
    await this.db.transaction(async (tx) => {
      if (!(await claimInbox(tx, meta.messageId, meta.jobName))) return;
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
