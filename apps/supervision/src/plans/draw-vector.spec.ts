import { createHmac } from 'node:crypto';
import { draw } from './draw';

describe('the draw as documented', () => {
  it('ranks by hex HMAC-SHA256(seed, creditCode) and HMAC-SHA256(seed, creditCode|userId), as anyone can recompute', () => {
    const codes = ['91110000600037341L', '91110108MA01XXXXX0', '91350100M000100Y43', '911101087263698735'];
    const roster = ['u1', 'u2', 'u3', 'u4'].map((userId) => ({ userId, conflicts: [] }));
    const h = (m: string) => createHmac('sha256', 's33d').update(m).digest('hex');
    const expectedEntities = [...codes].sort((a, b) => (h(a) < h(b) ? -1 : 1)).slice(0, 2);
    const checks = draw('s33d', {
      period: '2026-Q3',
      ratios: { key: 0.5, general: 0, positiveList: 0 },
      inspectorsPerCheck: 2,
      entities: codes.map((creditCode) => ({ creditCode, riskClass: 'key', positiveList: false, onlineMonitoring: false })),
      roster,
    });
    expect(checks.map((c) => c.creditCode)).toEqual(expectedEntities);
    for (const c of checks)
      expect(c.inspectors).toEqual(
        roster
          .map((r) => r.userId)
          .sort((a, b) => (h(`${c.creditCode}|${a}`) < h(`${c.creditCode}|${b}`) ? -1 : 1))
          .slice(0, 2),
      );
  });
});
