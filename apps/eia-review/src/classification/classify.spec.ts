import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EiaCategory } from '@permits/contracts/enums';
import { ClassificationInputError, classify, type ClassifyInput } from './classify';
import { CATEGORY_RANK, SHIPPED_EIA_DATA, loadEiaCatalogue } from './eia-catalogue';

const TODAY = '2026-03-02';
const classifyToday = (input: ClassifyInput) => classify(input, { today: TODAY });

function inputProblems(input: ClassifyInput, today = TODAY): readonly string[] {
  try {
    classify(input, { today });
  } catch (err: unknown) {
    if (err instanceof ClassificationInputError) return err.problems;
    throw err;
  }
  throw new Error('the input was classified');
}

/** Fully described sample projects, one per category and industry family. */
const SAMPLES = {
  platingShop: { industryCode: 'C3360', attributes: { includesPlating: true } },
  machining: { industryCode: '3311', attributes: { includesPlating: false, solventCoatingTonnes: 2, assemblyOnly: false } },
  assemblyOnly: { industryCode: '3311', attributes: { includesPlating: false, solventCoatingTonnes: 0, assemblyOnly: true } },
  rooftopPv: { industryCode: '4416', attributes: { groundMounted: false, capacity: 400, voltageKv: 0.4, householdPv: false } },
  groundPv: { industryCode: '4416', attributes: { groundMounted: true, capacity: 20000, voltageKv: 35, householdPv: false } },
  smallClinic: { industryCode: '8411', attributes: { newBuild: true, capacity: 0, infectiousDisease: false } },
  wardHospital: { industryCode: '8411', attributes: { newBuild: true, capacity: 120 } },
  bigHospital: { industryCode: '8411', attributes: { newBuild: true, capacity: 600 } },
  realEstate: { industryCode: '7010', attributes: { sensitiveArea: false, ownSewageTreatment: false } },
  sewagePlant: { industryCode: '4620', attributes: { newBuild: true, industrialWastewater: false, capacity: 4, upgradeOnly: false } },
} satisfies Record<string, ClassifyInput>;

