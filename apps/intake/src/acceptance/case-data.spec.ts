import { definitionForCase } from '@permits/workflow/definitions';
import { loadCatalogFile } from '../catalog/catalog-file';
import { answeredAtOnce } from '../applications/commands/file-application';
import { caseData } from './case-data';

const catalog = loadCatalogFile();
const subItems = catalog.items.flatMap((item) => item.subItems.map((s) => ({ ...s, licenseType: item.licenseType })));
const extraOf = (s: (typeof subItems)[number]) => {
  const {
    code: _c,
    name: _n,
    nameEn: _e,
    kind: _k,
    statutoryLimit: _s,
    committedLimit: _cl,
    acceptanceLimit: _a,
    fullyOnline: _f,
    materials: _m,
    ...extra
  } = s;
  return extra as Record<string, unknown>;
};

describe('caseData', () => {
  // Whatever an applicant's project carries (a stale record, a national declaration, a field the DTO once allowed),
  // the routing facts are the catalog's.
  const hostile = {
    name: 'P',
    permitNo: 'PW-2026-000001',
    managementCategory: 'registration',
    eiaCategory: 'registration',
    kind: 'new',
    filingReviewDept: 'window',
    validityYears: 50,
    onSiteCheckLimit: {},
    deemedAccepted: true,
    extendable: true,
    recusedBy: ['nobody'],
  };

  it.each(subItems.map((s) => [s.code, s] as const))('%s: routes on the catalog sub-item, never on the project', (_code, s) => {
    const data = caseData({ subItemCode: s.code, channel: 'portal', project: hostile }, { kind: s.kind, extra: extraOf(s) }, false);
    const extra = extraOf(s);
    for (const key of ['managementCategory', 'eiaCategory', 'validityYears', 'onSiteCheckLimit', 'filingReviewDept', 'extendable'])
      expect(data[key]).toEqual(extra[key]);
    expect(data.recusedBy).toBeUndefined();
    expect(data).toMatchObject({ kind: s.kind, subItemCode: s.code, name: 'P', permitNo: 'PW-2026-000001' });
    expect(data.deemedAccepted).toBeUndefined();
  });

  it.each(subItems.map((s) => [s.code, s] as const))('%s is answered at once or has a workflow to its end', (_code, s) => {
    if (answeredAtOnce(s)) return expect(['HB-004-01', 'HB-006-01']).toContain(s.code);
    const data = caseData({ subItemCode: s.code, channel: 'portal', project: { name: 'P' } }, { kind: s.kind, extra: extraOf(s) }, false);
    expect(definitionForCase(s.licenseType, data)).toBeDefined();
  });
});

describe('extendable (DOMAIN.md: only art. 42 limits extend)', () => {
  it('marks the limits special laws set, from the catalog: the EIA approvals and the WEEE qualification', () => {
    expect(subItems.filter((s) => extraOf(s).extendable === false).map((s) => s.code)).toEqual([
      'HB-001-01',
      'HB-001-02',
      'HB-002-01',
      'HB-002-02',
      'HB-011-01',
    ]);
    const weee = subItems.find((s) => s.code === 'HB-011-01')!;
    expect(
      caseData({ subItemCode: weee.code, channel: 'portal', project: { name: 'P', extendable: true } }, { kind: weee.kind, extra: extraOf(weee) }, false)
        .extendable,
    ).toBe(false);
  });
});
