import catalog from '../../../intake/src/catalog/data/catalog.json';
import { APPLICATION_STATUSES } from '@permits/contracts/enums';
import { makeCreditCode } from '@permits/contracts/testing/credit-codes';
import {
  applicationFromDeclaration,
  DECLARED_CATEGORIES,
  DeclaredCategory,
  NationalDeclaration,
  nationalStatusOf,
  SUB_ITEM_BY_CATEGORY,
} from './declaration.mapper';

interface SubItem {
  code: string;
  name: string;
  kind: string;
  eiaCategory?: string;
}
const subItems = (catalog as { items: { licenseType: string; subItems: SubItem[] }[] }).items.flatMap((item) =>
  item.subItems.map((s) => ({ ...s, licenseType: item.licenseType })),
);

function aDeclaration(over: Partial<NationalDeclaration> = {}): NationalDeclaration {
  return {
    declarationId: 'NEIA-2026-0001',
    projectCode: '2017-130000-01-01-00001',
    projectName: '年产 5 万吨纸制品项目',
    constructionUnit: { name: '呼和浩特某纸业有限公司', creditCode: makeCreditCode(42) },
    category: 'report_book',
    industryCode: 'C2221',
    location: '呼和浩特市赛罕区',
    investment: 12_000,
    documents: [
      { name: '环境影响报告书（报批稿）.pdf', sha256: 'AB'.repeat(32) },
      { name: '公众参与说明.pdf', sha256: 'cd'.repeat(32) },
    ],
    ...over,
  };
}

describe('SUB_ITEM_BY_CATEGORY', () => {
  const words: Record<DeclaredCategory, string> = { report_book: '报告书', report_table: '报告表', registration: '登记表' };

  it.each(DECLARED_CATEGORIES.map((c) => [c]))('sends %s to an EIA sub-item of the shipped catalog that is about that document', (category) => {
    const sub = subItems.find((s) => s.code === SUB_ITEM_BY_CATEGORY[category]);
    expect(sub).toBeDefined();
    expect(sub?.licenseType).toBe('eia_approval');
    expect(sub?.name).toContain(words[category]);
    expect(sub?.kind).toBe(category === 'registration' ? 'filing' : 'new');
    expect(sub?.eiaCategory).toBe(category); // the catalogue states the category: the mapping must agree with it
  });

  it('sends each category to a sub-item of its own', () => {
    expect(new Set(Object.values(SUB_ITEM_BY_CATEGORY)).size).toBe(DECLARED_CATEGORIES.length);
  });
});

describe(applicationFromDeclaration.name, () => {
  it('files the construction unit as the applicant and the project with its EIA category', () => {
    const d = aDeclaration({ category: 'report_table' });
    expect(applicationFromDeclaration(d)).toMatchObject({
      channel: 'national-eia',
      subItemCode: 'HB-002-01',
      applicant: { creditCode: d.constructionUnit.creditCode, name: '呼和浩特某纸业有限公司', userId: 'national-eia' },
      project: {
        name: d.projectName,
        code: '2017-130000-01-01-00001',
        industryCode: 'C2221',
        location: '呼和浩特市赛罕区',
        investment: 12_000,
        eiaCategory: 'report_table',
      },
    });
  });

  it('turns documents into materials held by the national system, hashes in lower case, in order', () => {
    expect(applicationFromDeclaration(aDeclaration()).materials).toEqual([
      { code: 'NEIA-DOC-01', fileName: '环境影响报告书（报批稿）.pdf', sha256: 'ab'.repeat(32), heldBy: 'national-eia' },
      { code: 'NEIA-DOC-02', fileName: '公众参与说明.pdf', sha256: 'cd'.repeat(32), heldBy: 'national-eia' },
    ]);
    expect(applicationFromDeclaration(aDeclaration({ documents: [] })).materials).toEqual([]);
  });
});

describe(nationalStatusOf.name, () => {
  it('tells the national system every status of ours by the API name', () => {
    expect(APPLICATION_STATUSES.map(nationalStatusOf)).toEqual([...APPLICATION_STATUSES]);
  });
});
