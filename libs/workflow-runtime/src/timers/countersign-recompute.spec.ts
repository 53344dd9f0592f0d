import type { DataSource } from 'typeorm';
import { WorkingCalendar } from '@permits/workflow/calendar';
import { Jobs } from '@permits/contracts/jobs';
import { recomputeCountersigns } from './timer.service';

/** A stand-in for the task table and its transaction: records the statements, answers the open countersigns once. */
function fakeDb(tasks: { id: string; case_id: string; dept: string; created_at: Date; due_date: string; yellow_within_days: number }[]) {
  const writes: { sql: string; params: unknown[] }[] = [];
  let served = false;
  const tx = {
    query: (sql: string, params: unknown[]) => {
      writes.push({ sql, params });
      return Promise.resolve(/RETURNING id/.test(sql) ? [] : [[], 0]);
    },
  };
  const db = {
    query: () => {
      const rows = served ? [] : tasks;
      served = true;
      return Promise.resolve(rows);
    },
    transaction: (fn: (m: typeof tx) => Promise<unknown>) => fn(tx),
  };
  return { db: db as unknown as DataSource, writes };
}

describe(recomputeCountersigns.name, () => {
  // a countersign opened Wednesday 2026-12-30: 7 working days on, with 2027 unknown (Mon-Fri assumed), is Friday 2027-01-08
  const opened = new Date('2026-12-30T02:00:00Z');
  const assumed = WorkingCalendar.create();
  const loaded = WorkingCalendar.create({
    schedules: [{ year: 2027, holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'], workdays: [], source: 'test' }],
  });

  it("moves a countersign task's due date and alerts when a loaded year changes its 7 working days", async () => {
    const { db, writes } = fakeDb([{ id: 'dp_1', case_id: 'c1', dept: 'legal', created_at: opened, due_date: '2027-01-08', yellow_within_days: 2 }]);
    expect(await recomputeCountersigns(db, Jobs.TimerDue.discharge, loaded, new Date('2026-12-31T02:00:00Z'), 'corr')).toBe(1);
    expect(writes[0]).toEqual({ sql: expect.stringContaining('UPDATE tasks SET due_date'), params: ['dp_1', '2027-01-12'] });
    // the red alert timer moves to the day after the new due date
    expect(JSON.stringify(writes[1].params)).toContain('2027-01-12T16:00:00.000Z');
  });

  it('leaves a task whose due date the calendar does not change', async () => {
    const { db, writes } = fakeDb([{ id: 'dp_2', case_id: 'c2', dept: 'legal', created_at: opened, due_date: '2027-01-08', yellow_within_days: 2 }]);
    expect(await recomputeCountersigns(db, Jobs.TimerDue.discharge, assumed, new Date('2026-12-31T02:00:00Z'), 'corr')).toBe(0);
    expect(writes).toEqual([]);
  });
});
