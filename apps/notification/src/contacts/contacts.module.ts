import { Module } from '@nestjs/common';
import { PutContactHandler } from './commands/put-contact';
import { RemoveContactHandler } from './commands/remove-contact';
import { ContactQueries } from './contact.queries';
import { ContactsController } from './contacts.controller';

/** Where notifications go besides the in-app list (admin). */
@Module({
  controllers: [ContactsController],
  providers: [ContactQueries, PutContactHandler, RemoveContactHandler],
})
export class ContactsModule {}
