import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { AuthUser, CurrentUser, Roles } from '@permits/auth';
import { RETRY_AFTER_SECONDS } from '@permits/http';
import { taskOrder } from '@permits/workflow-runtime/task-list';
import { TaskListQuery } from '@permits/workflow-runtime/dto';
import { Composer } from '../compose';
import { TaskInboxQueries } from './inbox.queries';

/**
 * GET /api/v1/tasks in the gateway when the index is on: the open inbox from the index (the same DTO, roles, rule and
 * answer as the case services'); the completed list (已办) is still asked of the services that hold it. Documented by
 * the case services' own operation (the same path and answer), so excluded here.
 */
@ApiExcludeController()
@Controller('api/v1/tasks')
export class TaskInboxController {
  constructor(
    private readonly queries: TaskInboxQueries,
    private readonly composer: Composer,
  ) {}

  @Get()
  @Roles('officer', 'head', 'admin')
  async inbox(@CurrentUser() user: AuthUser, @Query() q: TaskListQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const status = q.status ?? 'open';
    taskOrder(status, q.sort); // the same 400 as the services' for sort=completedAt without status=completed
    if (status === 'open') return this.queries.open(user, { ...q, limit: q.limit ?? 50 });
    const answer = await this.composer.tasks(req);
    if (answer.status === 503) void res.header('Retry-After', String(RETRY_AFTER_SECONDS));
    void res.status(answer.status);
    return answer.body;
  }
}
