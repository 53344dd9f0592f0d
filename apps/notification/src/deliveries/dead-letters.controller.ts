import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '@permits/http';
import { NOTIFICATION_DEAD_LETTERS_EXAMPLE, NotificationDeadLetterPageDto } from '../responses';
import { Roles } from '@permits/auth';
import { ListQuery } from '@permits/workflow-runtime';
import { DeadLetterQueries } from './dead-letter.queries';

/** The dead letters of notification's queues (admin): see DeadLetterQueries. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications/dead-letters')
export class NotificationDeadLettersController {
  constructor(private readonly queries: DeadLetterQueries) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Notification jobs that failed for good (dead letters), newest first' })
  @ApiOkResponse({ type: NotificationDeadLetterPageDto, example: NOTIFICATION_DEAD_LETTERS_EXAMPLE })
  @ApiErrors(400, 401, 403)
  list(@Query() q: ListQuery) {
    return this.queries.list(q);
  }
}
