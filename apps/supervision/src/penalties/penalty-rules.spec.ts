import type { EntityManager } from 'typeorm';
import { SUPERVISION_CHECK_V2, SUPERVISION_PENALTY_V2 } from '@permits/workflow/definitions';
import { Command, decide, WorkflowDefinition } from '@permits/workflow/engine';
import type { CaseRow } from '@permits/workflow-runtime';
import { checkRules, CHECK_RESULT_CHANNEL } from '../checks/check-rules';
import { penaltyRules } from './penalty-rules';

const T0 = new Date('2026-07-06T02:00:00.000Z');
const SYSTEM = { id: 'system', roles: ['admin' as const] };
const head = (dept: 'enforcement' | 'pollution' | 'legal', id: string) => ({ id, roles: ['head' as const], dept });
const officer = (dept: 'enforcement' | 'legal', id: string) => ({ id, roles: ['officer' as const], dept });

/** A case row driven through the pure engine (no database): the rules read only its state and the penalty row. */
function caseOf(def: WorkflowDefinition, data: Record<string, unknown>, commands: ((row: CaseRow) => Command)[] = []): CaseRow {
  let n = 0;
  const ids = () => `t${++n}`;
  let { state } = decide(def, undefined, { type: 'Start', instanceId: 'case-1', data, actor: SYSTEM }, T0, ids);
  const row = { id: 'case-1', definitionKey: def.key, definitionVersion: def.version, state } as unknown as CaseRow;
  for (const c of commands) {
    ({ state } = decide(def, row.state, c(row), T0, ids));
    row.state = state;
  }
  return row;
}

/** A transaction that finds this penalty row (the rules' one read). */
const txWith = (penalty: object | null) => ({ getRepository: () => ({ findOne: async () => penalty }) }) as unknown as EntityManager;
const openTask = (row: CaseRow, kind: string, dept?: string) =>
  row.state.tasks.find((t) => t.status === 'open' && t.kind === kind && (!dept || t.dept === dept))!;
const complete = (row: CaseRow, kind: string, actor: Command['actor'], dept?: string): Command => ({
  type: 'CompleteTask',
  taskId: openTask(row, kind, dept).id,
  outcome: 'approve',
  actor,
});
const ctx = { correlationId: 'c' };

describe('penaltyRules', () => {
  const proposal = { facts: 'COD over the limit', legalBasis: 'art. 83', sanction: { kind: 'fine', amountYuan: 50_000 }, investigators: ['insp-a', 'insp-b'] };
  const atReview = () =>
    caseOf(SUPERVISION_PENALTY_V2, {}, [
      (r) => complete(r, 'legal_review', officer('legal', 'legal-1')),
      () => ({ type: 'WaitElapsed', stepId: 'statement_period', actor: SYSTEM }),
    ]);

  it('refuses to approve the legal review without a proposal (409), and lets it with one', async () => {
    const row = caseOf(SUPERVISION_PENALTY_V2, {});
    const approve = complete(row, 'legal_review', officer('legal', 'legal-1'));
    await expect(penaltyRules(txWith({ ...proposal, facts: null, legalBasis: null, sanction: null }), row, approve, ctx)).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    await expect(penaltyRules(txWith(proposal), row, approve, ctx)).resolves.toBeUndefined();
  });

  it('lets only heads vote in the collective review (HEAD_REQUIRED)', async () => {
    const row = atReview();
    await expect(penaltyRules(txWith(proposal), row, complete(row, 'countersign', officer('enforcement', 'off-1'), 'enforcement'), ctx)).rejects.toMatchObject({
      code: 'HEAD_REQUIRED',
    });
  });

  it('refuses a second vote by the same person, under another department (SAME_PERSON)', async () => {
    const row = caseOf(SUPERVISION_PENALTY_V2, {}, [
      (r) => complete(r, 'legal_review', officer('legal', 'legal-1')),
      () => ({ type: 'WaitElapsed', stepId: 'statement_period', actor: SYSTEM }),
      (r) => complete(r, 'countersign', head('enforcement', 'head-x'), 'enforcement'),
    ]);
    expect(row.state.currentStepId).toBe('collective_review'); // one approval of the quorum of 2
    await expect(penaltyRules(txWith(proposal), row, complete(row, 'countersign', head('pollution', 'head-x'), 'pollution'), ctx)).rejects.toMatchObject({
      code: 'SAME_PERSON',
    });
    await expect(penaltyRules(txWith(proposal), row, complete(row, 'countersign', head('pollution', 'head-y'), 'pollution'), ctx)).resolves.toBeUndefined();
  });

  it('keeps investigators out of the vote and the decision (SAME_PERSON)', async () => {
    const review = atReview();
    await expect(
      penaltyRules(txWith(proposal), review, complete(review, 'countersign', head('enforcement', 'insp-a'), 'enforcement'), ctx),
    ).rejects.toMatchObject({ code: 'SAME_PERSON' });
    const decision = caseOf(SUPERVISION_PENALTY_V2, {}, [
      (r) => complete(r, 'legal_review', officer('legal', 'legal-1')),
      () => ({ type: 'WaitElapsed', stepId: 'statement_period', actor: SYSTEM }),
      (r) => complete(r, 'countersign', head('enforcement', 'head-x'), 'enforcement'),
      (r) => complete(r, 'countersign', head('pollution', 'head-y'), 'pollution'),
    ]);
    expect(decision.state.currentStepId).toBe('decision');
    await expect(penaltyRules(txWith(proposal), decision, complete(decision, 'penalty_decision', head('enforcement', 'insp-b')), ctx)).rejects.toMatchObject({
      code: 'SAME_PERSON',
    });
    await expect(penaltyRules(txWith(proposal), decision, complete(decision, 'penalty_decision', officer('enforcement', 'off-1')), ctx)).rejects.toMatchObject({
      code: 'HEAD_REQUIRED',
    });
    await expect(penaltyRules(txWith(proposal), decision, complete(decision, 'penalty_decision', head('enforcement', 'head-x')), ctx)).resolves.toBeUndefined();
  });
});

