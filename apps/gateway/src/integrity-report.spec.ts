import type { IntegrityPart } from '@permits/workflow-runtime/integrity';
import { combineIntegrity, integrityCsv } from './integrity-report';

const empty = (): IntegrityPart => ({ fastDecisions: [], outOfHours: [], longPauses: [], recusals: [], overrides: [], assignments: [], truncated: [] });
const item = (caseId: string, at: string, detail: Record<string, unknown> = {}) => ({ caseId, applicationId: caseId, userId: 'u1', at, detail });

describe(combineIntegrity.name, () => {
  it("merges the services' lists newest first", () => {
    const a = { ...empty(), overrides: [item('c1', '2026-10-01T00:00:00.000Z'), item('c3', '2026-09-01T00:00:00.000Z')] };
    const b = { ...empty(), overrides: [item('c2', '2026-09-15T00:00:00.000Z')], truncated: ['outOfHours'] };
    const report = combineIntegrity([a, b]);
    expect(report.overrides.map((i) => i.caseId)).toEqual(['c1', 'c2', 'c3']);
    expect(report.truncated).toEqual(['outOfHours']);
    expect(Object.keys(report)).toEqual(['fastDecisions', 'repeatedAssignments', 'outOfHours', 'longPauses', 'recusals', 'overrides', 'truncated']);
  });

  it('lists one person given three or more cases of one enterprise in one year, counted over every service; two are not enough', () => {
    const firm = '91350100M000100Y43';
    const eia = {
      ...empty(),
      assignments: [
        {
          userId: 'o1',
          creditCode: firm,
          year: 2026,
          cases: [
            { caseId: 'e1', applicationId: 'e1' },
            { caseId: 'e2', applicationId: 'e2' },
          ],
        },
      ],
    };
    const dp = {
      ...empty(),
      assignments: [
        {
          userId: 'o1',
          creditCode: firm,
          year: 2026,
          cases: [
            { caseId: 'd1', applicationId: 'd1' },
            { caseId: 'e1', applicationId: 'e1' },
          ],
        },
      ],
    };
    const other = {
      ...empty(),
      assignments: [
        {
          userId: 'o1',
          creditCode: firm,
          year: 2025,
          cases: [
            { caseId: 'x1', applicationId: 'x1' },
            { caseId: 'x2', applicationId: 'x2' },
          ],
        },
        { userId: 'o2', creditCode: firm, year: 2026, cases: [{ caseId: 'y1', applicationId: 'y1' }] },
      ],
    };
    const report = combineIntegrity([eia, dp, other]);
    expect(report.repeatedAssignments).toEqual(
      ['d1', 'e1', 'e2'].map((caseId) => ({ caseId, applicationId: caseId, userId: 'o1', detail: { creditCode: firm, year: 2026, cases: 3 } })),
    );
    expect(combineIntegrity([eia]).repeatedAssignments).toEqual([]);
  });
});

describe(integrityCsv.name, () => {
  it('writes one line per item with its list, and defuses a cell a spreadsheet would run as a formula', () => {
    const report = combineIntegrity([
      {
        ...empty(),
        recusals: [{ caseId: 'c1', applicationId: 'c1', userId: '=HYPERLINK("http://x")', at: '2026-10-01T00:00:00.000Z', detail: { reason: 'a, "b"' } }],
      },
    ]);
    const lines = integrityCsv(report).split('\r\n');
    expect(lines[0]).toBe('list,caseId,applicationId,userId,at,detail');
    expect(lines[1]).toBe(`recusals,c1,c1,"'=HYPERLINK(""http://x"")",2026-10-01T00:00:00.000Z,"{""reason"":""a, \\""b\\""""}"`);
    expect(lines).toHaveLength(3);
  });
});
