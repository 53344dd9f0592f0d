import { applicantHistory, StoredHistoryLine } from './history';

const at = '2026-03-02T02:00:00.000Z';
const line = (action: string, detail: Record<string, unknown> = {}, actor = 'staff-1'): StoredHistoryLine => ({ at, actor, action, detail });

describe('applicantHistory', () => {
  it('keeps the progress and drops the deliberation', () => {
    const staff = [
      line('started:hazardous_waste_v1', { version: 1 }, 'ent-1'),
      line('task_opened:review', { taskId: 'dp_1', dept: 'solid_waste', assignee: 'someone' }, 'system'),
      line('task_delegated', { taskId: 'dp_1', to: 'expert-9' }),
      line('task_delegation_resolved', { taskId: 'dp_1', backTo: 'staff-1', outcome: 'approve', comment: 'expert view' }, 'expert-9'),
      line('review:approve', { taskId: 'dp_1', comment: 'internal remark' }),
      line('countersign:approve', { taskId: 'dp_2', comment: 'a vote' }),
      line('countersign:approve', { votes: { pollution: 'approve' } }, 'system'),
      line('countersign_signers_changed', { added: ['legal'], removed: [] }),
      line('task_transferred', { taskId: 'dp_3', from: 'a', to: 'b' }),
      line('returned', { from: 'countersign', to: 'review' }),
      line('decision:reject', { taskId: 'dp_4', comment: 'the reason' }),
      line('clock_suspended', { reason: 'expert_review', expectedDays: 5 }),
      line('extended', { days: 10, reason: 'complex' }),
      line('denied', { stepId: 'end' }, 'system'),
    ];
    expect(applicantHistory(staff).map((l) => [l.action, l.detail])).toEqual([
      ['started:hazardous_waste_v1', { version: 1 }],
      ['task_opened:review', { dept: 'solid_waste' }],
      ['review:approve', {}],
      ['countersign:approve', {}],
      ['returned', {}],
      ['decision:reject', { comment: 'the reason' }],
      ['clock_suspended', { reason: 'expert_review', expectedDays: 5 }],
      ['extended', { days: 10, reason: 'complex' }],
      ['denied', { stepId: 'end' }],
    ]);
  });

  it('keeps the corrections asked for and the reasons of a refusal at acceptance', () => {
    const staff = [
      line('acceptance:request_correction', { taskId: 'in_1', comment: 'sign page 3', corrections: [{ code: 'M1' }] }),
      line('acceptance:not_accept', { taskId: 'in_2', comment: 'not our competence' }),
    ];
    expect(applicantHistory(staff).map((l) => l.detail)).toEqual([
      { comment: 'sign page 3', corrections: [{ code: 'M1' }] },
      { comment: 'not our competence' },
    ]);
  });
});
