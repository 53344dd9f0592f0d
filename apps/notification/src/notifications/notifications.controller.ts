import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NOTIFICATION_PAGE_EXAMPLE, NotificationPageDto, ReadAllDto, ReadDto } from '../responses';
import { AuthUser, CurrentUser } from '@permits/auth';
import { ApiErrors } from '@permits/http';
import { IdParam, ListQuery } from '@permits/workflow-runtime';
import { MarkAllNotificationsRead } from './commands/mark-all-notifications-read';
import { MarkNotificationRead } from './commands/mark-notification-read';
import { NotificationQueries } from './notification.queries';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: NotificationQueries,
  ) {}

  @Get()
  @ApiOperation({ summary: "The caller's notifications (staff: also their department's), newest first" })
  @ApiOkResponse({ type: NotificationPageDto, example: NOTIFICATION_PAGE_EXAMPLE })
  @ApiErrors(400, 401)
  list(@CurrentUser() user: AuthUser, @Query() q: ListQuery) {
    return this.queries.list(user, q);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: "Marks every unread notification of the caller's as read" })
  @ApiOkResponse({ type: ReadAllDto, example: { updated: 3 } })
  @ApiErrors(401)
  readAll(@CurrentUser() user: AuthUser) {
    return this.commands.execute(new MarkAllNotificationsRead(user));
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: "Marks one of the caller's notifications as read (again: no change)" })
  @ApiOkResponse({ type: ReadDto, example: { id: '0193a5c4-0000-7000-8000-00000000a001', readAt: '2026-11-30T03:00:00.000Z' } })
  @ApiErrors(400, 401, 404)
  read(@CurrentUser() user: AuthUser, @Param() p: IdParam) {
    return this.commands.execute(new MarkNotificationRead(user, p.id));
  }
}
