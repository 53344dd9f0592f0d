import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EiaDataError, directoryInForce, exemptionListInForce, loadEiaCatalogue, type EiaDataSources } from './eia-catalogue';

type Json = Record<string, unknown>;
interface RawRow extends Json {
  id: string;
  industryCodes: string[];
}
interface RawDirectory extends Json {
  version: string;
  effectiveTo?: string;
  attributes: Record<string, Json>;
  rows: RawRow[];
}
interface RawExemptionList extends Json {
  directoryVersion: string;
  effectiveFrom: string;
  entries: Json[];
}

/** Fresh, mutable copies of the shipped files: each test crafts its own bad data from them. */
function read<T>(name: string): T {
  return JSON.parse(readFileSync(join(__dirname, 'data', name), 'utf8')) as T;
}
function shippedData(): { d2018: RawDirectory; d2021: RawDirectory; ex2021: RawExemptionList } {
  return {
    d2018: read<RawDirectory>('eia-directory.2018.json'),
    d2021: read<RawDirectory>('eia-directory.2021.json'),
    ex2021: read<RawExemptionList>('local-exemptions.2021.json'),
  };
}
function sources(data: { d2018: unknown; d2021: unknown; ex2021: unknown }): EiaDataSources {
  return {
    directories: [
      { source: '2018.json', data: data.d2018 },
      { source: '2021.json', data: data.d2021 },
    ],
    exemptionLists: [{ source: 'ex.json', data: data.ex2021 }],
  };
}
function problemsOf(data: { d2018: unknown; d2021: unknown; ex2021: unknown }): readonly string[] {
  try {
    loadEiaCatalogue(sources(data));
  } catch (err: unknown) {
    if (err instanceof EiaDataError) return err.problems;
    throw err;
  }
  throw new Error('the crafted data was accepted');
}

describe('the shipped classification data', () => {
  const catalogue = loadEiaCatalogue();

  it('holds the 2018 and 2021 directories, in date order, and a local exemption list for 2021', () => {
    expect(catalogue.directories.map((d) => [d.version, d.effectiveFrom, d.effectiveTo])).toEqual([
      ['2018', '2018-04-28', '2020-12-31'],
      ['2021', '2021-01-01', undefined],
    ]);
    expect(catalogue.exemptionLists.map((l) => [l.version, l.directoryVersion])).toEqual([['hohhot-2021', '2021']]);
  });

  it('models 20 to 30 rows of the 2021 directory across several industries', () => {
    const [, d2021] = catalogue.directories;
    expect(d2021.rows.length).toBeGreaterThanOrEqual(20);
    expect(d2021.rows.length).toBeLessThanOrEqual(30);
    const sections = new Set(d2021.rows.map((row) => row.id[0]));
    expect([...sections].sort()).toEqual(['A', 'C', 'D', 'E', 'N', 'Q']);
  });

  it('selects the version in force on a date, switching on 2021-01-01', () => {
    expect(directoryInForce(catalogue, '2018-04-27')).toBeUndefined();
    expect(directoryInForce(catalogue, '2018-04-28')?.version).toBe('2018');
    expect(directoryInForce(catalogue, '2020-12-31')?.version).toBe('2018');
    expect(directoryInForce(catalogue, '2021-01-01')?.version).toBe('2021');
    expect(directoryInForce(catalogue, '2030-06-01')?.version).toBe('2021');
  });

  it('puts the exemption list in force from its own date', () => {
    expect(exemptionListInForce(catalogue, '2021', '2021-06-30')).toBeUndefined();
    expect(exemptionListInForce(catalogue, '2021', '2021-07-01')?.version).toBe('hohhot-2021');
    expect(exemptionListInForce(catalogue, '2018', '2021-07-01')).toBeUndefined();
  });
});

