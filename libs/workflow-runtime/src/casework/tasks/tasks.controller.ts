import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest as Request } from 'fastify';
import { AuthUser, CurrentUser, Roles } from '@permits/auth';
import { ApiErrors } from '@permits/http';
import { CaseworkQueries } from '../../casework.queries';
import { CompleteTaskDto, DelegateTaskDto, IdParam, TaskListQuery, TaskPageDto } from '../../dto';
import { TASK_ANSWER_EXAMPLE, TASK_PAGE_EXAMPLE, TaskAnswerDto } from '../../responses';
import { IdempotencyKeyHeader, requestMeta } from '../request';
import { CompleteTask } from './commands/complete-task';
import { ClaimTask, DelegateTask, TransferTask, UnclaimTask } from './commands/hand-over-task';

/** Staff's tasks: the inbox (open and completed), and the task commands (complete, delegate, transfer, claim, unclaim). */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/v1')
export class TasksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: CaseworkQueries,
  ) {}

  @Get('tasks')
  @Roles('officer', 'head', 'admin')
  @ApiOperation({
    summary:
      "Open tasks of the caller's department or assigned to the caller (status=open), or those the caller or the department completed (status=completed, 已办); filters kind, slaLevel, licenseType, applicationId; sort=dueDate: soonest due first",
  })
  @ApiOkResponse({ type: TaskPageDto, example: TASK_PAGE_EXAMPLE })
  @ApiErrors(400, 401, 403)
  inbox(@CurrentUser() user: AuthUser, @Query() q: TaskListQuery) {
    return this.queries.tasks(user, { ...q, limit: q.limit ?? 50 });
  }

  @Post('tasks/:id/complete')
  @HttpCode(200)
  @Roles('officer', 'head', 'admin')
  @ApiOperation({ summary: 'Complete a task: acceptance tasks accept, request_correction or not_accept; others approve, reject or return' })
  @IdempotencyKeyHeader()
  @ApiOkResponse({ type: TaskAnswerDto, example: TASK_ANSWER_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  complete(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: CompleteTaskDto, @Req() req: Request) {
    return this.commands.execute(new CompleteTask(user, p.id, body, requestMeta(req)));
  }

  @Post('tasks/:id/delegate')
  @HttpCode(200)
  @Roles('officer', 'head', 'admin')
  @ApiOperation({ summary: 'Delegate a task (委派): it comes back to the delegator once the delegate completes it' })
  @IdempotencyKeyHeader()
  @ApiOkResponse({ type: TaskAnswerDto, example: TASK_ANSWER_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  delegate(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: DelegateTaskDto, @Req() req: Request) {
    return this.commands.execute(new DelegateTask(user, p.id, body, requestMeta(req)));
  }

  @Post('tasks/:id/transfer')
  @HttpCode(200)
  @Roles('officer', 'head', 'admin')
  @ApiOperation({ summary: 'Transfer a task (转办) to another user for good' })
  @IdempotencyKeyHeader()
  @ApiOkResponse({ type: TaskAnswerDto, example: TASK_ANSWER_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  transfer(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: DelegateTaskDto, @Req() req: Request) {
    return this.commands.execute(new TransferTask(user, p.id, body, requestMeta(req)));
  }

  @Post('tasks/:id/claim')
  @HttpCode(200)
  @Roles('officer', 'head', 'admin')
  @ApiOperation({ summary: "Claim a department task: it becomes the caller's" })
  @IdempotencyKeyHeader()
  @ApiOkResponse({ type: TaskAnswerDto, example: TASK_ANSWER_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  claim(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Req() req: Request) {
    return this.commands.execute(new ClaimTask(user, p.id, requestMeta(req)));
  }

  @Post('tasks/:id/unclaim')
  @HttpCode(200)
  @Roles('officer', 'head', 'admin')
  @ApiOperation({ summary: 'Give a claimed task back to its department' })
  @IdempotencyKeyHeader()
  @ApiOkResponse({ type: TaskAnswerDto, example: TASK_ANSWER_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  unclaim(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Req() req: Request) {
    return this.commands.execute(new UnclaimTask(user, p.id, requestMeta(req)));
  }
}
