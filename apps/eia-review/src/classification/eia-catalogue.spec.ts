import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EiaDataError, directoryInForce, exemptionListInForce, loadEiaCatalogue, type EiaDataSources } from './eia-catalogue';

type Json = Record<string, unknown>;
interface RawRow extends Json {
  id: string;
  directoryNo?: number;
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

  describe('the 2021 directory (生态环境部令第16号: 55 industries, 173 items)', () => {
    const d2021 = catalogue.directories[1];
    const raw = read<RawDirectory & { note: string }>('eia-directory.2021.json');

    it('holds one row per item, numbered as in the directory, unique and increasing, within 1 to 173', () => {
      const numbers = d2021.rows.map((row) => row.directoryNo);
      expect(numbers.every((n) => Number.isInteger(n) && n! >= 1 && n! <= 173)).toBe(true);
      expect(numbers).toEqual([...new Set(numbers)].sort((a, b) => a! - b!));
      expect(d2021.rows.map((row) => row.id)).toEqual(numbers.map(String));
      expect(d2021.rows.length).toBe(97);
    });

    it('names in its note exactly the items it leaves out', () => {
      const listed = /未收录的项：([^。]+)。/.exec(raw.note)?.[1];
      expect(listed).toBeDefined();
      const leftOut = listed!.split('、').flatMap((part) => {
        const [from, to] = part.split('—').map(Number);
        return to === undefined ? [from] : Array.from({ length: to - from + 1 }, (_, i) => from + i);
      });
      const loaded = new Set(d2021.rows.map((row) => row.directoryNo));
      const all = Array.from({ length: 173 }, (_, i) => i + 1);
      expect(leftOut).toEqual(all.filter((n) => !loaded.has(n)));
    });

    it('gives every row well-formed GB/T 4754 codes and a parsed condition for each column the directory fills', () => {
      for (const [i, row] of raw.rows.entries()) {
        expect(row.industryCodes.every((code) => /^\d{2,4}\*?$/.test(code))).toBe(true);
        const loaded = d2021.rows[i];
        for (const column of ['reportBook', 'reportTable', 'registration'] as const) {
          // a column the directory prints "/" is left out; every other one has its text and a parsed condition
          expect(loaded[column] === undefined).toBe(row[column] === undefined);
          if (loaded[column]) expect(loaded[column].text).not.toBe('/');
        }
      }
      // codes the published row does not print are explained
      expect(d2021.rows.filter((row) => row.codeNote).map((row) => row.directoryNo)).toEqual([67, 91, 95, 97]);
    });

    it('declares full divisions only where every row under them is loaded', () => {
      const loadedDivisions = new Set(d2021.rows.flatMap((row) => row.industryCodes.map((code) => code.slice(0, 2))));
      for (const division of d2021.completeIndustries) expect(loadedDivisions).toContain(division);
      // a division with an item left out (No. 85 废弃资源综合利用) is never full
      expect(d2021.completeIndustries).not.toContain('42');
    });
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
    const at = data.d2021.rows.findIndex((r) => r.directoryNo === 67);
    const row = data.d2021.rows[at];
    row.reportBook = { text: '有电镀工艺的', when: { attr: 'plating', eq: true } };
    row.reportTable = { text: '其他', when: { attr: 'includesPlating', gte: 1 } };
    expect(problemsOf(data)).toEqual([
      expect.stringMatching(new RegExp(`^2021\\.json\\.rows\\[${at}\\]\\.reportBook\\.when\\.attr: "plating" is not a declared attribute`)),
      `2021.json.rows[${at}].reportTable.when.gte: includesPlating is a boolean; only numbers take gte`,
    ]);
  });

  it('refuses duplicate row ids and an industry prefix claimed by two rows', () => {
    const data = shippedData();
    data.d2021.rows[1].id = '3';
    data.d2021.rows[2].industryCodes = ['06', '032'];
    expect(problemsOf(data)).toEqual([
      '2021.json.rows[1].id: "3" is used by another row',
      '2021.json.rows[2].industryCodes: prefix 032 is already claimed by row 3; a code must lead to one row',
    ]);
  });

  it('refuses item numbers that repeat or go backwards, and full divisions that are not divisions', () => {
    const data = shippedData();
    data.d2021.rows[2].directoryNo = data.d2021.rows[1].directoryNo;
    data.d2021.completeIndustries = ['13', '135'];
    expect(problemsOf(data)).toEqual([
      '2021.json.completeIndustries: must be an array of distinct 2-digit GB/T 4754 divisions',
      "2021.json.rows[2].directoryNo: 4 does not follow 4; rows go in the directory's order, one per item",
    ]);
  });

  it('refuses a row with no column, unknown fields, bad codes and bad dates', () => {
    const data = shippedData();
    data.d2021.rows[0] = { id: 'X1', industry: '某行业', item: '某项目', industryCodes: ['7'], reportBok: {} };
    data.d2021.effectiveFrom = '2021-02-30';
    expect(problemsOf(data)).toEqual([
      '2021.json.effectiveFrom: must be a date written YYYY-MM-DD, got "2021-02-30"',
      '2021.json.rows[0]: unknown field(s) reportBok',
      '2021.json.rows[0].industryCodes: must be a non-empty array of GB/T 4754 code prefixes of 2 to 4 digits, each optionally marked "*"',
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
        '2021.json.rows[3].industryCodes: must be a non-empty array of GB/T 4754 code prefixes of 2 to 4 digits, each optionally marked "*"',
      ]),
    );
    expect(error.message).toMatch(/^EIA classification data is invalid \(\d+ problems\):\n {2}- /);
  });

  it('refuses a file that is not an object', () => {
    expect(problemsOf({ d2018: [], d2021: shippedData().d2021, ex2021: shippedData().ex2021 })).toEqual(['2018.json: must be an object']);
  });
});