describe(loadEiaCatalogue.name, () => {
  it('refuses versions whose dates overlap, since a date must select one version', () => {
    const data = shippedData();
    delete data.d2018.effectiveTo;
    expect(problemsOf(data)).toEqual(['directory: 2018 (2018-04-28 to open) overlaps 2021 (from 2021-01-01); a date must select one version']);
  });

  it('refuses a condition over an undeclared attribute or of the wrong type', () => {
    const data = shippedData();
    const row = data.d2021.rows.find((r) => r.id === 'C336');
    if (!row) throw new Error('row C336 missing');
    row.reportBook = { text: '有电镀工艺的', when: { attr: 'plating', eq: true } };
    row.reportTable = { text: '其他', when: { attr: 'includesPlating', gte: 1 } };
    expect(problemsOf(data)).toEqual([
      expect.stringMatching(/^2021\.json\.rows\[14\]\.reportBook\.when\.attr: "plating" is not a declared attribute/),
      '2021.json.rows[14].reportTable.when.gte: includesPlating is a boolean; only numbers take gte',
    ]);
  });

  it('refuses duplicate row ids and an industry prefix claimed by two rows', () => {
    const data = shippedData();
    data.d2021.rows[1].id = 'A03';
    data.d2021.rows[2].industryCodes = ['17', '135'];
    expect(problemsOf(data)).toEqual([
      '2021.json.rows[1].id: "A03" is used by another row',
      '2021.json.rows[2].industryCodes: prefix 135 is already claimed by row A03; a code must lead to one row',
    ]);
  });

  it('refuses a row with no column, unknown fields, bad codes and bad dates', () => {
    const data = shippedData();
    data.d2021.rows[0] = { id: 'X1', industry: '某行业', item: '某项目', industryCodes: ['7'], reportBok: {} };
    data.d2021.effectiveFrom = '2021-02-30';
    expect(problemsOf(data)).toEqual([
      '2021.json.effectiveFrom: must be a date written YYYY-MM-DD, got "2021-02-30"',
      '2021.json.rows[0]: unknown field(s) reportBok',
      '2021.json.rows[0].industryCodes: must be a non-empty array of GB/T 4754 code prefixes of 2 to 4 digits',
      '2021.json.rows[0]: a row needs at least one of reportBook, reportTable, registration',
    ]);
  });

  it('refuses an attribute declared with different types in two files', () => {
    const data = shippedData();
    data.ex2021.attributes = { sensitiveArea: { type: 'number', description: '敏感区个数' }, infectiousDisease: { type: 'boolean', description: '传染病' } };
    expect(problemsOf(data)).toEqual([
      'ex.json.entries[1].when.all[1].eq: sensitiveArea takes a number, not false',
      'exemption list hohhot-2021: attribute "sensitiveArea" is declared as number here but as boolean elsewhere',
    ]);
  });

  it('refuses an exemption list for an unknown directory, outside its directory, or exempting report books', () => {
    const data = shippedData();
    data.ex2021.directoryVersion = '2031';
    expect(problemsOf(data)).toContain('ex.json.directoryVersion: no directory has version "2031"');

    const early = shippedData();
    early.ex2021.effectiveFrom = '2020-07-01';
    expect(problemsOf(early)).toEqual(['ex.json: effective 2020-07-01 to open lies outside directory 2021 (2021-01-01 to open)']);

    const book = shippedData();
    book.ex2021.entries[0].appliesUpTo = 'report_book';
    expect(problemsOf(book)).toEqual(['ex.json.entries[0].appliesUpTo: must be one of registration, report_table (a local list never exempts a report book)']);
  });

  it('lists every problem in one error', () => {
    const data = shippedData();
    data.d2021.version = '';
    data.d2021.rows[3].industryCodes = [];
    data.ex2021.entries[1].when = { attr: 'nowhere', eq: true };
    let thrown: unknown;
    try {
      loadEiaCatalogue(sources(data));
    } catch (err: unknown) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(EiaDataError);
    const error = thrown as EiaDataError;
    expect(error.problems).toEqual(
      expect.arrayContaining([
        '2021.json.version: must be a non-empty string',
        '2021.json.rows[3].industryCodes: must be a non-empty array of GB/T 4754 code prefixes of 2 to 4 digits',
      ]),
    );
    expect(error.message).toMatch(/^EIA classification data is invalid \(\d+ problems\):\n {2}- /);
  });

  it('refuses a file that is not an object', () => {
    expect(problemsOf({ d2018: [], d2021: shippedData().d2021, ex2021: shippedData().ex2021 })).toEqual(['2018.json: must be an object']);
  });
});
