import { createHash, randomBytes } from 'node:crypto';
import { SupervisionConfig } from '@permits/config';
import { compareDraws, draw, DrawInputs, drawCounts, matchesCommitment, parseMinRatios, ratiosBelowMinimum, seedCommitment } from './draw';
import { periodEnded } from './plan-view';

const inputs: DrawInputs = {
  period: '2026-Q3',
  ratios: { key: 0.5, general: 0.25, positiveList: 0 },
  inspectorsPerCheck: 2,
  entities: ['91110000600037341L', '91110108MA01XXXXX0', '91350100M000100Y43', '911101087263698735'].map((creditCode, i) => ({
    creditCode,
    riskClass: i % 2 ? 'key' : 'general',
    positiveList: false,
    onlineMonitoring: false,
  })),
  roster: ['u1', 'u2', 'u3'].map((userId) => ({ userId, conflicts: [] })),
};

describe('the committed seed', () => {
  it('commits to a 32-byte seed by the hex SHA-256 of its hex text, and the draw from it is the draw anyone redoes once it is revealed', () => {
    const seed = randomBytes(32).toString('hex');
    const commitment = seedCommitment(seed);
    expect(commitment).toBe(createHash('sha256').update(seed).digest('hex'));
    expect(commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(matchesCommitment(seed, commitment)).toBe(true);
    const drawn = draw(seed, inputs);
    expect(compareDraws(drawn, draw(seed, { ...inputs, entities: [...inputs.entities].reverse() }))).toEqual([]);
    expect(drawCounts(inputs, drawn)).toEqual({ key: { entities: 2, drawn: 1 }, general: { entities: 2, drawn: 1 }, positiveList: { entities: 0, drawn: 0 } });
  });

  it('detects a stored seed that is not the one committed to (a tampered or a substituted seed)', () => {
    const seed = randomBytes(32).toString('hex');
    const commitment = seedCommitment(seed);
    const tampered = `${seed.slice(0, 63)}${seed[63] === '0' ? '1' : '0'}`;
    expect(matchesCommitment(tampered, commitment)).toBe(false);
    expect(matchesCommitment(seed.toUpperCase(), commitment)).toBe(false);
    expect(matchesCommitment(`${seed} `, commitment)).toBe(false);
  });

  it('reveals the seed only after the last day of the period', () => {
    expect(periodEnded({ dueDate: '2026-09-30' }, '2026-09-30')).toBe(false);
    expect(periodEnded({ dueDate: '2026-09-30' }, '2026-10-01')).toBe(true);
  });
});

describe('the minimum ratios', () => {
  it('defaults to key 0.2 and general 0.05, and names every ratio below its minimum', () => {
    const min = parseMinRatios(new SupervisionConfig().SUPERVISION_MIN_RATIOS);
    expect(min).toEqual({ key: 0.2, general: 0.05 });
    expect(ratiosBelowMinimum({ key: 0.2, general: 0.05, positiveList: 0 }, min)).toEqual([]);
    expect(ratiosBelowMinimum({ key: 0.01, general: 0.05, positiveList: 0.5 }, min)).toEqual([{ ratio: 'key', asked: 0.01, minimum: 0.2 }]);
    expect(ratiosBelowMinimum({ key: 0.19999, general: 0.04, positiveList: 0 }, min).map((b) => b.ratio)).toEqual(['key', 'general']);
  });

  it('reads a positive-list minimum too, and refuses what is not a ratio', () => {
    expect(parseMinRatios('key=0.25,general=0.1,positiveList=0.01')).toEqual({ key: 0.25, general: 0.1, positiveList: 0.01 });
    expect(ratiosBelowMinimum({ key: 1, general: 1, positiveList: 0 }, { positiveList: 0.01 })).toEqual([{ ratio: 'positiveList', asked: 0, minimum: 0.01 }]);
    expect(() => parseMinRatios('risky=0.2')).toThrow('risky');
    expect(() => parseMinRatios('key=1.5')).toThrow('key');
  });
});
