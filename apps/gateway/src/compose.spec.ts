import { decodeCursor } from '@permits/workflow-runtime/cursor';
import { combineOverviews, mergeNewestFirst } from './compose';

const t = (id: string, createdAt: string) => ({ id, createdAt });

describe('mergeNewestFirst', () => {
  it('merges the services’ pages newest first and cuts at the limit with a cursor every service understands', () => {
    const intake = [t('in_2', '2026-01-05T00:00:00.000Z'), t('in_1', '2026-01-01T00:00:00.000Z')];
    const eia = [t('ea_1', '2026-01-04T00:00:00.000Z')];
    const dp = [t('dp_2', '2026-01-06T00:00:00.000Z'), t('dp_1', '2026-01-03T00:00:00.000Z')];
    const page = mergeNewestFirst([intake, eia, dp], 3);
    expect(page.items.map((x) => x.id)).toEqual(['dp_2', 'in_2', 'ea_1']);
    expect(decodeCursor(page.nextCursor ?? undefined)).toEqual({ at: '2026-01-04T00:00:00.000Z', id: 'ea_1' });
  });

  it('orders equal instants by id and gives no cursor on the last page', () => {
    const page = mergeNewestFirst([[t('a', '2026-01-01T00:00:00.000Z')], [t('b', '2026-01-01T00:00:00.000Z')]], 5);
    expect(page.items.map((x) => x.id)).toEqual(['b', 'a']);
    expect(page.nextCursor).toBeNull();
  });
});

describe('combineOverviews', () => {
  it('adds open and paused cases and weights the averages by decided cases', () => {
    const row = (closed: number, avg: number) => ({ licenseType: 'discharge_permit', closed: closed + 1, decided: closed, avgElapsedDays: avg, avgDaysSaved: 20 - avg, withinCommittedShare: 1 });
    const out = combineOverviews([
      { open: { green: 1, yellow: 0, red: 0 }, paused: 1, byLicenseType: [row(1, 4)] },
      { open: { green: 2, yellow: 1, red: 1 }, paused: 0, byLicenseType: [row(3, 8)] },
    ]);
    expect(out.open).toEqual({ green: 3, yellow: 1, red: 1 });
    expect(out.paused).toBe(1);
    expect(out.byLicenseType).toEqual([{ licenseType: 'discharge_permit', closed: 6, decided: 4, avgElapsedDays: 7, avgDaysSaved: 13, withinCommittedShare: 1 }]);
  });
});
