import { EntityManager } from 'typeorm';
import { Command } from '@permits/workflow/engine';
import { CaseContext, CaseRow } from '@permits/workflow-runtime';
import { requireHead, taskOf } from '../checks/check-rules';
import { PenaltyRow } from '../entities';
import { DomainError } from '@permits/core';

/**
 * Supervision's rules on a penalty's task commands (every path reaches them: CaseEffects.check runs inside
 * the command's transaction): the legal review is approved only with a proposal; collective review votes are
 * heads', one per person, never an investigator's; the decision is a head's who did not investigate (art. 42).
 */
export async function penaltyRules(tx: EntityManager, row: CaseRow, command: Command, _ctx: CaseContext): Promise<void> {
  if (row.definitionKey !== 'supervision_penalty' || command.type !== 'CompleteTask') return;
  const task = taskOf(row, command);
  if (!task) return;
  const penalty = () => tx.getRepository(PenaltyRow).findOne({ where: { id: row.id } });
  if (task.stepId === 'legal_review' && command.outcome === 'approve') {
    const p = await penalty();
    if (!p?.sanction || !p.facts || !p.legalBasis)
      throw new DomainError('INVALID_TRANSITION', 'the legal review is approved with a proposal: PUT /api/v1/supervision/penalties/:id/proposal first');
    return;
  }
  if (task.stepId === 'collective_review') {
    requireHead(command.actor, 'a vote in the collective review');
    if ((await penalty())?.investigators.includes(command.actor.id))
      throw new DomainError('SAME_PERSON', 'an investigator of the violation does not vote on its penalty');
    const cs = row.state.countersign;
    if (cs && Object.values(cs.votes).some((v) => v.by === command.actor.id))
      throw new DomainError('SAME_PERSON', 'one person casts one vote in a collective review');
    return;
  }
  if (task.stepId === 'decision') {
    requireHead(command.actor, 'a penalty decision');
    if ((await penalty())?.investigators.includes(command.actor.id))
      throw new DomainError('SAME_PERSON', 'an investigator of the violation does not decide its penalty (separation of investigation and decision)');
  }
}
