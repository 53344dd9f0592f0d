// The countersign step: one task per signer (all at once, or one at a time when sequential),
// votes kept per signer, and the policy deciding when the step is over (countersign-policy.ts).
import { DEPARTMENTS } from '@permits/contracts/enums';
import type { AddSigners, RemoveSigners } from './commands';
import { readField } from './condition';
import { cancelTask, emit, openTask, openTasksOf, requireRole, requireStep, type Ctx } from './context';
import { policyProblems, signersToAsk, tally, type Ballot } from './countersign-policy';
import { heldByName, signerDept, signerKey, signerUser, type CountersignStep, type SignerRef } from './definition';
import { InvalidCommand, InvalidTransition, NotYourTask } from './errors';
import type { TaskCancelReason } from './events';
import type { CountersignState, Task, Vote } from './state';
import { advance } from './steps';

export function openCountersign(ctx: Ctx, step: CountersignStep, round: number): void {
  const { id: stepId, policy, veto } = step;
  ctx.state.countersign = { stepId, round, signers: signersOf(ctx, step), votes: {}, policy: { ...policy }, veto };
  syncSignerTasks(ctx, 'signer_removed');
}

/** The step's signers: its own list, or the users the case names at `signersFrom` (each at most once). */
export function signersOf(ctx: Ctx, step: CountersignStep): SignerRef[] {
  if (!step.signersFrom) return copySigners(step.signers);
  const { field, dept } = step.signersFrom;
  const users = readField(field, ctx.state.data);
  if (!Array.isArray(users) || users.length === 0 || users.some((u) => typeof u !== 'string' || u === '')) {
    throw new InvalidCommand(`step ${step.id} takes its signers from ${field}, which must list at least one user id`);
  }
  return [...new Set(users as string[])].map((user) => ({ user, dept }));
}

export function ballotOf(cs: CountersignState): Ballot {
  const votes: Record<string, Vote> = {};
  for (const [key, cast] of Object.entries(cs.votes)) votes[key] = cast.vote;
  return { signers: cs.signers.map(signerKey), votes, policy: cs.policy, veto: cs.veto };
}

/** Records a signer's vote (its task is already completed) and settles the step. */
export function recordVote(ctx: Ctx, task: Task, vote: Vote, by: string): void {
  const cs = requireCountersign(ctx);
  if (task.signer === null) throw new InvalidTransition(`task ${task.id} is not a countersign task`);
  cs.votes[task.signer] = { vote, by, taskId: task.id, at: ctx.now };
  settleCountersign(ctx);
}

/**
 * After any change of votes or signers: either the policy has decided, and the case leaves the
 * step down the matching path (open tasks of the other signers are cancelled), or the open
 * tasks are brought in line with the signers who should be asked now.
 */
export function settleCountersign(ctx: Ctx, staleReason: TaskCancelReason = 'signer_removed'): void {
  const cs = requireCountersign(ctx);
  const keys = cs.signers.map(signerKey);
  for (const task of openTasksOf(ctx, cs.stepId)) {
    if (task.signer === null || !keys.includes(task.signer)) cancelTask(ctx, task, staleReason);
  }
  const ballot = ballotOf(cs);
  const outcome = tally(ballot);
  if (outcome === 'pending') {
    syncSignerTasks(ctx, staleReason);
    return;
  }
  const vote: Vote = outcome === 'approved' ? 'approve' : 'reject';
  const votes: Record<string, Vote> = {};
  for (const key of ballot.signers) if (ballot.votes[key] !== undefined) votes[key] = ballot.votes[key];
  emit(ctx, {
    type: 'CountersignDecided',
    stepId: cs.stepId,
    round: cs.round,
    outcome: vote,
    policy: { ...cs.policy },
    veto: cs.veto,
    signers: [...ballot.signers],
    votes,
  });
  const step = requireStep(ctx, cs.stepId) as CountersignStep;
  const split = step.onSplit !== undefined && Object.values(votes).includes('approve') && Object.values(votes).includes('reject');
  advance(ctx, split ? step.onSplit! : outcome === 'approved' ? step.onApproved : step.onRejected);
}

/** Opens a task for each signer who should be asked now and has none; cancels tasks of signers who should not. */
function syncSignerTasks(ctx: Ctx, staleReason: TaskCancelReason): void {
  const cs = requireCountersign(ctx);
  const ask = signersToAsk(ballotOf(cs));
  const open = openTasksOf(ctx, cs.stepId);
  for (const task of open) if (task.signer === null || !ask.includes(task.signer)) cancelTask(ctx, task, staleReason);
  for (const ref of cs.signers) {
    const key = signerKey(ref);
    if (!ask.includes(key) || open.some((t) => t.signer === key)) continue;
    const { stepId, round } = cs;
    const kind = (requireStep(ctx, stepId) as CountersignStep).taskKind;
    openTask(ctx, { stepId, kind, dept: signerDept(ref), assignee: signerUser(ref), signer: key, round });
  }
}

