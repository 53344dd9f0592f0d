import fc from 'fast-check';
import type { Dept, TaskOutcome } from '@permits/contracts/enums';
import { DEFAULT_DEFINITIONS } from '@permits/workflow/definitions';
import { Actor, Command, decide, InstanceState, Task, WorkflowDefinition, WorkflowError } from '@permits/workflow/engine';
import { assertDuties, DECISION_KINDS, DutyFacts, dutyRefusal, isTaskCommand, REVIEW_KINDS, StaffEntry, TaskCommand } from './duty-policy';
import { DomainError } from '@permits/core';

const CC = '91310000MA1FL0XX2K';
const OTHER_CC = '91110000802100433B';
const officer = (dept: Dept, id = `${dept}-officer`): Actor => ({ id, roles: ['officer'], dept });
const head = (dept: Dept, id = `${dept}-head`): Actor => ({ id, roles: ['head'], dept });
const ADMIN: Actor = { id: 'admin-1', roles: ['admin'], dept: 'approval' };

function aTask(over: Partial<Task> & Pick<Task, 'id' | 'stepId' | 'kind' | 'dept'>): Task {
  return {
    assignee: null,
    claimed: false,
    delegatedFrom: null,
    delegation: null,
    resolution: null,
    signer: null,
    status: 'open',
    outcome: null,
    comment: null,
    completedBy: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    completedAt: null,
    round: 1,
    ...over,
  };
}

function aState(tasks: Task[], currentStepId: string): InstanceState {
  return {
    instanceId: 'case-1',
    definitionKey: 'k',
    definitionVersion: 1,
    status: 'running',
    currentStepId,
    tasks,
    data: {},
    stack: [],
    rounds: {},
    countersign: null,
    suspended: false,
    idempotency: {},
  } as unknown as InstanceState;
}

function facts(over: Partial<DutyFacts> & Pick<DutyFacts, 'command' | 'task'>): DutyFacts {
  const state = over.state ?? aState([over.task], over.task.stepId);
  return {
    definition: DEFAULT_DEFINITIONS[0],
    state,
    applicantCreditCode: CC,
    completed: state.tasks
      .filter((t) => t.status === 'completed' && t.completedBy)
      .map((t) => ({ stepId: t.stepId, kind: t.kind, completedBy: t.completedBy! })),
    recused: new Set(),
    staff: new Map(),
    ...over,
  };
}

const complete = (actor: Actor, task: Task, outcome: TaskOutcome = 'approve'): TaskCommand => ({ type: 'CompleteTask', actor, taskId: task.id, outcome });
const codeOf = (f: DutyFacts) => dutyRefusal(f)?.code;
const entry = (userId: string, dept: Dept, over: Partial<StaffEntry> = {}): StaffEntry => ({
  userId,
  name: userId,
  dept,
  roles: ['officer'],
  active: true,
  conflicts: [],
  ...over,
});

/** Every task step of every default definition, with its definition. */
const TASK_STEPS = DEFAULT_DEFINITIONS.flatMap((def) => def.steps.filter((s) => s.kind === 'task' || s.kind === 'countersign').map((step) => ({ def, step })));
const taskKindOf = (step: (typeof TASK_STEPS)[number]['step']) => (step.kind === 'task' || step.kind === 'countersign' ? step.taskKind : '');
const deptOf = (step: (typeof TASK_STEPS)[number]['step']): Dept => (step.kind === 'task' ? step.dept : 'legal');

