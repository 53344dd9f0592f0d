import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { AuthUser } from '@permits/auth';
import { ACCEPTANCE_OUTCOMES } from '@permits/contracts/enums';
import { invalidRequest } from '@permits/core';
import { CaseRuntime } from '../../../case-runtime';
import { CaseworkQueries } from '../../../casework.queries';
import type { CompleteTaskDto } from '../../../dto';
import { actorOf, idempotencyKey, RequestMeta } from '../../request';
import { TaskAnswer, taskAnswer } from '../task-answer';

export class CompleteTask extends Command<TaskAnswer> {
  constructor(
    readonly user: AuthUser,
    readonly taskId: string,
    readonly body: CompleteTaskDto,
    readonly meta: RequestMeta,
  ) {
    super();
  }
}

/** Completes a task: acceptance tasks accept, request_correction or not_accept; others approve, reject or return. */
@CommandHandler(CompleteTask)
export class CompleteTaskHandler implements ICommandHandler<CompleteTask> {
  constructor(
    private readonly runtime: CaseRuntime,
    private readonly queries: CaseworkQueries,
  ) {}

  async execute({ user, taskId, body, meta }: CompleteTask): Promise<TaskAnswer> {
    const task = await this.queries.task(taskId);
    const acceptance = task.kind === 'acceptance';
    if (acceptance !== (ACCEPTANCE_OUTCOMES as readonly string[]).includes(body.outcome)) {
      throw invalidRequest(
        `outcome must be one of ${acceptance ? 'accept, request_correction, not_accept' : 'approve, reject, return'} for a ${task.kind} task`,
      );
    }
    if (body.outcome === 'request_correction' && !body.corrections?.length) throw invalidRequest('corrections must list the materials to correct');
    if (body.returnTo && body.outcome !== 'return') throw invalidRequest('returnTo goes with outcome return');
    const input = { taskId: task.id, outcome: body.outcome, comment: body.comment ?? null, ...(body.corrections ? { corrections: body.corrections } : {}) };
    const { row, events } = await this.runtime.execute(
      task.caseId,
      {
        type: 'CompleteTask',
        taskId: task.id,
        outcome: body.outcome,
        comment: body.comment,
        returnTo: body.returnTo,
        actor: actorOf(user),
        idempotencyKey: idempotencyKey(meta),
      },
      { correlationId: meta.correlationId, input },
    );
    // the command says what became of the task; only a repeat (nothing happened) reads it again
    const done = events.find((e) => e.type === 'TaskCompleted' && e.taskId === task.id);
    const held = row.state.tasks.find((t) => t.id === task.id);
    if (done?.type === 'TaskCompleted' && held)
      return { id: task.id, applicationId: task.caseId, status: 'completed', outcome: done.outcome, assignee: held.assignee };
    return taskAnswer(this.queries, taskId);
  }
}
