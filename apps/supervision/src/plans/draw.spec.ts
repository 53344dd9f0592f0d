import fc from 'fast-check';
import { makeCreditCode } from '@permits/contracts/testing/credit-codes';
import { compareDraws, draw, DrawEntity, DrawInputs, drawCount, DRAW_GROUPS, groupOf, inputsHash, RosterShortError } from './draw';

const codes = Array.from({ length: 60 }, (_, i) => makeCreditCode(5000 + i));

const entityArb = fc.record({
  creditCode: fc.constantFrom(...codes),
  riskClass: fc.constantFrom('key' as const, 'general' as const),
  positiveList: fc.boolean(),
  onlineMonitoring: fc.boolean(),
});
const inputsArb: fc.Arbitrary<DrawInputs> = fc
  .record({
    entities: fc.uniqueArray(entityArb, { selector: (e) => e.creditCode, maxLength: 40 }),
    roster: fc.uniqueArray(fc.record({ userId: fc.stringMatching(/^insp-[a-z0-9]{1,6}$/), conflicts: fc.array(fc.constantFrom(...codes), { maxLength: 6 }) }), {
      selector: (r) => r.userId,
      minLength: 0,
      maxLength: 12,
    }),
    key: fc.double({ min: 0, max: 1, noNaN: true }),
    general: fc.double({ min: 0, max: 1, noNaN: true }),
    positiveList: fc.double({ min: 0, max: 1, noNaN: true }),
    inspectorsPerCheck: fc.integer({ min: 2, max: 4 }),
  })
  .map((r) => ({
    period: '2026-Q3',
    ratios: { key: r.key, general: r.general, positiveList: r.positiveList },
    inspectorsPerCheck: r.inspectorsPerCheck,
    entities: r.entities,
    roster: r.roster,
  }));

/** The draw, or the roster shortage it ran into. */
function attempt(seed: string, inputs: DrawInputs) {
  try {
    return { checks: draw(seed, inputs) };
  } catch (err) {
    if (err instanceof RosterShortError) return { short: err };
    throw err;
  }
}

