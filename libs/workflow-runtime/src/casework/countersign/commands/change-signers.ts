import { CommandHandler } from '@nestjs/cqrs';
import { invalidRequest } from '@permits/core';
import type { SignersDto } from '../../../dto';
import { actorOf, caseContext, idempotencyKey, CaseCommand, CaseCommandHandler } from '../../request';

/** A head (or admin) adds departments to the open countersign step, removes some, or both (add first). */
export class ChangeSigners extends CaseCommand<SignersDto> {}

@CommandHandler(ChangeSigners)
export class ChangeSignersHandler extends CaseCommandHandler<ChangeSigners> {
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
