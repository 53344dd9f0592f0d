import 'reflect-metadata';
import { validateSync } from 'class-validator';
import { IsIsoDate, isIsoDate } from './date';

describe('isIsoDate', () => {
  it.each([
    ['2026-02-28', true],
    ['2024-02-29', true], // leap year
    ['2000-02-29', true], // divisible by 400
    ['2026-02-29', false],
    ['2100-02-29', false], // divisible by 100, not by 400
    ['2026-04-31', false],
    ['2026-12-31', true],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['0000-01-01', false], // there is no year 0 (PostgreSQL would read it as 1 BC)
    ['0001-01-01', true],
    ['0050-06-15', true], // not read as 1950
    ['9999-12-31', true],
    ['10000-01-01', false],
    ['2026-1-01', false],
    ['2026-01-01T00:00:00Z', false],
    [' 2026-01-01', false],
    ['2026-01-01\n', false],
    ['２０２６-01-01', false], // full-width digits
    ['', false],
  ])('%j is %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });

  it('refuses anything but a string', () => {
    for (const v of [20260101, null, undefined, new Date('2026-01-01'), ['2026-01-01'], { toString: () => '2026-01-01' }]) expect(isIsoDate(v)).toBe(false);
  });
});

describe('IsIsoDate', () => {
  class Range {
    @IsIsoDate() from: unknown;
    @IsIsoDate({ each: true }) days: unknown;
  }
  const problems = (from: unknown, days: unknown) => {
    const r = Object.assign(new Range(), { from, days });
    return validateSync(r).flatMap((e) => Object.values(e.constraints ?? {}));
  };

  it('passes existing dates, one or each of an array', () => {
    expect(problems('2024-02-29', ['2026-01-01', '2026-10-08'])).toEqual([]);
  });

  it('names the field of a date that does not exist', () => {
    expect(problems('2026-02-29', ['2026-01-01'])).toEqual(['from must be an existing date YYYY-MM-DD']);
    expect(problems('2026-01-01', ['2026-01-01', '2026-02-30'])).toEqual(['days must be an existing date YYYY-MM-DD']);
  });
});
