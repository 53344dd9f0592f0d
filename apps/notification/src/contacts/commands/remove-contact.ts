import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ContactRow, ContactType } from '../contact.entity';
import { notFound } from '@permits/core';

export class RemoveContact extends Command<void> {
  constructor(
    readonly type: ContactType,
    readonly id: string,
  ) {
    super();
  }
}

/** Removes a recipient's contact (in-app notifications go on); one there is none of is not found. */
@CommandHandler(RemoveContact)
export class RemoveContactHandler implements ICommandHandler<RemoveContact> {
  constructor(private readonly db: DataSource) {}

  async execute({ type, id }: RemoveContact): Promise<void> {
    const res = await this.db.getRepository(ContactRow).delete({ recipientType: type, recipient: id });
    if (!res.affected) throw notFound('contact');
  }
}
