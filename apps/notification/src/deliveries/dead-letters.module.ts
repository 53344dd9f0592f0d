import { Module } from '@nestjs/common';
import { DeadLetterQueries } from './dead-letter.queries';
import { NotificationDeadLettersController } from './dead-letters.controller';

/** The dead letters of notification's queues (admin, read only). */
@Module({
  controllers: [NotificationDeadLettersController],
  providers: [DeadLetterQueries],
})
export class DeadLettersModule {}
