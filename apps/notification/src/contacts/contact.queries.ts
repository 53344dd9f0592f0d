import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ContactRow, ContactType } from './contact.entity';
import { notFound } from '@permits/core';

/** A contact as the API answers it. */
export const contactView = (c: ContactRow) => ({
  type: c.recipientType,
  id: c.recipient,
  email: c.email,
  phone: c.phone,
  updatedAt: c.updatedAt.toISOString(),
  updatedBy: c.updatedBy,
});

/** Reads of recipients' contacts. */
@Injectable()
export class ContactQueries {
  constructor(private readonly db: DataSource) {}

  async get(type: ContactType, id: string) {
    const row = await this.db.getRepository(ContactRow).findOneBy({ recipientType: type, recipient: id });
    if (!row) throw notFound('contact');
    return contactView(row);
  }
}
