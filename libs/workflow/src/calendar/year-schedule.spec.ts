import { readFileSync } from 'node:fs';
import { bundledSchedules } from './bundled-schedules';
import { parseYearScheduleIcs, parseYearScheduleJson } from './year-schedule';

const packageIcs = (file: string) => readFileSync(require.resolve(`chinese-days/dist/${file}`), 'utf8');

/** A minimal VCALENDAR around the given VEVENT bodies, CRLF as RFC 5545 wants. */
function ics(...events: string[][]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', ...events.flatMap((e) => ['BEGIN:VEVENT', ...e, 'END:VEVENT']), 'END:VCALENDAR'];
  return lines.join('\r\n') + '\r\n';
}

describe(parseYearScheduleJson.name, () => {
  it('returns a normalised copy with sorted lists and a default source', () => {
    const s = parseYearScheduleJson({ year: 2027, holidays: ['2027-01-03', '2027-01-01', '2027-01-02'], workdays: [] });
    expect(s).toEqual({ year: 2027, holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], workdays: [], source: 'upload' });
  });

  it('keeps the given source', () => {
    expect(parseYearScheduleJson({ year: 2027, holidays: [], workdays: [], source: 'admin 2026-11-05' }).source).toBe('admin 2026-11-05');
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', [], /expected an object/],
    ['no year', { holidays: [], workdays: [] }, /year must be an integer/],
    ['a string year', { year: '2027', holidays: [], workdays: [] }, /year must be an integer.*"2027"/],
    ['a year outside the supported range', { year: 1999, holidays: [], workdays: [] }, /year must be an integer from 2000 to 2100/],
    ['holidays not a list', { year: 2027, holidays: '2027-01-01', workdays: [] }, /2027: holidays must be an array/],
    ['no workdays', { year: 2027, holidays: [] }, /2027: workdays must be an array/],
    ['an impossible date', { year: 2027, holidays: ['2027-01-01', '2027-02-30'], workdays: [] }, /holidays\[1\] is not a YYYY-MM-DD date: "2027-02-30"/],
    ['a date of another year', { year: 2027, holidays: [], workdays: ['2026-02-14'] }, /workdays\[0\] 2026-02-14 is not in 2027/],
    ['a date twice', { year: 2027, holidays: ['2027-01-01', '2027-01-01'], workdays: [] }, /holidays\[1\] 2027-01-01 is listed twice/],
    ['a date in both lists', { year: 2027, holidays: ['2027-02-06'], workdays: ['2027-02-06'] }, /workdays\[0\] 2027-02-06 is also listed in holidays/],
    ['an adjusted workday on a weekday', { year: 2027, holidays: [], workdays: ['2027-02-05'] }, /workdays\[0\] 2027-02-05 is a weekday/],
    ['an empty source', { year: 2027, holidays: [], workdays: [], source: ' ' }, /source must be a non-empty string/],
  ])('rejects %s', (_, input, message) => {
    expect(() => parseYearScheduleJson(input)).toThrow(message);
  });

  it('accepts every year of the bundled chinese-days data', () => {
    for (const s of bundledSchedules()) expect(parseYearScheduleJson(s)).toEqual(s);
  });
});

describe(parseYearScheduleIcs.name, () => {
  // chinese-days' holidays.ics carries 2024–2026; it must say exactly what its JSON says.
  it.each([2024, 2025, 2026])('reads %i from the package ICS (Chinese and English) exactly as the package JSON', (year) => {
    const json = bundledSchedules().find((s) => s.year === year)!;
    for (const file of ['holidays.ics', 'holidays.en.ics', `years/${year}.ics`]) {
      const s = parseYearScheduleIcs(packageIcs(file), year, file);
      expect({ holidays: s.holidays, workdays: s.workdays, source: s.source }).toEqual({ holidays: json.holidays, workdays: json.workdays, source: file });
    }
  });

  it('expands the 2026 Spring Festival block and its two working Saturdays', () => {
    const s = parseYearScheduleIcs(packageIcs('years/2026.ics'), 2026);
    expect(s.holidays.filter((d) => d.startsWith('2026-02'))).toEqual([
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
    ]);
    expect(s.workdays.filter((d) => d.startsWith('2026-02'))).toEqual(['2026-02-14', '2026-02-28']);
  });

  it('handles LF endings, folded lines, full-width brackets, DURATION, one-day events and UTC times', () => {
    const text = ics(
      ['DTSTART;VALUE=DATE:20270101', 'DTEND;VALUE=DATE:20270104', 'SUMMARY:元', ' 旦（休）'], // folded SUMMARY
      ['DTSTART;VALUE=DATE:20270205', 'DURATION:P2D', 'SUMMARY:春节(休)'],
      ['DTSTART;VALUE=DATE:20270207', 'SUMMARY:春节(班)'], // no DTEND: one day
      ['DTSTART:20270404T160000Z', 'DTEND:20270405T160000Z', 'SUMMARY:清明(休)'], // 2027-04-05 00:00 Shanghai, one day
      ['DTSTART;VALUE=DATE:20270501', 'DTEND;VALUE=DATE:20270502', 'SUMMARY:Labour Day', 'X-APPLE-SPECIAL-DAY:WORK-HOLIDAY'],
    ).replace(/\r\n/g, '\n');
    expect(parseYearScheduleIcs(text, 2027)).toEqual({
      year: 2027,
      holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-05', '2027-02-06', '2027-04-05', '2027-05-01'],
      workdays: ['2027-02-07'],
      source: 'ics upload',
    });
  });

  it('ignores events of other years, whatever they are', () => {
    const text = ics(['DTSTART;VALUE=DATE:20260204', 'SUMMARY:立春'], ['DTSTART;VALUE=DATE:20270101', 'SUMMARY:元旦(休)']);
    expect(parseYearScheduleIcs(text, 2027).holidays).toEqual(['2027-01-01']);
  });

  it('keeps only the days of the requested year from an event across New Year', () => {
    const text = ics(['DTSTART;VALUE=DATE:20261231', 'DTEND;VALUE=DATE:20270103', 'SUMMARY:元旦(休)']);
    expect(parseYearScheduleIcs(text, 2027).holidays).toEqual(['2027-01-01', '2027-01-02']);
    expect(parseYearScheduleIcs(text, 2026).holidays).toEqual(['2026-12-31']);
  });

  it.each<[string, string, RegExp]>([
    ['an event that is neither 休 nor 班', ics(['DTSTART;VALUE=DATE:20270101', 'SUMMARY:立春']), /"立春" \(DTSTART 20270101\) is neither a holiday/],
    ['no events in the year', packageIcs('holidays.ics'), /no holiday or workday events in 2027/],
    ['a bad DTSTART', ics(['DTSTART;VALUE=DATE:20270230', 'SUMMARY:元旦(休)']), /DTSTART is not a date: "20270230"/],
    ['an adjusted workday on a weekday', ics(['DTSTART;VALUE=DATE:20270105', 'SUMMARY:元旦(班)']), /workdays\[0\] 2027-01-05 is a weekday/],
    [
      'a day both off and worked',
      ics(['DTSTART;VALUE=DATE:20270102', 'SUMMARY:元旦(休)'], ['DTSTART;VALUE=DATE:20270102', 'SUMMARY:元旦(班)']),
      /2027-01-02 is also listed in holidays/,
    ],
  ])('rejects %s', (_, text, message) => {
    expect(() => parseYearScheduleIcs(text, 2027)).toThrow(message);
  });
});