/** 加签. Sequential countersigns append the new signers after the current order. */
export function addSigners(ctx: Ctx, cmd: AddSigners): void {
  requireRole(cmd.actor, ['head', 'admin'], 'changing countersign signers');
  const cs = requireCountersign(ctx);
  assertSignersChangeable(ctx, cs);
  const keys = checkedSignerKeys(cmd.signers);
  const present = cs.signers.map(signerKey);
  const already = keys.filter((k) => present.includes(k));
  if (already.length > 0) throw new InvalidTransition(`already signers: ${already.join(', ')}`);
  cs.signers.push(...copySigners(cmd.signers));
  const added = copySigners(cmd.signers); // a separate copy: events never share objects with the state
  emit(ctx, { type: 'CountersignSignersChanged', stepId: cs.stepId, added, removed: [], signers: copySigners(cs.signers), by: cmd.actor.id });
  settleCountersign(ctx);
}

/**
 * 减签. Only signers who have not voted yet can be removed: a cast vote stays on the record (else
 * removing the dissenters could turn a rejection into an approval). Removing the last outstanding
 * signers may decide the step at once. The signer list never becomes empty, and never smaller than
 * a fixed quorum `n`: such a removal is refused rather than silently rejecting the step.
 */
export function removeSigners(ctx: Ctx, cmd: RemoveSigners): void {
  requireRole(cmd.actor, ['head', 'admin'], 'changing countersign signers');
  const cs = requireCountersign(ctx);
  assertSignersChangeable(ctx, cs);
  const keys = checkedSignerKeys(cmd.signers);
  const present = cs.signers.map(signerKey);
  const unknown = keys.filter((k) => !present.includes(k));
  if (unknown.length > 0) throw new InvalidTransition(`not signers of this countersign: ${unknown.join(', ')}`);
  const voted = keys.filter((k) => cs.votes[k] !== undefined);
  if (voted.length > 0) throw new InvalidTransition(`cannot remove signers who already voted: ${voted.join(', ')}`);
  const remaining = cs.signers.filter((s) => !keys.includes(signerKey(s)));
  const problems = policyProblems(cs.policy, remaining.length);
  if (problems.length > 0) throw new InvalidTransition(`removing would leave an impossible countersign: ${problems.join('; ')}`);
  const removed = cs.signers.filter((s) => keys.includes(signerKey(s)));
  cs.signers = remaining;
  emit(ctx, { type: 'CountersignSignersChanged', stepId: cs.stepId, added: [], removed, signers: copySigners(remaining), by: cmd.actor.id });
  settleCountersign(ctx);
}

/** Signer lists are copied into the state so that it never shares objects with a definition or a command. */
export function copySigners(signers: readonly SignerRef[]): SignerRef[] {
  return signers.map((s) => (typeof s === 'string' ? s : { ...s }));
}

/** Signers the case names (drawn inspectors) are fixed: nobody adds or removes one. */
function assertSignersChangeable(ctx: Ctx, cs: CountersignState): void {
  if (heldByName(requireStep(ctx, cs.stepId))) throw new NotYourTask(`the signers of step ${cs.stepId} are named by the case and cannot be changed`);
}

function requireCountersign(ctx: Ctx): CountersignState {
  const cs = ctx.state.countersign;
  if (cs === null || cs.stepId !== ctx.state.currentStepId) throw new InvalidTransition('the case is not in a countersign step');
  return cs;
}

function checkedSignerKeys(signers: readonly SignerRef[]): string[] {
  if (!Array.isArray(signers) || signers.length === 0) throw new InvalidCommand('name at least one signer');
  for (const ref of signers) {
    if (typeof ref !== 'string' && (typeof ref !== 'object' || ref === null)) throw new InvalidCommand('a signer is a department or { user, dept }');
    const dept: string = signerDept(ref);
    if (!(DEPARTMENTS as readonly string[]).includes(dept)) throw new InvalidCommand(`unknown department "${dept}"`);
    if (typeof ref !== 'string' && (typeof ref.user !== 'string' || ref.user === '')) {
      throw new InvalidCommand('a user signer needs a user id');
    }
  }
  const keys = signers.map(signerKey);
  if (new Set(keys).size !== keys.length) throw new InvalidCommand('a signer is named twice');
  return keys;
}
