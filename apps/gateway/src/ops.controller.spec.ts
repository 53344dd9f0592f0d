import { shared } from './ops.controller';

describe('shared', () => {
  it('runs one fan-out for every caller while it runs and within the time to live, then a new one', async () => {
    let runs = 0;
    let now = 1_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const once = shared(async () => ++runs, 1000);
    expect(await Promise.all(Array.from({ length: 50 }, () => once()))).toEqual(Array(50).fill(1));
    now += 999;
    expect(await once()).toBe(1);
    now += 2;
    expect(await once()).toBe(2);
    jest.restoreAllMocks();
  });

  it('does not keep a failure', async () => {
    let runs = 0;
    const once = shared(async () => {
      runs++;
      if (runs === 1) throw new Error('down');
      return runs;
    }, 60_000);
    await expect(once()).rejects.toThrow('down');
    await new Promise((r) => setImmediate(r));
    expect(await once()).toBe(2);
  });
});
