import { addDays, dayOfWeek, daysBetween, fromEpochDay, isIsoDate, maxDate, shanghaiDate, toEpochDay, yearOf } from './iso-date';

describe('iso dates', () => {
  it.each([
    ['2026-02-28', true],
    ['2028-02-29', true], // leap year
    ['2026-02-29', false],
    ['2100-02-29', false], // 2100 is not a leap year
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['2026-01-01T00:00:00Z', false],
    ['0050-01-01', true], // an existing date (Date.UTC would read it as 1950: the check does not use it)
    ['0000-01-01', false], // there is no year 0
    ['', false],
  ])('isIsoDate(%j) is %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });

  it('rejects non-strings', () => {
    expect(isIsoDate(20260101)).toBe(false);
    expect(isIsoDate(null)).toBe(false);
  });

  it.each([
    ['1970-01-01', 0],
    ['2000-01-01', 10957],
    ['2026-10-01', 20727],
  ])('%s is epoch day %i and back', (date, day) => {
    expect(toEpochDay(date)).toBe(day);
    expect(fromEpochDay(day)).toBe(date);
  });

  it('throws a RangeError on a malformed date', () => {
    expect(() => toEpochDay('2026-02-30')).toThrow(RangeError);
  });

  it.each([
    ['2026-02-14', 6], // Saturday (an adjusted working day)
    ['2026-02-15', 0],
    ['2026-09-29', 2],
    ['2026-10-01', 4],
    ['2025-10-11', 6],
    ['1969-12-31', 3], // before the epoch: the modulo stays positive
  ])('dayOfWeek(%s) is %i', (date, dow) => {
    expect(dayOfWeek(date)).toBe(dow);
  });

  it.each([
    ['2026-09-29', 1, '2026-09-30'],
    ['2026-09-30', 2, '2026-10-02'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-03-01', -1, '2026-02-28'],
  ])('addDays(%s, %i) is %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(n);
  });

  it('yearOf and maxDate', () => {
    expect(yearOf('2027-01-01')).toBe(2027);
    expect(maxDate('2026-10-01', '2026-09-30', '2026-11-02')).toBe('2026-11-02');
  });

  describe('shanghaiDate', () => {
    it.each([
      ['2026-02-14T15:59:59.999Z', '2026-02-14'],
      ['2026-02-14T16:00:00.000Z', '2026-02-15'], // midnight in Shanghai
      ['2026-09-30T23:30:00.000Z', '2026-10-01'],
      ['2026-12-31T16:00:00.000Z', '2027-01-01'],
      ['1969-12-31T20:00:00.000Z', '1970-01-01'],
    ])('%s is %s in Shanghai', (instant, date) => {
      expect(shanghaiDate(new Date(instant))).toBe(date);
    });
  });

  // Jest gives each test file its own copy of process.env, so a test cannot switch the time zone
  // (run the suite under TZ=America/New_York for that). Instead: no local-time Date method is used.
  describe('independence from the process time zone', () => {
    const local = ['getFullYear', 'getMonth', 'getDate', 'getDay', 'getHours', 'getTimezoneOffset', 'setHours', 'setDate', 'toDateString'] as const;
    beforeEach(() => {
      for (const m of local)
        jest.spyOn(Date.prototype, m).mockImplementation(() => {
          throw new Error(`local-time Date#${m} used`);
        });
    });
    afterEach(() => jest.restoreAllMocks());

    it('never reads local time', () => {
      expect(shanghaiDate(new Date('2026-02-14T16:00:00Z'))).toBe('2026-02-15');
      expect(toEpochDay('2026-03-08')).toBe(20520); // the US switches to DST that day
      expect(addDays('2026-03-07', 1)).toBe('2026-03-08');
      expect(dayOfWeek('2026-11-01')).toBe(0);
      expect(isIsoDate('2026-02-29')).toBe(false);
    });
  });
});
