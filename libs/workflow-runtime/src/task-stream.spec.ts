import { mayActOn, OpenedTask, parseOpenedTask } from './task-stream';
import { TaskAnnouncer } from './task-announcer';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

const task = (over: Partial<OpenedTask> = {}): OpenedTask => ({
  id: 'in_0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e',
  caseId: '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4f',
  applicationId: '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4f',
  kind: 'review',
  dept: 'pollution',
  assignee: null,
  dueDate: '2026-12-28',
  slaLevel: 'green',
  createdAt: '2026-12-07T09:30:00.000Z',
  ...over,
});

describe('mayActOn (the open inbox rule, for the task stream)', () => {
  it("passes a department's pool task to its members and to no one else", () => {
    expect(mayActOn({ id: 'li', dept: 'pollution' }, task())).toBe(true);
    expect(mayActOn({ id: 'wang', dept: 'approval' }, task())).toBe(false);
    expect(mayActOn({ id: 'nobody' }, task())).toBe(false);
  });

  it('passes a task assigned by name to that person, whatever their department', () => {
    expect(mayActOn({ id: 'zhou', dept: 'approval' }, task({ assignee: 'zhou' }))).toBe(true);
    expect(mayActOn({ id: 'zhou' }, task({ assignee: 'zhou' }))).toBe(true);
    // an assigned task of the department stays in its pool, as the inbox lists it
    expect(mayActOn({ id: 'li', dept: 'pollution' }, task({ assignee: 'zhou' }))).toBe(true);
  });

  it('passes an inspection only to its named inspector, never to the department pool', () => {
    const inspection = task({ kind: 'inspection', dept: 'enforcement', assignee: 'inspector.a' });
    expect(mayActOn({ id: 'inspector.a', dept: 'enforcement' }, inspection)).toBe(true);
    expect(mayActOn({ id: 'inspector.b', dept: 'enforcement' }, inspection)).toBe(false);
    expect(mayActOn({ id: 'inspector.b', dept: 'enforcement' }, { ...inspection, assignee: null })).toBe(false);
  });

  it('compares ids exactly (no case folding)', () => {
    expect(mayActOn({ id: 'Zhou', dept: 'approval' }, task({ assignee: 'zhou' }))).toBe(false);
  });
});

describe('parseOpenedTask', () => {
  it('takes a well-formed announcement', () => {
    expect(parseOpenedTask(JSON.stringify(task()))).toEqual(task());
  });

  it('drops fields it does not know', () => {
    expect(parseOpenedTask(JSON.stringify({ ...task(), html: '<script>' }))).toEqual(task());
  });

  it.each([
    ['not JSON', '{'],
    ['an array', '[]'],
    ['null', 'null'],
    ['an id of no service', JSON.stringify(task({ id: 'xx_1' }))],
    ['an unknown dept', JSON.stringify(task({ dept: 'everyone' }))],
    ['an unknown level', JSON.stringify(task({ slaLevel: 'purple' }))],
    ['a bad due date', JSON.stringify(task({ dueDate: 'soon' }))],
    ['a bad createdAt', JSON.stringify(task({ createdAt: 'x' }))],
    ['a numeric assignee', JSON.stringify({ ...task(), assignee: 7 })],
    ['no caseId', JSON.stringify({ ...task(), caseId: undefined })],
  ])('refuses %s', (_, message) => {
    expect(parseOpenedTask(message)).toBeUndefined();
  });
});

describe('TaskAnnouncer', () => {
  function setup() {
    const published: string[] = [];
    const db = { subscribers: [] as unknown[] } as unknown as DataSource;
    const announcer = new TaskAnnouncer(db, { publish: (_c: string, m: string) => (published.push(m), Promise.resolve(1)) } as never, 'p');
    const qr = { isTransactionActive: true, transactionDepth: 1 } as unknown as QueryRunner & { transactionDepth: number; isTransactionActive: boolean };
    const tx = { queryRunner: qr } as unknown as EntityManager;
    const commit = () => {
      qr.transactionDepth -= 1;
      qr.isTransactionActive = qr.transactionDepth > 0;
      announcer.afterTransactionCommit({ queryRunner: qr } as never);
    };
    const rollback = () => {
      qr.transactionDepth -= 1;
      qr.isTransactionActive = qr.transactionDepth > 0;
      announcer.afterTransactionRollback({ queryRunner: qr } as never);
    };
    return { announcer, db, qr, tx, published, commit, rollback };
  }

  it('registers with the data source and publishes on the prefixed channel', () => {
    const { announcer, db } = setup();
    expect((db as unknown as { subscribers: unknown[] }).subscribers).toContain(announcer);
    expect(announcer.channel).toBe('p:tasks:opened');
  });

  it('publishes nothing before the commit, everything after it', () => {
    const { announcer, tx, published, commit } = setup();
    announcer.opened(tx, [task()]);
    expect(published).toEqual([]);
    commit();
    expect(published.map((m) => JSON.parse(m))).toEqual([task()]);
  });

  it('publishes nothing of a transaction that rolled back', () => {
    const { announcer, tx, published, rollback, commit } = setup();
    announcer.opened(tx, [task()]);
    rollback();
    commit(); // a later transaction on the same runner
    expect(published).toEqual([]);
  });

  it('waits for the outermost commit, and drops what a rolled-back savepoint opened', () => {
    const { announcer, qr, tx, published, commit, rollback } = setup();
    announcer.opened(tx, [task({ id: 'in_outer' })]);
    qr.transactionDepth = 2; // SAVEPOINT
    announcer.opened(tx, [task({ id: 'in_inner' })]);
    rollback(); // ROLLBACK TO SAVEPOINT
    qr.transactionDepth = 2; // another SAVEPOINT
    announcer.opened(tx, [task({ id: 'in_kept' })]);
    commit(); // RELEASE SAVEPOINT: not yet
    expect(published).toEqual([]);
    commit(); // COMMIT
    expect(published.map((m) => JSON.parse(m).id)).toEqual(['in_outer', 'in_kept']);
  });
});
