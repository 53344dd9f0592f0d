import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes RFC 4180: CRLF line ends, a final line end, quotes doubled, fields with , " or a line break quoted', () => {
    expect(
      toCsv([
        ['a', 'b'],
        ['x,y', 'say "hi"'],
        ['line\nbreak', 'cr\rhere'],
      ]),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak","cr\rhere"\r\n');
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+SUM(A1)', "'+SUM(A1)"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['＝1+1', "'＝1+1"], // full-width, as some spreadsheets normalise it
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['a=b', 'a=b'],
  ])('defuses a formula a client wrote: %j → %j', (cell, written) => {
    expect(toCsv([[cell]])).toBe(`${written}\r\n`);
  });

  it('keeps the sign of a number, and writes null and undefined empty, booleans as words, dates and objects as text', () => {
    expect(toCsv([[-1.5, 0, null, undefined, true, false, new Date('2026-01-01T00:00:00.000Z'), { a: 1 }]])).toBe(
      '-1.5,0,,,true,false,2026-01-01T00:00:00.000Z,"{""a"":1}"\r\n',
    );
  });

  it('writes a header alone for no rows, and nothing for nothing', () => {
    expect(toCsv([['seq', 'at']])).toBe('seq,at\r\n');
    expect(toCsv([])).toBe('');
  });
});
