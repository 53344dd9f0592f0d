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
      expect(numbers).toEqual(Array.from({ length: 173 }, (_, i) => i + 1));
    });

    it('says in its note that it holds every item, and where a code was mapped rather than printed', () => {
      expect(raw.note).toMatch(/^名录共55个行业、173项，本文件逐项对照公布文本（上列原文的PDF版）全部收录/);
      expect(new Set(d2021.rows.map((row) => row.industry.replace(/\s*\d+$/, ''))).size).toBeGreaterThanOrEqual(50);
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
      for (const row of d2021.rows) {
        const printed = row.industryCodes.every((code) => row.item.includes(code) || row.industry.includes(code));
        if (!printed) expect([row.directoryNo, row.codeNote]).toEqual([row.directoryNo, expect.stringMatching(/GB\/T 4754-2017|大类|代码/)]);
      }
      // rows that share a code each say when they apply
      const claims = new Map<string, number>();
      for (const row of d2021.rows) for (const code of row.industryCodes) claims.set(code, (claims.get(code) ?? 0) + 1);
      for (const row of d2021.rows)
        if (row.industryCodes.some((code) => claims.get(code)! > 1))
          expect([row.directoryNo, row.selectWhen?.text]).toEqual([row.directoryNo, expect.any(String)]);
    });

    it('is complete: every GB/T 4754-2017 division is held in full, so a code in no item is outside the directory', () => {
      const divisions = [...catalogue.industryCodes.keys()].filter((code) => code.length === 3).map((code) => code.slice(1));
      expect(divisions).toHaveLength(97);
      expect([...d2021.completeIndustries].sort()).toEqual(divisions.sort());
    });

    it('asks every question in Chinese and English, with the values of a choice and the unit of a number', () => {
      for (const [name, spec] of d2021.attributes) {
        expect([name, spec.description.length > 1, (spec.questionEn ?? '').length > 5]).toEqual([name, true, true]);
        if (spec.type === 'string') expect([name, spec.values?.length ?? 0]).toEqual([name, expect.any(Number)]);
        if (spec.type === 'string') expect(spec.values!.length).toBeGreaterThan(1);
        if (spec.unit !== undefined) expect(spec.type).toBe('number');
      }
    });
  });

  describe('the GB/T 4754-2017 code list', () => {
    it('holds 20 sections, 97 divisions, 473 groups and 1381 classes, each under its parent', () => {
      const byLength = (n: number) => [...catalogue.industryCodes.keys()].filter((code) => code.length === n).length;
      expect([byLength(1), byLength(3), byLength(4), byLength(5)]).toEqual([20, 97, 473, 1381]);
      expect(catalogue.industryCodes.get('I6513')).toBe('应用软件开发');
      expect(catalogue.industryCodes.get('C3360')).toBe('金属表面处理及热处理加工');
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
    data.d2021.rows[4].industryCodes = ['0412', '032'];
    expect(problemsOf(data)).toEqual([
      '2021.json.rows[2].id: "3" is used by another row',
      '2021.json.rows: prefix 032 is claimed by rows 3, 5; rows that share a code must each have selectWhen',
    ]);
    // with a selector on each, rows may share a code (items the directory lists by project type)
    const shared = shippedData();
    shared.d2021.rows[4].industryCodes = ['0412', '7820'];
    expect(problemsOf(shared)).toEqual(['2021.json.rows: prefix 7820 is claimed by rows 5, 105, 106, 107; rows that share a code must each have selectWhen']);
  });

  it('refuses item numbers that repeat or go backwards, and full divisions that are not divisions', () => {
    const data = shippedData();
    data.d2021.rows[2].directoryNo = data.d2021.rows[1].directoryNo;
    data.d2021.completeIndustries = ['13', '135'];
    expect(problemsOf(data)).toEqual([
      '2021.json.completeIndustries: must be an array of distinct 2-digit GB/T 4754 divisions',
      "2021.json.rows[2].directoryNo: 2 does not follow 2; rows go in the directory's order, one per item",
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

  it('refuses a directory code GB/T 4754-2017 does not have, and a code list out of order', () => {
    const data = shippedData();
    data.d2021.rows[4].industryCodes = ['0418'];
    const gbt = read<{ codes: [string, string][] }>('gbt4754-2017.json');
    expect(() => loadEiaCatalogue({ ...sources(data), industryCodes: { source: 'gbt.json', data: gbt } })).toThrow(
      /directory 2021 row 5: industry code 0418 is not in GB\/T 4754-2017/,
    );
    const shuffled = {
      codes: [
        ['A01', '农业'],
        ['A', '农、林、牧、渔业'],
        ['A01', '农业'],
      ],
    };
    let problems: readonly string[] = [];
    try {
      loadEiaCatalogue({ ...sources(shippedData()), industryCodes: { source: 'gbt.json', data: shuffled } });
    } catch (err: unknown) {
      problems = (err as EiaDataError).problems;
    }
    expect(problems).toEqual(expect.arrayContaining(['gbt.json.codes[0]: A01 comes before (or without) its parent A', 'gbt.json.codes[2]: A01 appears twice']));
  });

  it('refuses a file that is not an object', () => {
    expect(problemsOf({ d2018: [], d2021: shippedData().d2021, ex2021: shippedData().ex2021 })).toEqual(['2018.json: must be an object']);
  });
});
