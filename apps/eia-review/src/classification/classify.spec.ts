import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EiaCategory } from '@permits/contracts/enums';
import { ClassificationInputError, IndustryNotCoveredError, NoDirectoryInForceError, classify, type ClassifyInput } from './classify';
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
  machining: { industryCode: '3311', attributes: { includesPlating: false, solventCoatingTonnes: 2, assemblyOnly: false, lowVocCoatingUnder10t: false } },
  assemblyOnly: { industryCode: '3311', attributes: { includesPlating: false, solventCoatingTonnes: 0, assemblyOnly: true } },
  rooftopPv: { industryCode: '4416', attributes: { powerKind: 'photovoltaic', householdPv: false, groundMounted: false, installedKw: 400, voltageKv: 0.4 } },
  groundPv: { industryCode: '4416', attributes: { powerKind: 'photovoltaic', householdPv: false, groundMounted: true, installedKw: 20000, voltageKv: 35 } },
  smallClinic: { industryCode: '8411', attributes: { newBuild: true, beds: 0, infectiousDisease: false } },
  wardHospital: { industryCode: '8411', attributes: { newBuild: true, beds: 120 } },
  bigHospital: { industryCode: '8411', attributes: { newBuild: true, beds: 600 } },
  realEstate: { industryCode: '7010', attributes: { sensitiveArea: false, ownSewageTreatment: false } },
  sewagePlant: { industryCode: '4620', attributes: { newBuild: true, sewageKind: 'urban_rural', dailyTonnes: 40000, upgradeOnly: false } },
  coalMine: { industryCode: 'B0610', attributes: { coalProjectKind: 'mining' } },
} satisfies Record<string, ClassifyInput>;

function notCovered(input: ClassifyInput, today = TODAY): IndustryNotCoveredError {
  try {
    classify(input, { today });
  } catch (err: unknown) {
    if (err instanceof IndustryNotCoveredError) return err;
    throw err;
  }
  throw new Error('the input was classified');
}

