import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@permits/auth';
import { ContactRow, ContactType } from '../contact.entity';
import { contactView } from '../contact.queries';
import { DomainError } from '@permits/core';

export class PutContact extends Command<ReturnType<typeof contactView>> {
  constructor(
    readonly user: AuthUser,
    readonly type: ContactType,
    readonly id: string,
    readonly email: string | null,
    readonly phone: string | null,
  ) {
    super();
  }
}

/** Sets (replaces) the e-mail address and mobile number of a recipient. */
@CommandHandler(PutContact)
export class PutContactHandler implements ICommandHandler<PutContact> {
  constructor(private readonly db: DataSource) {}

  async execute({ user, type, id, email, phone }: PutContact) {
    if (!email && !phone) throw new DomainError('VALIDATION_FAILED', ['email or phone must be given (DELETE removes a contact)']);
    const row = Object.assign(new ContactRow(), { recipientType: type, recipient: id, email, phone, updatedAt: new Date(), updatedBy: user.id });
    await this.db.getRepository(ContactRow).upsert(row, ['recipientType', 'recipient']);
    return contactView(row);
  }
}
