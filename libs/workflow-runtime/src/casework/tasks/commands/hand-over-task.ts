import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { AuthUser } from '@permits/auth';
import { CaseRuntime } from '../../../case-runtime';
import { CaseworkQueries } from '../../../casework.queries';
import type { DelegateTaskDto } from '../../../dto';
import { actorOf, caseContext, idempotencyKey, RequestMeta } from '../../request';
import { TaskAnswer, taskAnswer } from '../task-answer';

/**
 * Who holds a task: delegate (委派, it comes back to the delegator), transfer (转办, for good), claim (a
 * department's task becomes the caller's), unclaim (back to the department). One command per action, each
 * the engine command of the same name on the task's case.
 */
abstract class TaskHolderCommand extends Command<TaskAnswer> {
  constructor(
    readonly user: AuthUser,
    readonly taskId: string,
    readonly meta: RequestMeta,
  ) {
    super();
  }
}

export class DelegateTask extends TaskHolderCommand {
  constructor(
    user: AuthUser,
    taskId: string,
    readonly body: DelegateTaskDto,
    meta: RequestMeta,
  ) {
    super(user, taskId, meta);
  }
}

export class TransferTask extends DelegateTask {}
export class ClaimTask extends TaskHolderCommand {}
export class UnclaimTask extends TaskHolderCommand {}

// decorated so that TypeScript records the constructor's parameter types, which the handlers below inherit
@Injectable()
abstract class TaskHolderHandler<C extends TaskHolderCommand> {
  constructor(
    private readonly runtime: CaseRuntime,
    private readonly queries: CaseworkQueries,
  ) {}

  async execute(cmd: C): Promise<TaskAnswer> {
    const task = await this.queries.task(cmd.taskId);
    const common = { taskId: task.id, actor: actorOf(cmd.user), idempotencyKey: idempotencyKey(cmd.meta) };
    if (cmd instanceof DelegateTask) {
      const type = cmd instanceof TransferTask ? 'TransferTask' : 'DelegateTask';
      await this.runtime.execute(task.caseId, { type, ...common, toUserId: cmd.body.toUserId }, caseContext(cmd.meta, { ...cmd.body }));
    } else {
      await this.runtime.execute(task.caseId, { type: cmd instanceof ClaimTask ? 'ClaimTask' : 'UnclaimTask', ...common }, caseContext(cmd.meta));
    }
    return taskAnswer(this.queries, cmd.taskId);
  }
}

@CommandHandler(DelegateTask)
export class DelegateTaskHandler extends TaskHolderHandler<DelegateTask> implements ICommandHandler<DelegateTask> {}

@CommandHandler(TransferTask)
export class TransferTaskHandler extends TaskHolderHandler<TransferTask> implements ICommandHandler<TransferTask> {}

@CommandHandler(ClaimTask)
export class ClaimTaskHandler extends TaskHolderHandler<ClaimTask> implements ICommandHandler<ClaimTask> {}

@CommandHandler(UnclaimTask)
export class UnclaimTaskHandler extends TaskHolderHandler<UnclaimTask> implements ICommandHandler<UnclaimTask> {}