describe(classify.name, () => {
  it('classifies by the row with the longest industry prefix and the first condition that holds', () => {
    const result = classifyToday(SAMPLES.platingShop);
    expect(result).toEqual({
      category: 'report_book',
      catalogVersion: '2021',
      declaredOn: TODAY,
      exemptionList: 'hohhot-2021',
      rule: 'directory 2021 row C336 (金属制品业 33 / 金属表面处理及热处理加工): report_book — 有电镀工艺的；有钝化工艺的热镀锌 [includesPlating = true or passivatedGalvanizing = true]',
      basis: { kind: 'directory_row', rowId: 'C336', column: 'reportBook' },
    });
    expect(classifyToday(SAMPLES.machining)).toMatchObject({ category: 'report_table', basis: { rowId: 'C33', column: 'reportTable' } });
  });

  it('names the official item number where the data has it', () => {
    const result = classifyToday({ industryCode: '2929', attributes: { recycledPlastic: true } });
    expect(result.category).toBe('report_book');
    expect(result.rule).toMatch(/^directory 2021 row C292, No\. 53 \(橡胶和塑料制品业 29 \/ 塑料制品业\): report_book — /);
  });

  it('needs no EIA for a listed row none of whose conditions holds', () => {
    expect(classifyToday(SAMPLES.assemblyOnly)).toMatchObject({
      category: 'exempt',
      basis: { kind: 'no_condition_met', rowId: 'C33' },
      rule: expect.stringMatching(/row C33 .*: none of its conditions holds \(report_book: .*; report_table: 其他（仅分割、焊接、组装的除外）\) — no EIA procedure$/),
    });
  });

  it('needs no EIA for a project in no row of the directory', () => {
    expect(classifyToday(SAMPLES.realEstate)).toEqual({
      category: 'exempt',
      catalogVersion: '2021',
      declaredOn: TODAY,
      exemptionList: 'hohhot-2021',
      rule: 'directory 2021: industry 7010 is in no row — 名录第五条：本名录未作规定的建设项目，不纳入建设项目环境影响评价管理',
      basis: { kind: 'not_in_directory' },
    });
  });

  it('classifies by the directory in force on the declaration date', () => {
    // 2018 directory: real estate files a registration form, assembly-only metal work too; 2021: neither needs an EIA.
    expect(classify({ ...SAMPLES.realEstate, declaredOn: '2020-12-31' }, { today: TODAY })).toMatchObject({
      category: 'registration',
      catalogVersion: '2018',
      basis: { kind: 'directory_row', rowId: 'K701', column: 'registration' },
    });
    expect(classify({ ...SAMPLES.realEstate, declaredOn: '2021-01-01' }, { today: TODAY })).toMatchObject({ category: 'exempt', catalogVersion: '2021' });
    expect(classify({ ...SAMPLES.assemblyOnly, declaredOn: '2019-06-01' }, { today: TODAY })).toMatchObject({
      category: 'registration',
      catalogVersion: '2018',
      rule: expect.stringMatching(/: registration — 仅切割组装的 \[assemblyOnly = true\]$/),
    });
    expect(classify(SAMPLES.assemblyOnly, { today: '2021-01-01' })).toMatchObject({ category: 'exempt', catalogVersion: '2021' });
  });

  it('takes the declaration date from the caller when the input has none, and never reads the clock', () => {
    expect(classify(SAMPLES.realEstate, { today: '2020-06-01' })).toMatchObject({ category: 'registration', declaredOn: '2020-06-01' });
    expect(classify(SAMPLES.realEstate, { today: '2022-06-01' })).toMatchObject({ category: 'exempt', declaredOn: '2022-06-01' });
  });

  it('refuses a date on which no directory is in force', () => {
    expect(inputProblems({ ...SAMPLES.realEstate, declaredOn: '2017-01-01' })).toEqual([
      'declaredOn: no classification directory is in force on 2017-01-01 (known: 2018 (2018-04-28 to 2020-12-31), 2021 (2021-01-01 to open))',
    ]);
    expect(inputProblems({ ...SAMPLES.realEstate, declaredOn: '2021-13-01' })).toEqual(['declaredOn: must be a date written YYYY-MM-DD, got "2021-13-01"']);
    expect(() => classify(SAMPLES.realEstate, { today: 'today' })).toThrow(RangeError);
  });

  describe('compound projects', () => {
    it('take the highest category of their parts', () => {
      const result = classifyToday({
        industryCode: SAMPLES.groundPv.industryCode,
        attributes: { ...SAMPLES.groundPv.attributes, components: [SAMPLES.realEstate, SAMPLES.platingShop, SAMPLES.wardHospital] },
      });
      expect(result.category).toBe('report_book');
      expect(result.basis).toEqual({ kind: 'compound', decidingPart: 2 });
      expect(result.parts?.map((p) => [p.industryCode, p.category])).toEqual([
        ['4416', 'report_table'],
        ['7010', 'exempt'],
        ['C3360', 'report_book'],
        ['8411', 'report_table'],
      ]);
      expect(result.rule).toMatch(
        /^compound project of 4 parts, the highest category decides \(跨行业、复合型建设项目，其环境影响评价类别按其中单项等级最高的确定\): component 2 \(C3360\) — directory 2021 row C336 /,
      );
    });

    it('let the main project decide a tie', () => {
      const result = classifyToday({ ...SAMPLES.wardHospital, attributes: { ...SAMPLES.wardHospital.attributes, components: [SAMPLES.groundPv] } });
      expect(result).toMatchObject({ category: 'report_table', basis: { kind: 'compound', decidingPart: 0 } });
      expect(result.rule).toContain(': the main project (8411) — directory 2021 row Q84');
    });

    it('number nested components and check each part', () => {
      const problems = inputProblems({
        industryCode: '4416',
        attributes: {
          groundMounted: true,
          components: [{ industryCode: '3360', attributes: { components: [{ industryCode: 'X', attributes: { colour: 'red' } }] } }, 'oops'],
        },
      });
      expect(problems).toEqual([
        expect.stringMatching(/^attributes\.components\[0\]\.attributes\.components\[0\]\.industryCode: must be a GB\/T 4754 code/),
        expect.stringMatching(/^attributes\.components\[0\]\.attributes\.components\[0\]\.attributes\.colour: unknown attribute \(known: assemblyOnly, capacity, /),
        'attributes.components[1]: must be an object { industryCode, attributes }',
      ]);
    });

    // The compound rule as a property: the category of a compound project is the highest of its parts on their own.
    it('never rank below any of their parts', () => {
      const sample = fc.constantFrom(...Object.values(SAMPLES));
      fc.assert(
        fc.property(sample, fc.array(sample, { minLength: 1, maxLength: 4 }), (main, components) => {
          const compound = classifyToday({ industryCode: main.industryCode, attributes: { ...main.attributes, components } });
          const alone = [main, ...components].map((part) => classifyToday(part).category);
          const highest = alone.reduce<EiaCategory>((a, b) => (CATEGORY_RANK[b] > CATEGORY_RANK[a] ? b : a), 'exempt');
          return compound.category === highest && compound.parts?.length === alone.length;
        }),
      );
    });
  });

  describe('the local exemption list', () => {
    it('wins for a listed simple low-risk project', () => {
      const result = classifyToday(SAMPLES.rooftopPv);
      expect(result).toMatchObject({
        category: 'exempt',
        basis: { kind: 'local_exemption', exemptionList: 'hohhot-2021', entryId: 'EX-03', rowId: 'D4416', instead: 'registration' },
      });
      expect(result.rule).toMatch(/^local exemption list hohhot-2021 entry EX-03 \(利用现有建筑物屋顶建设的分布式光伏发电\) \[groundMounted = false\]: exempt, instead of directory 2021 row D4416 .*: registration — /);
      expect(classifyToday(SAMPLES.smallClinic)).toMatchObject({ category: 'exempt', basis: { entryId: 'EX-01', instead: 'registration' } });
    });

    it('applies only from its own effective date', () => {
      expect(classify({ ...SAMPLES.rooftopPv, declaredOn: '2021-06-30' }, { today: TODAY })).toMatchObject({ category: 'registration' });
      expect(classify({ ...SAMPLES.rooftopPv, declaredOn: '2021-06-30' }, { today: TODAY }).exemptionList).toBeUndefined();
      expect(classify({ ...SAMPLES.rooftopPv, declaredOn: '2021-07-01' }, { today: TODAY })).toMatchObject({ category: 'exempt' });
    });

    it('does not lower a project that the directory puts above the entry ceiling', () => {
      const data = JSON.parse(readFileSync(join(__dirname, 'data', 'local-exemptions.2021.json'), 'utf8')) as { entries: unknown[] };
      data.entries.push({ id: 'EX-99', title: '所有污水处理项目', industryCodes: ['4620'], when: { always: true }, appliesUpTo: 'registration' });
      const catalogue = loadEiaCatalogue({ ...SHIPPED_EIA_DATA, exemptionLists: [{ source: 'ex.json', data }] });
      expect(classify(SAMPLES.sewagePlant, { today: TODAY, catalogue })).toMatchObject({ category: 'report_table', basis: { kind: 'directory_row' } });
    });

    it('asks for the facts an entry depends on rather than guessing them', () => {
      expect(inputProblems({ industryCode: '8411', attributes: { newBuild: true, capacity: 0 } })).toEqual([
        'attributes.infectiousDisease is needed: exemption list hohhot-2021 entry EX-01 (不设住院床位的诊所、医务室、卫生室、社区卫生服务站（传染病防治机构除外）) may exempt this project',
      ]);
    });
  });

  describe('input', () => {
    it('names the attributes a deciding condition needs', () => {
      expect(inputProblems({ industryCode: '3360' })).toEqual([
        'attributes.includesPlating, attributes.passivatedGalvanizing are needed: directory 2021 row C336 (金属制品业 33 / 金属表面处理及热处理加工) decides report_book by "有电镀工艺的；有钝化工艺的热镀锌 [includesPlating = true or passivatedGalvanizing = true]"',
      ]);
      // One fact that decides is enough.
      expect(classifyToday({ industryCode: '3360', attributes: { passivatedGalvanizing: true } }).category).toBe('report_book');
      expect(classifyToday({ industryCode: '3360', attributes: { includesPlating: false, passivatedGalvanizing: false } }).category).toBe('report_table');
    });

    it('names the missing facts of every part at once', () => {
      const problems = inputProblems({ industryCode: '3360', attributes: { components: [{ industryCode: '8411', attributes: { newBuild: true } }] } });
      expect(problems).toHaveLength(2);
      expect(problems[1]).toMatch(/^attributes\.components\[0\]\.attributes\.capacity is needed: directory 2021 row Q84 /);
    });

    it('accepts a section letter and refuses malformed industry codes', () => {
      expect(classifyToday({ ...SAMPLES.platingShop, industryCode: '3360' }).category).toBe('report_book');
      for (const industryCode of ['3', '33601', 'Z3360', '33.6', '']) {
        expect(inputProblems({ industryCode, attributes: {} })[0]).toMatch(/^industryCode: must be a GB\/T 4754 code of 2 to 4 digits/);
      }
    });

    it('refuses unknown attributes and values of the wrong type, so that a typo cannot change the category', () => {
      expect(inputProblems({ industryCode: '8411', attributes: { capcity: 600 } })[0]).toMatch(/^attributes\.capcity: unknown attribute \(known: /);
      expect(inputProblems({ industryCode: '8411', attributes: { capacity: '600', newBuild: 'yes' } })).toEqual([
        'attributes.capacity: capacity must be a number, got "600"',
        'attributes.newBuild: newBuild must be a boolean, got "yes"',
      ]);
      expect(inputProblems({ industryCode: '4430', attributes: { fuel: 'wood' } })).toEqual([
        'attributes.fuel: fuel must be one of coal, oil, gas, biomass, electric, got "wood"',
      ]);
      expect(inputProblems({ industryCode: '4430', attributes: [] as unknown as Record<string, unknown> })).toEqual(['attributes: must be an object']);
    });

    it('is pure: it leaves its input alone and gives the same answer twice', () => {
      const input = deepFreeze({ ...SAMPLES.groundPv, attributes: { ...SAMPLES.groundPv.attributes, components: [SAMPLES.platingShop] } });
      expect(classifyToday(input)).toEqual(classifyToday(input));
    });
  });
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
