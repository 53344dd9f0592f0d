import { mayActOn, NAMED_TASK_KINDS } from './task-stream';
import { taskListStatement, TaskListSource, whoFindsTasks } from './task-list';

const source: TaskListSource = {
  from: 'tasks t',
  columns: 't.*',
  slaLevel: 't.sla_level',
  licenseType: 't.license_type',
  status: () => 't.open',
};
const clerk = { id: 'li', name: 'Li', roles: ['officer' as const], dept: 'pollution' as const };

describe(taskListStatement.name, () => {
  it('keeps a task held by name out of the department branch of the open list, for everyone but its holder', () => {
    const { sql, params } = taskListStatement(source, clerk, { limit: 20 });
    const [department, person] = whoFindsTasks('open', (v) => `$${params.indexOf(v) + 1}`);
    // the named kinds are the stream's own list (mayActOn), passed as a parameter, not copied into the SQL
    expect(params).toContain(NAMED_TASK_KINDS);
    expect(department).toBe(`t.dept = $1 AND NOT (t.kind = ANY($${params.indexOf(NAMED_TASK_KINDS) + 1}::text[]) AND t.assignee IS DISTINCT FROM $2)`);
    expect(person).toBe('t.assignee = $2');
    expect(sql).toContain(`WHERE ${department} AND t.open`);
    expect(sql).toContain(`WHERE ${person} AND t.open`);
    expect(params.slice(0, 3)).toEqual(['pollution', 'li', 21]);
  });

  it('agrees with the task stream on who finds an open task', () => {
    for (const kind of [...NAMED_TASK_KINDS, 'review']) {
      // the department's member who does not hold it: the stream passes it exactly when the kind is not held by name
      expect(mayActOn(clerk, { dept: 'pollution', kind, assignee: 'wang' })).toBe(!NAMED_TASK_KINDS.includes(kind));
    }
    expect(whoFindsTasks('open', () => '$4')[0]).toContain('NOT (t.kind = ANY($4::text[])');
  });

  it('lists what the department or the person completed, with no named-kind exception, and refuses a cursor it did not issue', () => {
    const { sql, params } = taskListStatement(source, clerk, { status: 'completed', limit: 20 });
    expect(params).not.toContain(NAMED_TASK_KINDS);
    expect(sql).toContain('WHERE t.dept = $1 AND');
    expect(sql).toContain('WHERE t.completed_by = $2 AND');
    expect(() => taskListStatement(source, clerk, { limit: 20, cursor: 'not-ours' })).toThrow();
    expect(() => taskListStatement(source, clerk, { status: 'open', sort: 'completedAt', limit: 20 })).toThrow(/completedAt/);
  });

  it('puts every client value in a parameter, never in the SQL text', () => {
    const hostile = "x' OR '1'='1";
    const { sql, params } = taskListStatement(
      source,
      { ...clerk, id: hostile },
      { kind: hostile, slaLevel: hostile, licenseType: hostile, applicationId: hostile, limit: 5 },
    );
    expect(sql).not.toContain(hostile);
    expect(params.filter((p) => p === hostile)).toHaveLength(5);
  });
});