describe('the double-random draw', () => {
  it('gives the same plan for the same seed and inputs, whatever their order', () => {
    fc.assert(
      fc.property(inputsArb, fc.string({ minLength: 1 }), (inputs, seed) => {
        const shuffled = { ...inputs, entities: [...inputs.entities].reverse(), roster: [...inputs.roster].reverse() };
        const a = attempt(seed, inputs);
        const b = attempt(seed, shuffled);
        expect(b).toEqual(a);
        expect(inputsHash(shuffled)).toBe(inputsHash(inputs));
        if (a.checks) expect(compareDraws(a.checks, draw(seed, inputs))).toEqual([]);
      }),
    );
  });

  it('never draws a conflicted inspector nor the same one twice, and staffs every check fully', () => {
    fc.assert(
      fc.property(inputsArb, fc.string({ minLength: 1 }), (inputs, seed) => {
        const r = attempt(seed, inputs);
        if (r.short) {
          // a shortage is real: that entity has fewer eligible inspectors than needed
          const eligible = inputs.roster.filter((x) => !x.conflicts.includes(r.short.creditCode)).length;
          expect(eligible).toBeLessThan(inputs.inspectorsPerCheck);
          return;
        }
        for (const c of r.checks!) {
          expect(c.inspectors).toHaveLength(inputs.inspectorsPerCheck);
          expect(new Set(c.inspectors).size).toBe(c.inspectors.length);
          for (const id of c.inspectors) {
            const insp = inputs.roster.find((x) => x.userId === id)!;
            expect(insp).toBeDefined();
            expect(insp.conflicts).not.toContain(c.creditCode);
          }
        }
      }),
    );
  });

  it('draws ceil(ratio x size) of each class, the positive list at its own ratio, off-site only where monitored', () => {
    fc.assert(
      fc.property(inputsArb, fc.string({ minLength: 1 }), (inputs, seed) => {
        const roomy = {
          ...inputs,
          roster: [
            { userId: 'a', conflicts: [] },
            { userId: 'b', conflicts: [] },
            { userId: 'c', conflicts: [] },
            { userId: 'd', conflicts: [] },
          ],
        };
        const checks = draw(seed, roomy);
        for (const g of DRAW_GROUPS) {
          const size = inputs.entities.filter((e) => groupOf(e) === g).length;
          const drawn = checks.filter((c) => c.group === g);
          expect(drawn.length).toBe(drawCount(inputs.ratios[g], size));
          expect(drawn.length).toBeGreaterThanOrEqual(Math.min(size, Math.ceil(inputs.ratios[g] * size - 1e-9)));
        }
        expect(new Set(checks.map((c) => c.creditCode)).size).toBe(checks.length);
        for (const c of checks) {
          const e = inputs.entities.find((x) => x.creditCode === c.creditCode)!;
          expect(c.group).toBe(groupOf(e));
          expect(c.offSite).toBe(e.positiveList && e.onlineMonitoring);
        }
      }),
    );
  });

  it('names the check the roster cannot staff', () => {
    const entities: DrawEntity[] = [{ creditCode: codes[0], riskClass: 'key', positiveList: false, onlineMonitoring: false }];
    const roster = [
      { userId: 'a', conflicts: [codes[0]] },
      { userId: 'b', conflicts: [] },
      { userId: 'c', conflicts: [] },
    ];
    expect(() => draw('s', { period: 'p', ratios: { key: 1, general: 0, positiveList: 0 }, inspectorsPerCheck: 3, entities, roster })).toThrow(
      RosterShortError,
    );
    expect(() => draw('s', { period: 'p', ratios: { key: 1, general: 0, positiveList: 0 }, inspectorsPerCheck: 3, entities, roster })).toThrow(codes[0]);
    expect(draw('s', { period: 'p', ratios: { key: 1, general: 0, positiveList: 0 }, inspectorsPerCheck: 2, entities, roster })[0].inspectors.sort()).toEqual([
      'b',
      'c',
    ]);
  });

  /**
   * Uniformity: over a fixed sequence of seeds (deterministic: this test cannot flake), how often each entity and
   * each inspector is drawn passes Pearson's chi-square test at significance 0.001.
   */
  describe('is uniform over many seeds (chi-square, alpha = 0.001)', () => {
    const SEEDS = Array.from({ length: 3000 }, (_, i) => `uniformity-seed-${i}`);
    const entities: DrawEntity[] = codes.slice(0, 25).map((creditCode) => ({ creditCode, riskClass: 'general', positiveList: false, onlineMonitoring: false }));
    const roster = Array.from({ length: 10 }, (_, i) => ({ userId: `insp-${i}`, conflicts: [] as string[] }));
    const inputs: DrawInputs = { period: '2026-Q3', ratios: { key: 0, general: 0.12, positiveList: 0 }, inspectorsPerCheck: 2, entities, roster };
    const plans = SEEDS.map((s) => draw(s, inputs));

    it('over entities', () => {
      const counts = new Map(entities.map((e) => [e.creditCode, 0]));
      for (const p of plans) for (const c of p) counts.set(c.creditCode, counts.get(c.creditCode)! + 1);
      const perPlan = drawCount(0.12, 25);
      expect(plans.every((p) => p.length === perPlan)).toBe(true);
      expect(chiSquare([...counts.values()], (SEEDS.length * perPlan) / entities.length)).toBeLessThan(chiSquareCritical(entities.length - 1, 0.001));
    });

    it('over inspectors', () => {
      const counts = new Map(roster.map((r) => [r.userId, 0]));
      let total = 0;
      for (const p of plans)
        for (const c of p)
          for (const id of c.inspectors) {
            counts.set(id, counts.get(id)! + 1);
            total++;
          }
      expect(chiSquare([...counts.values()], total / roster.length)).toBeLessThan(chiSquareCritical(roster.length - 1, 0.001));
    });

    it('and the test itself rejects a biased draw', () => {
      // a draw that always favours the first entities would fail the same test
      const biased = entities.map((_, i) => (i < 3 ? SEEDS.length : 0));
      expect(chiSquare(biased, (SEEDS.length * 3) / entities.length)).toBeGreaterThan(chiSquareCritical(entities.length - 1, 0.001));
    });
  });
});

function chiSquare(observed: number[], expected: number): number {
  return observed.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
}

/** Upper critical value of chi-square with k degrees of freedom (Wilson-Hilferty; z for alpha = 0.001). */
function chiSquareCritical(k: number, alpha: 0.001): number {
  const z = { 0.001: 3.090232 }[alpha];
  const h = 2 / (9 * k);
  return k * (1 - h + z * Math.sqrt(h)) ** 3;
}

describe('compareDraws (what verify reports)', () => {
  const base = [{ creditCode: 'A', group: 'key' as const, inspectors: ['u1', 'u2'], offSite: false }];
  it('finds nothing between a draw and itself, and names a changed inspector or a missing check', () => {
    expect(
      compareDraws(
        base,
        base.map((c) => ({ ...c })),
      ),
    ).toEqual([]);
    expect(compareDraws(base, [{ ...base[0], inspectors: ['u1', 'u3'] }])).toHaveLength(2);
    expect(compareDraws(base, [])).toEqual(['stored, not drawn again: A key on-site [u1,u2]']);
  });
});
