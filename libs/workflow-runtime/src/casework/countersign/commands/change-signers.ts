import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { AuthUser } from '@permits/auth';
import { invalidRequest } from '@permits/core';
import { CaseRuntime } from '../../../case-runtime';
import { CaseworkQueries } from '../../../casework.queries';
import type { SignersDto } from '../../../dto';
import { actorOf, caseContext, idempotencyKey, RequestMeta } from '../../request';

/** A head (or admin) adds departments to the open countersign step, removes some, or both (add first). */
export class ChangeSigners extends Command<void> {
  constructor(
    readonly user: AuthUser,
    readonly caseId: string,
    readonly body: SignersDto,
    readonly meta: RequestMeta,
  ) {
    super();
  }
}

@CommandHandler(ChangeSigners)
export class ChangeSignersHandler implements ICommandHandler<ChangeSigners> {
  constructor(
    private readonly runtime: CaseRuntime,
    private readonly queries: CaseworkQueries,
  ) {}

  async execute({ user, caseId, body, meta }: ChangeSigners): Promise<void> {
    if (!body.add?.length && !body.remove?.length) throw invalidRequest('add or remove must name at least one department');
    await this.queries.visibleCase(caseId, user);
    const ctx = caseContext(meta, { ...body });
    // one Idempotency-Key covers both halves: each its own engine command, so each its own key
    if (body.add?.length)
      await this.runtime.execute(caseId, { type: 'AddSigners', signers: body.add, actor: actorOf(user), idempotencyKey: idempotencyKey(meta, ':add') }, ctx);
    if (body.remove?.length)
      await this.runtime.execute(
        caseId,
        { type: 'RemoveSigners', signers: body.remove, actor: actorOf(user), idempotencyKey: idempotencyKey(meta, ':remove') },
        ctx,
      );
  }
}
