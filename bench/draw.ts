import { makeCreditCode } from '../libs/contracts/src/testing/credit-codes';
import { draw, DrawInputs, inputsHash } from '../apps/supervision/src/plans/draw';

export interface DrawResult {
  entities: number;
  inspectors: number;
  checks: number;
  drawMs: number;
  inputsHashMs: number;
  heapDeltaMiB: number;
  rssMiB: number;
}

/**
 * The "double random" draw at city scale: 100,000 regulated entities (a tenth key, a fifth on the positive
 * list, half of those monitored) and 200 inspectors with a few conflicts each, key 25 %, general 5 %,
 * positive list 2 %, 2 inspectors per check. Pure CPU in this process (no database): what POST …/plans
 * adds on top of reading the inputs.
 */
export function measureDraw(entities = 100_000, inspectors = 200): DrawResult {
  const codes = Array.from({ length: entities }, (_, i) => makeCreditCode(1_000_000 + i));
  const inputs: DrawInputs = {
    period: '2026-Q3',
    ratios: { key: 0.25, general: 0.05, positiveList: 0.02 },
    inspectorsPerCheck: 2,
    entities: codes.map((creditCode, i) => ({
      creditCode,
      riskClass: i % 10 === 0 ? 'key' : 'general',
      positiveList: i % 5 === 1,
      onlineMonitoring: i % 10 === 1,
    })),
    roster: Array.from({ length: inspectors }, (_, i) => ({ userId: `inspector-${i}`, conflicts: codes.slice(i * 5, i * 5 + 5) })),
  };
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = process.hrtime.bigint();
  const checks = draw('bench-seed', inputs);
  const t1 = process.hrtime.bigint();
  inputsHash(inputs);
  const t2 = process.hrtime.bigint();
  const mem = process.memoryUsage();
  return {
    entities,
    inspectors,
    checks: checks.length,
    drawMs: Math.round(Number(t1 - t0) / 1e6),
    inputsHashMs: Math.round(Number(t2 - t1) / 1e6),
    heapDeltaMiB: Math.round((mem.heapUsed - heap0) / 2 ** 20),
    rssMiB: Math.round(mem.rss / 2 ** 20),
  };
}

if (require.main === module) console.log(JSON.stringify(measureDraw()));