describe('checkRules', () => {
  const drawn = { inspectors: ['insp-a', 'insp-b'] };

  it('takes an inspection only through the check result; refuses claim, delegation and transfer (403)', async () => {
    const row = caseOf(SUPERVISION_CHECK_V2, drawn);
    const task = row.state.tasks.find((t) => t.assignee === 'insp-a')!;
    const byInspector = { type: 'CompleteTask' as const, taskId: task.id, outcome: 'approve' as const, actor: officer('enforcement', 'insp-a') };
    await expect(checkRules(txWith(null), row, byInspector, ctx)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(checkRules(txWith(null), row, byInspector, { correlationId: 'c', input: { channel: CHECK_RESULT_CHANNEL } })).resolves.toBeUndefined();
    for (const type of ['ClaimTask', 'UnclaimTask'] as const)
      await expect(checkRules(txWith(null), row, { type, taskId: task.id, actor: officer('enforcement', 'x') }, ctx)).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    for (const type of ['DelegateTask', 'TransferTask'] as const)
      await expect(checkRules(txWith(null), row, { type, taskId: task.id, toUserId: 'x', actor: head('enforcement', 'h') }, ctx)).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
  });

  it("gives a disputed check's review to a head who was not its inspector", async () => {
    const vote = (r: CaseRow, id: string, outcome: 'approve' | 'reject'): Command => ({
      type: 'CompleteTask',
      taskId: r.state.tasks.find((t) => t.assignee === id && t.status === 'open')!.id,
      outcome,
      comment: 'found',
      actor: officer('enforcement', id),
    });
    const row = caseOf(SUPERVISION_CHECK_V2, drawn, [(r) => vote(r, 'insp-a', 'approve'), (r) => vote(r, 'insp-b', 'reject')]);
    expect(row.state.currentStepId).toBe('review');
    const review = openTask(row, 'review');
    const by = (actor: Command['actor']): Command => ({ type: 'CompleteTask', taskId: review.id, outcome: 'reject', comment: 'violation', actor });
    await expect(checkRules(txWith(null), row, by(officer('enforcement', 'off-1')), ctx)).rejects.toMatchObject({ code: 'HEAD_REQUIRED' });
    await expect(checkRules(txWith(null), row, by(head('enforcement', 'insp-a')), ctx)).rejects.toMatchObject({ code: 'SAME_PERSON' });
    await expect(checkRules(txWith(null), row, by(head('enforcement', 'head-1')), ctx)).resolves.toBeUndefined();
  });
});