describe('duty policy', () => {
  describe('HEAD_REQUIRED: a decision is a head’s of its department', () => {
    const decisions = TASK_STEPS.filter(({ step }) => DECISION_KINDS.includes(taskKindOf(step)));
    it('covers a decision step of every licence and the penalty', () => {
      expect(new Set(decisions.map(({ def }) => def.key))).toEqual(
        new Set(DEFAULT_DEFINITIONS.filter((d) => d.steps.some((s) => s.kind === 'task' && DECISION_KINDS.includes(s.taskKind))).map((d) => d.key)),
      );
      expect(decisions.map(({ def }) => def.key)).toEqual(
        expect.arrayContaining([
          'eia_approval',
          'discharge_permit',
          'hazardous_waste',
          'radiation_safety',
          'weee_processing',
          'facility_dismantle',
          'supervision_penalty',
        ]),
      );
    });

    it.each(decisions.map(({ def, step }) => [`${def.key} ${step.id}`, def, step] as const))(
      '%s: an officer, a head of another department and an admin are refused; its head decides',
      (_n, def, step) => {
        const dept = deptOf(step);
        const task = aTask({ id: 't1', stepId: step.id, kind: taskKindOf(step), dept });
        expect(codeOf(facts({ definition: def, task, command: complete(officer(dept), task) }))).toBe('HEAD_REQUIRED');
        expect(codeOf(facts({ definition: def, task, command: complete(head(dept === 'legal' ? 'eia' : 'legal'), task) }))).toBe('HEAD_REQUIRED');
        expect(codeOf(facts({ definition: def, task, command: complete(ADMIN, task) }))).toBe('HEAD_REQUIRED');
        expect(codeOf(facts({ definition: def, task, command: complete(head(dept), task, 'reject') }))).toBeUndefined();
      },
    );

    it('lets a delegate recommend (not decide): the delegator, a head, completes', () => {
      const task = aTask({
        id: 't1',
        stepId: 'decision',
        kind: 'decision',
        dept: 'approval',
        assignee: 'approval-officer',
        delegatedFrom: 'approval-head',
        delegation: 'pending',
      });
      expect(codeOf(facts({ task, command: complete(officer('approval'), task) }))).toBeUndefined();
      const back = { ...task, assignee: 'approval-head', delegation: 'resolved' as const };
      expect(codeOf(facts({ task: back, command: complete(officer('approval', 'approval-head'), back) }))).toBe('HEAD_REQUIRED');
    });

    it.each(TASK_STEPS.filter(({ step }) => !DECISION_KINDS.includes(taskKindOf(step))).map(({ def, step }) => [`${def.key} ${step.id}`, step] as const))(
      '%s: no head needed',
      (_n, step) => {
        const task = aTask({ id: 't1', stepId: step.id, kind: taskKindOf(step), dept: deptOf(step) });
        expect(codeOf(facts({ task, command: complete(officer(deptOf(step)), task) }))).toBeUndefined();
      },
    );
  });

  describe('SAME_PERSON: four eyes from the case’s own tasks', () => {
    const withReview = DEFAULT_DEFINITIONS.filter((d) => d.steps.some((s) => s.kind === 'task' && REVIEW_KINDS.includes(s.taskKind)));
    const seconds = withReview.flatMap((def) =>
      def.steps
        .filter((s) => s.kind === 'countersign' || (s.kind === 'task' && DECISION_KINDS.includes(s.taskKind)))
        .map((step) => [`${def.key} ${step.id}`, def, step] as const),
    );
    it('applies to every licence with a review', () => {
      expect(seconds.length).toBeGreaterThanOrEqual(12);
    });

    it.each(seconds)('%s: the reviewer neither completes nor receives it; someone else does', (_n, def, step) => {
      const kind = step.kind === 'countersign' ? 'countersign' : step.kind === 'task' ? step.taskKind : '';
      const dept: Dept = step.kind === 'task' ? step.dept : 'monitoring';
      for (const reviewKind of REVIEW_KINDS) {
        const review = aTask({ id: 'r1', stepId: reviewKind, kind: reviewKind, dept: 'eia', status: 'completed', outcome: 'approve', completedBy: 'pat' });
        const task = aTask({ id: 't1', stepId: step.id, kind, dept });
        const state = aState([review, task], step.id);
        expect(codeOf(facts({ definition: def, state, task, command: complete(head(dept, 'pat'), task) }))).toBe('SAME_PERSON');
        expect(codeOf(facts({ definition: def, state, task, command: complete(head(dept, 'quinn'), task) }))).toBeUndefined();
        const staff = new Map([['pat', entry('pat', dept)]]);
        expect(
          codeOf(facts({ definition: def, state, task, staff, command: { type: 'TransferTask', actor: head(dept), taskId: task.id, toUserId: 'pat' } })),
        ).toBe('SAME_PERSON');
      }
    });

    it('counts a delegate who recommended the review as a reviewer', () => {
      const review = aTask({
        id: 'r1',
        stepId: 'review',
        kind: 'review',
        dept: 'pollution',
        status: 'completed',
        completedBy: 'boss',
        resolution: { by: 'pat', outcome: 'approve', comment: null, at: '2026-01-01T00:00:00.000Z' },
      });
      const task = aTask({ id: 't1', stepId: 'decision', kind: 'decision', dept: 'approval' });
      expect(codeOf(facts({ state: aState([review, task], 'decision'), task, command: complete(head('approval', 'pat'), task) }))).toBe('SAME_PERSON');
    });

    it('reads reviewers from the tasks table too (a case migrated onto a definition whose state lost them)', () => {
      const task = aTask({ id: 't1', stepId: 'decision', kind: 'decision', dept: 'approval' });
      expect(
        codeOf(
          facts({
            task,
            completed: [{ stepId: 'technical-assessment', kind: 'technical_assessment', completedBy: 'pat' }],
            command: complete(head('approval', 'pat'), task),
          }),
        ),
      ).toBe('SAME_PERSON');
    });

    it('refuses a second vote of one person in one countersign round, not in the next round', () => {
      const voted = aTask({
        id: 'c1',
        stepId: 'countersign',
        kind: 'countersign',
        dept: 'monitoring',
        signer: 'monitoring',
        status: 'completed',
        completedBy: 'pat',
        round: 1,
      });
      const task = aTask({ id: 'c2', stepId: 'countersign', kind: 'countersign', dept: 'legal', signer: 'legal', round: 1 });
      expect(codeOf(facts({ state: aState([voted, task], 'countersign'), task, command: complete(officer('legal', 'pat'), task) }))).toBe('SAME_PERSON');
      const later = { ...task, round: 2 };
      expect(codeOf(facts({ state: aState([voted, later], 'countersign'), task: later, command: complete(officer('legal', 'pat'), later) }))).toBeUndefined();
    });
  });

  describe('UNKNOWN_ASSIGNEE: work moves to active members of the task’s department', () => {
    const task = aTask({ id: 't1', stepId: 'review', kind: 'review', dept: 'pollution' });
    it.each(['DelegateTask', 'TransferTask'] as const)('%s: unknown, inactive, other department refused; a colleague accepted', (type) => {
      const to = (toUserId: string, staff: Map<string, StaffEntry>) =>
        facts({ task, staff, command: { type, actor: head('pollution'), taskId: task.id, toUserId } });
      expect(codeOf(to('nobody', new Map()))).toBe('UNKNOWN_ASSIGNEE');
      expect(codeOf(to('gone', new Map([['gone', entry('gone', 'pollution', { active: false })]])))).toBe('UNKNOWN_ASSIGNEE');
      expect(codeOf(to('elsewhere', new Map([['elsewhere', entry('elsewhere', 'legal')]])))).toBe('UNKNOWN_ASSIGNEE');
      expect(codeOf(to('mate', new Map([['mate', entry('mate', 'pollution')]])))).toBeUndefined();
    });
  });

  describe('CONFLICT_OF_INTEREST: who is linked to the enterprise stands aside', () => {
    const task = aTask({ id: 't1', stepId: 'review', kind: 'review', dept: 'pollution' });
    const linked = new Map([['pat', entry('pat', 'pollution', { conflicts: [OTHER_CC, CC] })]]);
    it.each([
      ['claim', { type: 'ClaimTask', actor: officer('pollution', 'pat'), taskId: 't1' }],
      ['complete', { type: 'CompleteTask', actor: officer('pollution', 'pat'), taskId: 't1', outcome: 'approve' }],
      ['delegate to', { type: 'DelegateTask', actor: head('pollution'), taskId: 't1', toUserId: 'pat' }],
      ['transfer to', { type: 'TransferTask', actor: head('pollution'), taskId: 't1', toUserId: 'pat' }],
    ] as const)('refuses to %s a person with a directory conflict, and one who declared a recusal', (_n, command) => {
      expect(codeOf(facts({ task, staff: linked, command: command as TaskCommand }))).toBe('CONFLICT_OF_INTEREST');
      const staff = new Map([['pat', entry('pat', 'pollution')]]);
      expect(codeOf(facts({ task, staff, recused: new Set(['pat']), command: command as TaskCommand }))).toBe('CONFLICT_OF_INTEREST');
      expect(codeOf(facts({ task, staff, command: command as TaskCommand }))).toBeUndefined();
    });

    it('lets a recused holder hand the task on to a colleague', () => {
      const staff = new Map([['mate', entry('mate', 'pollution')]]);
      expect(
        codeOf(
          facts({
            task,
            staff,
            recused: new Set(['pat']),
            command: { type: 'TransferTask', actor: officer('pollution', 'pat'), taskId: 't1', toUserId: 'mate' },
          }),
        ),
      ).toBeUndefined();
    });

    it('throws a DomainError with the code (mapped by the one filter)', () => {
      expect(() => assertDuties(facts({ task, staff: linked, command: complete(officer('pollution', 'pat'), task) }))).toThrow(DomainError);
    });
  });

  // --- property: no sequence of commands lets one person review and decide one case ---------------------------

  const LICENCES = DEFAULT_DEFINITIONS.filter((d) => d.steps.some((s) => s.kind === 'task' && DECISION_KINDS.includes(s.taskKind)));
  const DEPTS: Dept[] = ['eia', 'pollution', 'monitoring', 'enforcement', 'legal', 'approval', 'radiation', 'solid_waste'];
  /** Three people, each holding tokens of every department as officer and as head (the worst case: a token may say anything the IdP lets it). */
  const PEOPLE = ['pat', 'quinn', 'ray'];
  const tokenOf = (n: number): Actor => ({
    id: PEOPLE[n % PEOPLE.length],
    roles: [n % 2 === 0 ? 'head' : 'officer'],
    dept: DEPTS[Math.floor(n / 2) % DEPTS.length],
  });
  const STAFF = new Map(PEOPLE.flatMap((p, i) => DEPTS.map((d) => [p, entry(p, DEPTS[(i + DEPTS.indexOf(d)) % DEPTS.length])] as const)));

  /** One command, as CaseRuntime runs it: the engine decides, then the policy checks before anything is kept. */
  function run(def: WorkflowDefinition, state: InstanceState | undefined, command: Command, n: number): InstanceState | undefined {
    const { state: next, events } = decide(def, state, command, new Date(Date.UTC(2026, 0, 5, 1, n)), () => `t${n}-${Math.random().toString(36).slice(2, 8)}`);
    if (events.length === 0 || !state) return next;
    if (isTaskCommand(command)) {
      const task = state.tasks.find((t) => t.id === command.taskId)!;
      const completed = state.tasks
        .filter((t) => t.status === 'completed' && t.completedBy)
        .map((t) => ({ stepId: t.stepId, kind: t.kind, completedBy: t.completedBy! }));
      assertDuties({ definition: def, state, command, task, applicantCreditCode: CC, completed, recused: new Set(), staff: STAFF });
    }
    return next;
  }

  it('no command sequence lets one person complete the review (or technical assessment) and the decision of one case', () => {
    let decided = 0;
    const step = fc.record({
      op: fc.nat({ max: 99 }),
      who: fc.nat({ max: 99 }),
      pick: fc.nat({ max: 99 }),
      outcome: fc.constantFrom<TaskOutcome>('approve', 'approve', 'approve', 'reject', 'return'),
    });
    fc.assert(
      fc.property(
        fc.nat({ max: LICENCES.length - 1 }),
        fc.constantFrom('report_book', 'report_table'),
        fc.array(step, { minLength: 10, maxLength: 120 }),
        (d, eiaCategory, steps) => {
          const def = LICENCES[d];
          let state = run(
            def,
            undefined,
            { type: 'Start', actor: { id: 'applicant', roles: ['applicant'] }, instanceId: 'case-1', data: { eiaCategory, managementCategory: 'key' } },
            0,
          );
          steps.forEach((s, i) => {
            if (!state || state.status !== 'running') return;
            const open = state.tasks.filter((t) => t.status === 'open');
            const current = def.steps.find((x) => x.id === state!.currentStepId);
            const actor = tokenOf(s.who);
            const task = open[s.pick % Math.max(open.length, 1)];
            let command: Command | undefined;
            if (current?.kind === 'wait')
              command = { type: 'WaitElapsed', actor: { id: 'runtime', roles: [] }, stepId: current.id, round: state.rounds[current.id] };
            else if (current?.kind === 'system')
              command = { type: 'SystemReplied', actor: { id: 'runtime', roles: [] }, stepId: current.id, round: state.rounds[current.id], ok: true };
            else if (task && s.op < 70)
              command = {
                type: 'CompleteTask',
                actor: task.assignee ? { ...actor, id: task.assignee, dept: task.dept } : { ...actor, dept: s.op % 3 === 0 ? actor.dept : task.dept },
                taskId: task.id,
                outcome: s.outcome,
                ...(s.outcome === 'reject' ? { comment: 'reasons' } : {}),
              };
            else if (task && s.op < 80) command = { type: 'ClaimTask', actor: { ...actor, dept: task.dept }, taskId: task.id };
            else if (task && s.op < 90)
              command = {
                type: 'DelegateTask',
                actor: task.assignee ? { ...actor, id: task.assignee } : { ...actor, dept: task.dept },
                taskId: task.id,
                toUserId: PEOPLE[s.who % 3],
              };
            else if (task)
              command = {
                type: 'TransferTask',
                actor: { id: `${task.dept}-head`, roles: ['head'], dept: task.dept },
                taskId: task.id,
                toUserId: PEOPLE[s.who % 3],
              };
            if (!command) return;
            try {
              state = run(def, state, command, i + 1);
            } catch (err) {
              if (!(err instanceof WorkflowError) && !(err instanceof DomainError)) throw err;
            }
          });
          const done = state!.tasks.filter((t) => t.status === 'completed');
          const reviewers = new Set(
            done.filter((t) => REVIEW_KINDS.includes(t.kind)).flatMap((t) => [t.completedBy!, ...(t.resolution ? [t.resolution.by] : [])]),
          );
          for (const t of done.filter((x) => DECISION_KINDS.includes(x.kind) || x.kind === 'countersign')) {
            expect(reviewers.has(t.completedBy!)).toBe(false);
            if (t.resolution) expect(reviewers.has(t.resolution.by)).toBe(false);
          }
          if (done.some((x) => DECISION_KINDS.includes(x.kind)) && reviewers.size > 0) decided++;
          // one vote per person and countersign round
          const votes = done.filter((t) => t.kind === 'countersign').map((t) => `${t.stepId}#${t.round}#${t.completedBy}`);
          expect(new Set(votes).size).toBe(votes.length);
        },
      ),
      { numRuns: 300 },
    );
    // not vacuous: many runs got as far as a decision after a review
    expect(decided).toBeGreaterThan(5);
  });
});