describe(classify.name, () => {
  it('classifies by the row with the longest industry prefix and the first condition that holds', () => {
    const result = classifyToday(SAMPLES.platingShop);
    expect(result).toEqual({
      category: 'report_book',
      catalogVersion: '2021',
      declaredOn: TODAY,
      exemptionList: 'hohhot-2021',
      rule: expect.stringMatching(
        /^directory 2021 No\. 67 \(金属制品业 33 \/ 金属表面处理及热处理加工\): report_book — 有电镀工艺的；有钝化工艺的热镀锌；.* \[includesPlating = true or passivatedGalvanizing = true or solventCoatingTonnes >= 10\]$/,
      ),
      basis: { kind: 'directory_row', rowId: '67', column: 'reportBook' },
    });
    expect(classifyToday(SAMPLES.machining)).toMatchObject({ category: 'report_table', basis: { rowId: '66', column: 'reportTable' } });
  });

  it('needs no EIA for a listed row none of whose conditions holds', () => {
    expect(classifyToday(SAMPLES.assemblyOnly)).toMatchObject({
      category: 'exempt',
      basis: { kind: 'no_condition_met', rowId: '66' },
      rule: expect.stringMatching(
        /No\. 66 .*: none of its conditions holds \(report_book: .*; report_table: 其他（仅分割、焊接、组装的除外；年用非溶剂型低VOCs含量涂料10吨以下的除外）\) — no EIA procedure$/,
      ),
    });
  });

  describe('never guesses', () => {
    it('answers "outside the directory" (art. 5) for an industry no item of the whole 2021 directory lists: software is exempt', () => {
      // the published directory: 煤炭开采 → 报告书 (No. 6)
      expect(classifyToday(SAMPLES.coalMine)).toMatchObject({ category: 'report_book', basis: { kind: 'directory_row', rowId: '6', column: 'reportBook' } });
      for (const industryCode of ['I6513', '6513', 'I65', '1411', 'I6510', '6510']) {
        expect(classifyToday({ industryCode, attributes: {} })).toMatchObject({
          category: 'exempt',
          catalogVersion: '2021',
          basis: { kind: 'not_in_directory' },
          rule: expect.stringMatching(/is in no item — 名录第五条：本名录未作规定的建设项目，不纳入建设项目环境影响评价管理$/),
        });
      }
    });

    it('answers 400 for a code GB/T 4754-2017 does not have, or under the wrong section letter', () => {
      for (const industryCode of ['9999', '1300', 'C6513', 'I1411', '6518']) {
        expect(inputProblems({ industryCode, attributes: {} })).toEqual([
          expect.stringMatching(
            /^industryCode: ".+" (is not a division, group or class of GB\/T 4754-2017|— \d+ is in section [A-T] of GB\/T 4754-2017, not [A-T])$/,
          ),
        ]);
      }
    });

    it('still refuses to guess where the loaded data is partial: the 2018 directory', () => {
      const err = notCovered({ industryCode: '6513', attributes: {} }, '2020-06-01');
      expect(err).toMatchObject({ code: 'INDUSTRY_NOT_COVERED', catalogVersion: '2018', industryCodes: ['6513'] });
      expect(err.message).toMatch(/^the loaded classification directory 2018 does not cover the main project \(6513\): no row lists the industry/);
    });

    it('asks which item applies where items listed by project type share a code, and tries the shorter code when none does', () => {
      const err = (() => {
        try {
          classifyToday({ industryCode: '4823', attributes: {} });
        } catch (e: unknown) {
          return e as ClassificationInputError;
        }
        throw new Error('classified');
      })();
      expect(err).toBeInstanceOf(ClassificationInputError);
      expect(err.questions).toEqual(['projectType']);
      expect(err.problems[0]).toMatch(
        /^attributes\.projectType: unanswered question projectType \(directory 2021 lists 4823 under No\. 138 \(油气、液体化工码头\); No\. 139 /,
      );
      expect(classifyToday({ industryCode: '4823', attributes: { projectType: 'fishing_port', sensitiveArea: true } })).toMatchObject({
        category: 'report_book',
        basis: { rowId: '145' },
      });
      // 7471 is uranium exploration (No. 170) or, if not, geological exploration (No. 99, prefix 747)
      expect(classifyToday({ industryCode: '7471', attributes: { uraniumExploration: true } })).toMatchObject({
        category: 'report_table',
        basis: { rowId: '170' },
      });
      expect(classifyToday({ industryCode: '7471', attributes: { uraniumExploration: false } })).toMatchObject({
        category: 'report_table',
        basis: { rowId: '99' },
      });
      // 0111 is farming; only an agricultural base project is in the directory (No. 1)
      expect(classifyToday({ industryCode: '0111', attributes: { agriculturalBase: false } })).toMatchObject({
        category: 'exempt',
        rule: expect.stringMatching(/industry 0111 is in no item \(its code is listed under No\. 1, which apply only to 农产品基地项目（含药材基地）\)/),
      });
    });

    it('answers "outside the directory" only under a division it holds in full (名录第五条)', () => {
      // 141 焙烤食品制造: division 14 has rows 21 to 24, none lists 141
      expect(classifyToday({ industryCode: '1411', attributes: {} })).toMatchObject({
        category: 'exempt',
        basis: { kind: 'not_in_directory' },
        rule: 'directory 2021: industry 1411 is in no item — 名录第五条：本名录未作规定的建设项目，不纳入建设项目环境影响评价管理',
      });
    });

    it('covers a "*" code only for production in an industrial building (名录说明4), and asks which it is', () => {
      expect(inputProblems({ industryCode: '1351', attributes: {} })).toEqual([
        'attributes.industrialBuilding: unanswered question industrialBuilding (directory 2021 No. 18 (农副食品加工业 13 / 屠宰及肉类加工135*) lists 135* — 名录说明4：标“*”号的，指在工业建筑中生产的建设项目)',
      ]);
      expect(classifyToday({ industryCode: '1351', attributes: { industrialBuilding: false } })).toMatchObject({
        category: 'exempt',
        basis: { kind: 'not_in_industrial_building', rowId: '18' },
      });
      expect(classifyToday({ industryCode: '1351', attributes: { industrialBuilding: true, slaughterPigsPerYear: 120000 } }).category).toBe('report_book');
    });

    it('refuses a compound project any part of which is not covered, naming the part', () => {
      const err = notCovered(
        { ...SAMPLES.coalMine, attributes: { ...SAMPLES.coalMine.attributes, components: [{ industryCode: '6513', attributes: {} }] } },
        '2020-06-01',
      );
      expect(err.industryCodes).toContain('6513');
      expect(err.message).toContain('component 1 (6513)');
    });
  });

  // Known classifications, read from the published 2021 text (row number: 报告书 / 报告表 / 登记表 column).
  it.each<[string, ClassifyInput, EiaCategory]>([
    ['No. 3 pig farm, 6000 a year', { industryCode: '0313', attributes: { annualOutputPigEq: 6000, scaledFarm: true, sensitiveArea: false } }, 'report_book'],
    ['No. 3 scaled farm, 800 a year', { industryCode: '0313', attributes: { annualOutputPigEq: 800, scaledFarm: true, sensitiveArea: false } }, 'registration'],
    [
      'No. 4 sea cage farming, 500 mu',
      { industryCode: '0411', attributes: { marineFarmingKind: 'cage_ranch_raft', seaAreaMu: 500, sensitiveArea: false } },
      'report_table',
    ],
    ['No. 6 coal washing', { industryCode: '0610', attributes: { coalProjectKind: 'washing_blending' } }, 'report_table'],
    ['No. 7 shale oil', { industryCode: '0711', attributes: { newBlock: false, shaleOil: true } }, 'report_book'],
    ['No. 9 iron ore mine', { industryCode: '0810', attributes: { crushingTransportOrRestorationOnly: false } }, 'report_book'],
    ['No. 27 cigarettes', { industryCode: '1620', attributes: {} }, 'report_table'],
    ['No. 28 dyeing', { industryCode: '1713', attributes: { industrialBuilding: true, scouring: false, dyeing: true } }, 'report_book'],
    ['No. 37 paper mill', { industryCode: '2221', attributes: { industrialBuilding: true, paperKind: 'pulp_or_machine_paper' } }, 'report_book'],
    ['No. 44 basic chemicals', { industryCode: '2614', attributes: { physicalProcessOnly: false } }, 'report_book'],
    [
      'No. 46 soap from oils, batch saponification',
      {
        industryCode: '2681',
        attributes: { mixingOnly: false, packagingOnly: false, dailyChemicalProduct: 'soap_from_oils', continuousSaponificationOrHydrolysis: false },
      },
      'report_book',
    ],
    ['No. 54 cement grinding station', { industryCode: '3011', attributes: { clinker: false } }, 'report_table'],
    ['No. 61 ironmaking', { industryCode: '3110', attributes: {} }, 'report_book'],
    ['No. 77 lead-acid batteries', { industryCode: '3843', attributes: { leadAcid: true } }, 'report_book'],
    [
      'No. 87 gas-fired power',
      { industryCode: '4411', attributes: { generatorEnergyRetrofit: false, fuel: 'gas', wasteHeatOrPressureOnly: false, wasteGasOnly: false } },
      'report_table',
    ],
    ['No. 91 gas boilers of 4 t/h', { industryCode: '4430', attributes: { fuel: 'gas', boilerTph: 4 } }, 'report_table'],
    ['No. 95 industrial wastewater plant', { industryCode: '4620', attributes: { newBuild: true, sewageKind: 'industrial_centralized' } }, 'report_book'],
    ['No. 97 real estate in a sensitive area', { industryCode: '7010', attributes: { sensitiveArea: true } }, 'report_table'],
    ['No. 108 hospital, 600 beds', SAMPLES.bigHospital, 'report_book'],
    ['No. 149 underground oil depot', { industryCode: '5941', attributes: { oilDepotM3: 0, undergroundOilOrGasStore: true } }, 'report_book'],
  ])('%s', (_name, input, category) => {
    expect(classify(input, { today: '2021-03-01' }).category).toBe(category);
  });

  it('needs no EIA for real estate outside a sensitive area (No. 97 has only a report-table column, for sensitive areas)', () => {
    expect(classifyToday(SAMPLES.realEstate)).toMatchObject({ category: 'exempt', catalogVersion: '2021', basis: { kind: 'no_condition_met', rowId: '97' } });
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

  it('switches versions at the boundary: 2020-12-31 by the 2018 directory, 2021-01-01 by the 2021 one', () => {
    expect(classify({ ...SAMPLES.realEstate, declaredOn: '2018-04-28' }, { today: TODAY })).toMatchObject({ catalogVersion: '2018', declaredOn: '2018-04-28' });
    expect(classify({ ...SAMPLES.assemblyOnly, declaredOn: '2020-12-31' }, { today: TODAY })).toMatchObject({
      category: 'registration',
      catalogVersion: '2018',
    });
    expect(classify({ ...SAMPLES.assemblyOnly, declaredOn: '2021-01-01' }, { today: TODAY })).toMatchObject({ category: 'exempt', catalogVersion: '2021' });
    // the 2018 data holds a few rows and no full division: a coal mine declared then is not guessed either
    expect(notCovered({ ...SAMPLES.coalMine, declaredOn: '2020-12-31' })).toMatchObject({ catalogVersion: '2018', industryCodes: ['B0610'] });
    expect(classify({ ...SAMPLES.coalMine, declaredOn: '2021-01-01' }, { today: TODAY })).toMatchObject({ category: 'report_book', catalogVersion: '2021' });
  });

  it('refuses a date before every loaded version, and a date that is not one', () => {
    let thrown: unknown;
    try {
      classify({ ...SAMPLES.realEstate, declaredOn: '2018-04-27' }, { today: TODAY });
    } catch (err: unknown) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(NoDirectoryInForceError);
    expect(thrown).toMatchObject({
      code: 'NO_DIRECTORY_IN_FORCE',
      declaredOn: '2018-04-27',
      message: 'declaredOn: no classification directory is in force on 2018-04-27 (loaded: 2018 (2018-04-28 to 2020-12-31), 2021 (2021-01-01 to open))',
    });
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
        /^compound project of 4 parts, the highest category decides \(名录第四条：建设内容涉及本名录中两个及以上项目类别的建设项目，其环境影响评价类别按照其中单项等级最高的确定\): component 2 \(C3360\) — directory 2021 No\. 67 /,
      );
    });

    it('let the main project decide a tie', () => {
      const result = classifyToday({ ...SAMPLES.wardHospital, attributes: { ...SAMPLES.wardHospital.attributes, components: [SAMPLES.groundPv] } });
      expect(result).toMatchObject({ category: 'report_table', basis: { kind: 'compound', decidingPart: 0 } });
      expect(result.rule).toContain(': the main project (8411) — directory 2021 No. 108');
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
        expect.stringMatching(
          /^attributes\.components\[0\]\.attributes\.components\[0\]\.attributes\.colour: unknown attribute \(known: additionOver50Pct, agriculturalBase, /,
        ),
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
        basis: { kind: 'local_exemption', exemptionList: 'hohhot-2021', entryId: 'EX-03', rowId: '90', instead: 'registration' },
      });
      expect(result.rule).toMatch(
        /^local exemption list hohhot-2021 entry EX-03 \(利用现有建筑物屋顶建设的分布式光伏发电\) \[groundMounted = false\]: exempt, instead of directory 2021 No\. 90 .*: registration — 其他光伏发电/,
      );
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
      expect(inputProblems({ industryCode: '8411', attributes: { newBuild: true, beds: 0 } })).toEqual([
        'attributes.infectiousDisease: unanswered question infectiousDisease (exemption list hohhot-2021 entry EX-01 (不设住院床位的诊所、医务室、卫生室、社区卫生服务站（传染病防治机构除外）) may exempt this project)',
      ]);
    });
  });

  describe('input', () => {
    it('names the attributes a deciding condition needs', () => {
      expect(inputProblems({ industryCode: '3360' })).toEqual([
        expect.stringMatching(
          /^attributes\.includesPlating, attributes\.passivatedGalvanizing, attributes\.solventCoatingTonnes: unanswered questions includesPlating, passivatedGalvanizing, solventCoatingTonnes \(directory 2021 No\. 67 \(金属制品业 33 \/ 金属表面处理及热处理加工\) decides report_book by "有电镀工艺的；/,
        ),
      ]);
      // One fact that decides is enough.
      expect(classifyToday({ industryCode: '3360', attributes: { passivatedGalvanizing: true } }).category).toBe('report_book');
      expect(
        classifyToday({
          industryCode: '3360',
          attributes: { includesPlating: false, passivatedGalvanizing: false, solventCoatingTonnes: 0, lowVocCoatingUnder10t: false },
        }).category,
      ).toBe('report_table');
    });

    it('names the missing facts of every part at once', () => {
      const problems = inputProblems({ industryCode: '3360', attributes: { components: [{ industryCode: '8411', attributes: { newBuild: true } }] } });
      expect(problems).toHaveLength(2);
      expect(problems[1]).toMatch(/^attributes\.components\[0\]\.attributes\.beds: unanswered question beds \(directory 2021 No\. 108 /);
    });

    it('accepts a section letter and refuses malformed industry codes', () => {
      expect(classifyToday({ ...SAMPLES.platingShop, industryCode: '3360' }).category).toBe('report_book');
      for (const industryCode of ['3', '33601', 'Z3360', '33.6', '']) {
        expect(inputProblems({ industryCode, attributes: {} })[0]).toMatch(/^industryCode: must be a GB\/T 4754 code of 2 to 4 digits/);
      }
    });

    it('refuses unknown attributes and values of the wrong type, so that a typo cannot change the category', () => {
      expect(inputProblems({ industryCode: '8411', attributes: { bed: 600 } })[0]).toMatch(/^attributes\.bed: unknown attribute \(known: /);
      expect(inputProblems({ industryCode: '8411', attributes: { beds: '600', newBuild: 'yes' } })).toEqual([
        'attributes.beds: beds must be a number, got "600"',
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
