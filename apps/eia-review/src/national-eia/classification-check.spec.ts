import { classificationCheckOf } from './classification-check';

describe(classificationCheckOf.name, () => {
  it('flags a declared category the directory never gives the industry', () => {
    // No. 6 煤炭开采和洗选业: report book or report table, never a registration form
    expect(classificationCheckOf('registration', 'B0610', '2026-03-02')).toEqual({
      declared: 'registration',
      directory: ['report_book', 'report_table', 'exempt'],
      agrees: false,
      rule: expect.stringMatching(/^declared registration, but the directory gives report_book or report_table or exempt: directory 2021 No\. 6 /),
      catalogVersion: '2021',
      checkedOn: '2026-03-02',
    });
    // No. 61 炼铁: report book, whatever the facts
    expect(classificationCheckOf('report_table', '3110', '2026-03-02')).toMatchObject({ directory: ['report_book'], agrees: false });
  });

  it('agrees where the declared category is one the directory can give', () => {
    expect(classificationCheckOf('report_book', 'B0610', '2026-03-02')).toMatchObject({ agrees: true, catalogVersion: '2021' });
    expect(classificationCheckOf('report_book', '3110', '2026-03-02')).toMatchObject({ agrees: true, directory: ['report_book'] });
  });

  it('uses the version in force on the receipt date', () => {
    // the 2018 data has no coal row: it cannot say, and says so
    expect(classificationCheckOf('registration', 'B0610', '2020-12-31')).toMatchObject({ agrees: null, directory: null, catalogVersion: '2018' });
  });

  it('says when the loaded directory cannot check the industry, rather than guessing', () => {
    expect(classificationCheckOf('report_table', '6513', '2020-06-01')).toMatchObject({
      agrees: null,
      directory: null,
      catalogVersion: '2018',
      rule: expect.stringMatching(/does not cover industry 6513/),
    });
    expect(classificationCheckOf('report_table', '6513', '2017-01-01')).toMatchObject({ agrees: null, catalogVersion: null });
  });

  it('flags a category declared for an industry outside the directory (art. 5: software needs no EIA)', () => {
    expect(classificationCheckOf('report_table', 'I6513', '2026-03-02')).toMatchObject({ directory: ['exempt'], agrees: false, catalogVersion: '2021' });
  });

  it('may flag a category for rows that share a code until the project type is known, never refusing it', () => {
    // 4823: ports Nos. 138-145; any of their categories, or none
    expect(classificationCheckOf('report_book', '4823', '2026-03-02')).toMatchObject({ agrees: true, directory: ['report_book', 'report_table', 'exempt'] });
  });

  it('refuses an industry code GB/T 4754-2017 does not have (400), naming the field', () => {
    expect(() => classificationCheckOf('report_table', '9999', '2026-03-02')).toThrow(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/^industryCode: "9999" is not a division, group or class of GB\/T 4754-2017/),
      }),
    );
  });
});
