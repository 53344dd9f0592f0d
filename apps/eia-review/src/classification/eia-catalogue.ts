// The EIA classification catalogue: versions of the classification directory (建设项目环境影响评价分类管理名录)
// with their effective dates, and local exemption lists tied to a directory version (DOMAIN.md, "EIA classification").
// The data lives in data/*.json; this module validates it and turns it into typed, read-only structures.
import type { EiaCategory } from '@permits/contracts/enums';
import { isIsoDate } from '@permits/core';
import { parseCondition, type AttributeSpec, type AttributeType, type Condition } from '@permits/workflow/engine';
import directory2018 from './data/eia-directory.2018.json';
import directory2021 from './data/eia-directory.2021.json';
import exemptions2021 from './data/local-exemptions.2021.json';
import gbt4754 from './data/gbt4754-2017.json';

/** Order of severity: compound projects take the highest (名录: 按其中单项等级最高的确定). */
export const CATEGORY_RANK: Readonly<Record<EiaCategory, number>> = { exempt: 0, registration: 1, report_table: 2, report_book: 3 };

/** The directory's three columns, in the order they are tried. */
export const CATEGORY_COLUMNS = [
  ['reportBook', 'report_book'],
  ['reportTable', 'report_table'],
  ['registration', 'registration'],
] as const;
export type CategoryColumn = (typeof CATEGORY_COLUMNS)[number][0];

export interface CategoryRule {
  /** The directory's own words for the column. */
  readonly text: string;
  readonly when: Condition;
}

/**
 * An attribute a project may state, with what a portal needs to ask for it: `description` is the question in
 * Chinese, `questionEn` in English, `unit` the unit of a number, `values` the choices of a string.
 */
export interface EiaAttribute extends AttributeSpec {
  readonly questionEn?: string;
  readonly unit?: string;
}

export interface DirectoryRow {
  readonly id: string;
  /** The item number in the official directory, where the data gives it. */
  readonly directoryNo?: number;
  readonly industry: string;
  /** GB/T 4754-2017 code prefixes (2 to 4 digits); a project takes the row with the longest matching prefix. */
  readonly industryCodes: readonly string[];
  /**
   * The prefixes printed with "*" (2021 名录说明4): the row covers them only for production in an industrial
   * building; elsewhere such a project is not in the directory.
   */
  readonly industrialBuildingOnly: readonly string[];
  /** Where the published row prints no code: how the codes were chosen. */
  readonly codeNote?: string;
  /** The row's "本栏目环境敏感区含义": which sensitive areas its `sensitiveArea` means. */
  readonly sensitiveAreaMeaning?: string;
  readonly item: string;
  readonly capacityUnit?: string;
  /**
   * Where several rows share an industry code (items the directory lists by project type, such as the ports of
   * Nos. 138-145 under 4823), the row applies to a project only when this holds; a row with no selector applies
   * to every project its codes reach.
   */
  readonly selectWhen?: CategoryRule;
  readonly reportBook?: CategoryRule;
  readonly reportTable?: CategoryRule;
  readonly registration?: CategoryRule;
}

export interface Directory {
  readonly version: string;
  readonly title: string;
  readonly source: string;
  readonly effectiveFrom: string;
  readonly effectiveTo?: string;
  readonly note?: string;
  /** What the directory says of projects it does not list. */
  readonly outsideDirectory: string;
  /** What the directory says of compound projects. */
  readonly compoundRule: string;
  /**
   * GB/T 4754 divisions (2 digits) whose every directory row is loaded: a code under one of them that no row lists
   * is outside the directory (its `outsideDirectory` applies). A code in no row and under no such division is not
   * covered by the loaded data and is never guessed.
   */
  readonly completeIndustries: readonly string[];
  readonly attributes: ReadonlyMap<string, EiaAttribute>;
  readonly rows: readonly DirectoryRow[];
}

export type ExemptionCeiling = Exclude<EiaCategory, 'exempt' | 'report_book'>;

export interface ExemptionEntry {
  readonly id: string;
  readonly title: string;
  readonly industryCodes: readonly string[];
  readonly when: Condition;
  /** The entry only exempts projects that the directory puts in this category or a lower one. */
  readonly appliesUpTo: ExemptionCeiling;
}

export interface ExemptionList {
  readonly version: string;
  readonly title: string;
  readonly directoryVersion: string;
  readonly effectiveFrom: string;
  readonly effectiveTo?: string;
  readonly note?: string;
  readonly attributes: ReadonlyMap<string, EiaAttribute>;
  readonly entries: readonly ExemptionEntry[];
}

export interface EiaCatalogue {
  /** Sorted by effectiveFrom; effective ranges never overlap. */
  readonly directories: readonly Directory[];
  readonly exemptionLists: readonly ExemptionList[];
  /** Every attribute any file declares: what a project may state. */
  readonly attributes: ReadonlyMap<string, EiaAttribute>;
  /** GB/T 4754-2017: every section, division, group and class, by its code (letter and digits, "I6513"); empty when not loaded. */
  readonly industryCodes: ReadonlyMap<string, string>;
}

export interface EiaDataFile {
  /** Where the data came from, for messages. */
  readonly source: string;
  readonly data: unknown;
}

export interface EiaDataSources {
  readonly directories: readonly EiaDataFile[];
  readonly exemptionLists: readonly EiaDataFile[];
  /** The GB/T 4754-2017 code list: `{ codes: [[code, name], ...] }`; without it, codes are checked for their form only. */
  readonly industryCodes?: EiaDataFile;
}

const DATA_DIR = 'apps/eia-review/src/classification/data';

/** The shipped data files (imported, so that the compiled build carries them). */
export const SHIPPED_EIA_DATA: EiaDataSources = {
  directories: [
    { source: `${DATA_DIR}/eia-directory.2018.json`, data: directory2018 },
    { source: `${DATA_DIR}/eia-directory.2021.json`, data: directory2021 },
  ],
  exemptionLists: [{ source: `${DATA_DIR}/local-exemptions.2021.json`, data: exemptions2021 }],
  industryCodes: { source: `${DATA_DIR}/gbt4754-2017.json`, data: gbt4754 },
};

/** One error naming every problem of the classification data, each with its file and JSON path. */
export class EiaDataError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`EIA classification data is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EiaDataError';
  }
}

/** Validates the data files and builds the catalogue; throws an EiaDataError listing every problem. */
export function loadEiaCatalogue(sources: EiaDataSources = SHIPPED_EIA_DATA): EiaCatalogue {
  const problems: string[] = [];
  const industryCodes = sources.industryCodes ? readIndustryCodes(sources.industryCodes, problems) : new Map<string, string>();
  const directories = sources.directories
    .map((file) => readDirectory(file, problems))
    .filter((d): d is Directory => d !== undefined)
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  checkVersionsAndRanges(directories, 'directory', problems);

  for (const directory of directories) checkCodesExist(directory, industryCodes, problems);

  const attributes = new Map<string, EiaAttribute>();
  const declare = (declared: ReadonlyMap<string, EiaAttribute>, where: string): void => {
    for (const [name, spec] of declared) {
      const known = attributes.get(name);
      if (known && (known.type !== spec.type || String(known.values) !== String(spec.values))) {
        problems.push(`${where}: attribute "${name}" is declared as ${describeType(spec)} here but as ${describeType(known)} elsewhere`);
      } else if (!known) {
        attributes.set(name, spec);
      }
    }
  };
  for (const directory of directories) declare(directory.attributes, `directory ${directory.version}`);

  const unreadable = new Set(
    sources.directories.map((file) => (isRecord(file.data) ? file.data.version : undefined)).filter((v) => !directories.some((d) => d.version === v)),
  );
  const exemptionLists = sources.exemptionLists
    .map((file) => readExemptionList(file, directories, unreadable, problems))
    .filter((l): l is ExemptionList => l !== undefined);
  for (const list of exemptionLists) declare(list.attributes, `exemption list ${list.version}`);
  for (const directory of directories) {
    checkVersionsAndRanges(
      exemptionLists.filter((l) => l.directoryVersion === directory.version).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)),
      `exemption list for directory ${directory.version}`,
      problems,
    );
  }
  if (directories.length === 0 && problems.length === 0) problems.push('no directory given');
  if (problems.length > 0) throw new EiaDataError(problems);
  return { directories, exemptionLists, attributes, industryCodes };
}

const GBT_CODE = /^[A-T](\d{2}|\d{3}|\d{4})?$/;

/** The GB/T 4754-2017 list: unique codes, each under its parent (division under section, group under division, ...). */
function readIndustryCodes(file: EiaDataFile, problems: string[]): Map<string, string> {
  const codes = new Map<string, string>();
  const list = isRecord(file.data) && Array.isArray(file.data.codes) ? (file.data.codes as unknown[]) : undefined;
  if (!list || list.length === 0) {
    problems.push(`${file.source}.codes: must be a non-empty array of [code, name]`);
    return codes;
  }
  list.forEach((entry, i) => {
    const [code, name] = Array.isArray(entry) ? (entry as unknown[]) : [];
    if (typeof code !== 'string' || !GBT_CODE.test(code) || typeof name !== 'string' || name.trim() === '') {
      problems.push(`${file.source}.codes[${i}]: must be [code, name], the code a section letter with 0, 2, 3 or 4 digits`);
      return;
    }
    if (codes.has(code)) problems.push(`${file.source}.codes[${i}]: ${code} appears twice`);
    const parent = code.length === 1 ? undefined : code.length === 3 ? code[0] : code.slice(0, -1);
    if (parent !== undefined && !codes.has(parent)) problems.push(`${file.source}.codes[${i}]: ${code} comes before (or without) its parent ${parent}`);
    codes.set(code, name);
  });
  return codes;
}

/** Every code a directory row prints (or is mapped to) is a GB/T 4754-2017 division, group or class. */
function checkCodesExist(directory: Directory, industryCodes: ReadonlyMap<string, string>, problems: string[]): void {
  if (industryCodes.size === 0) return;
  const digits = new Set([...industryCodes.keys()].map((c) => c.slice(1)).filter((d) => d !== ''));
  for (const row of directory.rows)
    for (const code of row.industryCodes)
      if (!digits.has(code)) problems.push(`directory ${directory.version} row ${row.id}: industry code ${code} is not in GB/T 4754-2017`);
}

/** The directory in force on a date (YYYY-MM-DD), if any. */
export function directoryInForce(catalogue: EiaCatalogue, date: string): Directory | undefined {
  return catalogue.directories.find((d) => inForce(d, date));
}

/** The exemption list in force on a date for a directory version, if any. */
export function exemptionListInForce(catalogue: EiaCatalogue, directoryVersion: string, date: string): ExemptionList | undefined {
  return catalogue.exemptionLists.find((l) => l.directoryVersion === directoryVersion && inForce(l, date));
}

function inForce(span: { effectiveFrom: string; effectiveTo?: string }, date: string): boolean {
  return span.effectiveFrom <= date && (span.effectiveTo === undefined || date <= span.effectiveTo);
}

// ---- reading one file -------------------------------------------------------------------------------------------

const INDUSTRY_PREFIX = /^\d{2,4}$/;
/** A code as the directory prints it: 2 to 4 digits, "*" for production in an industrial building. */
const PRINTED_CODE = /^(\d{2,4})(\*?)$/;
const DIVISION = /^\d{2}$/;
const ATTRIBUTE_NAME = /^[a-z][A-Za-z0-9]*$/;
const ATTRIBUTE_TYPES: readonly AttributeType[] = ['boolean', 'number', 'string'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeType(spec: AttributeSpec): string {
  return spec.values ? `${spec.type} (${spec.values.join(', ')})` : spec.type;
}

/** Small typed readers that report problems with their path instead of throwing. */
class Reader {
  constructor(
    private readonly problems: string[],
    private readonly path: string,
    readonly obj: Record<string, unknown>,
    allowed: readonly string[],
  ) {
    const stray = Object.keys(obj).filter((key) => !allowed.includes(key));
    if (stray.length > 0) problems.push(`${path}: unknown field(s) ${stray.join(', ')}`);
  }

  at(key: string): string {
    return `${this.path}.${key}`;
  }

  string(key: string): string | undefined {
    const value = this.obj[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
    this.problems.push(`${this.at(key)}: must be a non-empty string`);
    return undefined;
  }

  optionalString(key: string): string | undefined {
    return this.obj[key] === undefined ? undefined : this.string(key);
  }

  date(key: string): string | undefined {
    const value = this.obj[key];
    if (isIsoDate(value)) return value;
    this.problems.push(`${this.at(key)}: must be a date written YYYY-MM-DD, got ${JSON.stringify(value)}`);
    return undefined;
  }

  optionalDate(key: string): string | undefined {
    return this.obj[key] === undefined ? undefined : this.date(key);
  }

  industryCodes(key: string): readonly string[] | undefined {
    const value = this.obj[key];
    if (Array.isArray(value) && value.length > 0) {
      const codes: readonly unknown[] = value;
      if (codes.every((c): c is string => typeof c === 'string' && INDUSTRY_PREFIX.test(c))) return codes;
    }
    this.problems.push(`${this.at(key)}: must be a non-empty array of GB/T 4754 code prefixes of 2 to 4 digits`);
    return undefined;
  }

  /** Codes as the directory prints them ("135", "135*"): the digits, and those marked "*". */
  printedCodes(key: string): { codes: readonly string[]; starred: readonly string[] } | undefined {
    const value = this.obj[key];
    if (Array.isArray(value) && value.length > 0) {
      const list: readonly unknown[] = value;
      const matches = list.map((c) => (typeof c === 'string' ? PRINTED_CODE.exec(c) : null));
      if (matches.every((m): m is RegExpExecArray => m !== null)) {
        return { codes: matches.map((m) => m[1]), starred: matches.filter((m) => m[2] === '*').map((m) => m[1]) };
      }
    }
    this.problems.push(`${this.at(key)}: must be a non-empty array of GB/T 4754 code prefixes of 2 to 4 digits, each optionally marked "*"`);
    return undefined;
  }

  divisions(key: string): readonly string[] {
    const value = this.obj[key];
    if (value === undefined) return [];
    if (Array.isArray(value)) {
      const list: readonly unknown[] = value;
      if (list.every((c): c is string => typeof c === 'string' && DIVISION.test(c)) && new Set(list).size === list.length) return list;
    }
    this.problems.push(`${this.at(key)}: must be an array of distinct 2-digit GB/T 4754 divisions`);
    return [];
  }

  array(key: string): readonly unknown[] | undefined {
    const value = this.obj[key];
    if (Array.isArray(value) && value.length > 0) return value;
    this.problems.push(`${this.at(key)}: must be a non-empty array`);
    return undefined;
  }
}

function reader(problems: string[], path: string, value: unknown, allowed: readonly string[]): Reader | undefined {
  if (isRecord(value)) return new Reader(problems, path, value, allowed);
  problems.push(`${path}: must be an object`);
  return undefined;
}

function readAttributes(r: Reader, problems: string[]): Map<string, EiaAttribute> {
  const attributes = new Map<string, EiaAttribute>();
  const raw = r.obj.attributes;
  if (!isRecord(raw)) {
    problems.push(`${r.at('attributes')}: must be an object mapping attribute names to { type, description }`);
    return attributes;
  }
  for (const [name, value] of Object.entries(raw)) {
    const path = `${r.at('attributes')}.${name}`;
    if (!ATTRIBUTE_NAME.test(name) || name === 'components') {
      problems.push(`${path}: attribute names are camelCase ASCII, and "components" is reserved for compound projects`);
      continue;
    }
    const spec = reader(problems, path, value, ['type', 'description', 'questionEn', 'unit', 'values']);
    if (!spec) continue;
    const type = spec.obj.type;
    const description = spec.string('description');
    const questionEn = spec.optionalString('questionEn');
    const unit = spec.optionalString('unit');
    const values = spec.obj.values;
    if (typeof type !== 'string' || !(ATTRIBUTE_TYPES as readonly string[]).includes(type)) {
      problems.push(`${path}.type: must be one of ${ATTRIBUTE_TYPES.join(', ')}`);
      continue;
    }
    const attributeType = type as AttributeType;
    let allowed: readonly string[] | undefined;
    if (values !== undefined) {
      const list: readonly unknown[] = Array.isArray(values) ? values : [];
      if (attributeType !== 'string' || list.length === 0 || !list.every((v): v is string => typeof v === 'string')) {
        problems.push(`${path}.values: only string attributes take values, a non-empty array of strings`);
        continue;
      }
      allowed = list.filter((v): v is string => typeof v === 'string');
    }
    if (unit !== undefined && attributeType !== 'number') problems.push(`${path}.unit: only number attributes take a unit`);
    if (description !== undefined)
      attributes.set(name, {
        type: attributeType,
        description,
        ...(questionEn ? { questionEn } : {}),
        ...(unit && attributeType === 'number' ? { unit } : {}),
        ...(allowed ? { values: allowed } : {}),
      });
  }
  return attributes;
}

function readCategoryRule(
  r: Reader,
  key: CategoryColumn | 'selectWhen',
  attributes: ReadonlyMap<string, AttributeSpec>,
  problems: string[],
): CategoryRule | undefined {
  if (r.obj[key] === undefined) return undefined;
  const rule = reader(problems, r.at(key), r.obj[key], ['text', 'when']);
  if (!rule) return undefined;
  const text = rule.string('text');
  const when = parseCondition(rule.obj.when, rule.at('when'), { attributes }, problems);
  return text !== undefined && when !== undefined ? { text, when } : undefined;
}

const DIRECTORY_FIELDS = [
  'version',
  'title',
  'source',
  'effectiveFrom',
  'effectiveTo',
  'note',
  'outsideDirectory',
  'compoundRule',
  'completeIndustries',
  'attributes',
  'rows',
];
const ROW_FIELDS = [
  'id',
  'directoryNo',
  'industry',
  'industryCodes',
  'codeNote',
  'sensitiveAreaMeaning',
  'item',
  'capacityUnit',
  'selectWhen',
  'reportBook',
  'reportTable',
  'registration',
];

function readDirectory(file: EiaDataFile, problems: string[]): Directory | undefined {
  const r = reader(problems, file.source, file.data, DIRECTORY_FIELDS);
  if (!r) return undefined;
  const version = r.string('version');
  const title = r.string('title');
  const source = r.string('source');
  const effectiveFrom = r.date('effectiveFrom');
  const effectiveTo = r.optionalDate('effectiveTo');
  const note = r.optionalString('note');
  const outsideDirectory = r.string('outsideDirectory');
  const compoundRule = r.string('compoundRule');
  const completeIndustries = r.divisions('completeIndustries');
  if (effectiveFrom && effectiveTo && effectiveTo < effectiveFrom)
    problems.push(`${r.at('effectiveTo')}: ${effectiveTo} is before effectiveFrom ${effectiveFrom}`);
  const attributes = readAttributes(r, problems);

  const rows: DirectoryRow[] = [];
  const ids = new Set<string>();
  // prefix → the rows claiming it, and whether each has a selector
  const prefixes = new Map<string, { id: string; selected: boolean }[]>();
  let lastNo = 0;
  (r.array('rows') ?? []).forEach((raw, i) => {
    const row = reader(problems, `${r.at('rows')}[${i}]`, raw, ROW_FIELDS);
    if (!row) return;
    const id = row.string('id');
    const industry = row.string('industry');
    const item = row.string('item');
    const printed = row.printedCodes('industryCodes');
    const industryCodes = printed?.codes;
    const capacityUnit = row.optionalString('capacityUnit');
    const codeNote = row.optionalString('codeNote');
    const sensitiveAreaMeaning = row.optionalString('sensitiveAreaMeaning');
    const directoryNo = row.obj.directoryNo;
    if (directoryNo !== undefined && !(Number.isInteger(directoryNo) && typeof directoryNo === 'number' && directoryNo > 0)) {
      problems.push(`${row.at('directoryNo')}: must be a positive integer`);
    } else if (typeof directoryNo === 'number') {
      // One row per directory item, in the directory's order: numbers are unique and increasing.
      if (directoryNo <= lastNo)
        problems.push(`${row.at('directoryNo')}: ${directoryNo} does not follow ${lastNo}; rows go in the directory's order, one per item`);
      lastNo = Math.max(lastNo, directoryNo);
    }
    const [reportBook, reportTable, registration] = CATEGORY_COLUMNS.map(([key]) => readCategoryRule(row, key, attributes, problems));
    const selectWhen = readCategoryRule(row, 'selectWhen', attributes, problems);
    if (CATEGORY_COLUMNS.every(([key]) => row.obj[key] === undefined)) {
      problems.push(`${`${r.at('rows')}[${i}]`}: a row needs at least one of reportBook, reportTable, registration`);
    }
    if (id !== undefined) {
      if (ids.has(id)) problems.push(`${row.at('id')}: "${id}" is used by another row`);
      ids.add(id);
    }
    for (const code of industryCodes ?? []) {
      const claims = prefixes.get(code) ?? [];
      claims.push({ id: id ?? `#${i}`, selected: row.obj.selectWhen !== undefined });
      prefixes.set(code, claims);
    }
    if (id && industry && item && industryCodes) {
      rows.push({
        id,
        ...(typeof directoryNo === 'number' ? { directoryNo } : {}),
        industry,
        industryCodes,
        industrialBuildingOnly: printed?.starred ?? [],
        ...(codeNote ? { codeNote } : {}),
        ...(sensitiveAreaMeaning ? { sensitiveAreaMeaning } : {}),
        item,
        ...(capacityUnit ? { capacityUnit } : {}),
        ...(selectWhen ? { selectWhen } : {}),
        ...(reportBook ? { reportBook } : {}),
        ...(reportTable ? { reportTable } : {}),
        ...(registration ? { registration } : {}),
      });
    }
  });

  // A code leads to one row, or to rows that each say when they apply (selectWhen).
  for (const [code, claims] of prefixes) {
    if (claims.length > 1 && claims.some((c) => !c.selected))
      problems.push(
        `${r.at('rows')}: prefix ${code} is claimed by rows ${claims.map((c) => c.id).join(', ')}; rows that share a code must each have selectWhen`,
      );
  }

  // A directory with problems is still returned when its version and start are readable, so that the checks of
  // the exemption lists that refer to it do not pile up follow-on errors; loadEiaCatalogue throws anyway.
  if (!version || !effectiveFrom) return undefined;
  return {
    version,
    title: title ?? '',
    source: source ?? '',
    effectiveFrom,
    ...(effectiveTo ? { effectiveTo } : {}),
    ...(note ? { note } : {}),
    outsideDirectory: outsideDirectory ?? '',
    compoundRule: compoundRule ?? '',
    completeIndustries,
    attributes,
    rows,
  };
}

const LIST_FIELDS = ['version', 'title', 'directoryVersion', 'effectiveFrom', 'effectiveTo', 'note', 'attributes', 'entries'];
const ENTRY_FIELDS = ['id', 'title', 'industryCodes', 'when', 'appliesUpTo'];
const CEILINGS: readonly ExemptionCeiling[] = ['registration', 'report_table'];

function readExemptionList(
  file: EiaDataFile,
  directories: readonly Directory[],
  unreadable: ReadonlySet<unknown>,
  problems: string[],
): ExemptionList | undefined {
  const r = reader(problems, file.source, file.data, LIST_FIELDS);
  if (!r) return undefined;
  const version = r.string('version');
  const title = r.string('title');
  const directoryVersion = r.string('directoryVersion');
  const effectiveFrom = r.date('effectiveFrom');
  const effectiveTo = r.optionalDate('effectiveTo');
  const note = r.optionalString('note');
  const own = readAttributes(r, problems);

  const directory = directories.find((d) => d.version === directoryVersion);
  // A directory that could not be read has its own problems listed; checking against it would only add noise.
  if (!directory && unreadable.has(directoryVersion)) return undefined;
  if (directoryVersion !== undefined && !directory) {
    problems.push(`${r.at('directoryVersion')}: no directory has version "${directoryVersion}"`);
  }
  if (directory && effectiveFrom) {
    const end = effectiveTo ?? '9999-12-31';
    const directoryEnd = directory.effectiveTo ?? '9999-12-31';
    if (effectiveFrom < directory.effectiveFrom || end > directoryEnd) {
      problems.push(
        `${file.source}: effective ${effectiveFrom} to ${effectiveTo ?? 'open'} lies outside directory ${directory.version} (${directory.effectiveFrom} to ${directory.effectiveTo ?? 'open'})`,
      );
    }
  }
  const attributes = new Map([...(directory?.attributes ?? []), ...own]);

  const entries: ExemptionEntry[] = [];
  const ids = new Set<string>();
  (r.array('entries') ?? []).forEach((raw, i) => {
    const entry = reader(problems, `${r.at('entries')}[${i}]`, raw, ENTRY_FIELDS);
    if (!entry) return;
    const id = entry.string('id');
    const entryTitle = entry.string('title');
    const industryCodes = entry.industryCodes('industryCodes');
    const when = parseCondition(entry.obj.when, entry.at('when'), { attributes }, problems);
    const ceiling = entry.obj.appliesUpTo;
    if (!CEILINGS.some((c) => c === ceiling)) {
      problems.push(`${entry.at('appliesUpTo')}: must be one of ${CEILINGS.join(', ')} (a local list never exempts a report book)`);
    }
    if (id !== undefined) {
      if (ids.has(id)) problems.push(`${entry.at('id')}: "${id}" is used by another entry`);
      ids.add(id);
    }
    if (id && entryTitle && industryCodes && when && (ceiling === 'registration' || ceiling === 'report_table')) {
      entries.push({ id, title: entryTitle, industryCodes, when, appliesUpTo: ceiling });
    }
  });

  if (!version || !directoryVersion || !effectiveFrom) return undefined;
  return {
    version,
    title: title ?? '',
    directoryVersion,
    effectiveFrom,
    ...(effectiveTo ? { effectiveTo } : {}),
    ...(note ? { note } : {}),
    attributes: own,
    entries,
  };
}

/** Versions are unique and, sorted by start, each span ends before the next begins. */
function checkVersionsAndRanges(spans: readonly { version: string; effectiveFrom: string; effectiveTo?: string }[], what: string, problems: string[]): void {
  const seen = new Set<string>();
  spans.forEach((span, i) => {
    if (seen.has(span.version)) problems.push(`${what}: version "${span.version}" appears twice`);
    seen.add(span.version);
    const next = spans[i + 1];
    if (next && (span.effectiveTo === undefined || span.effectiveTo >= next.effectiveFrom)) {
      problems.push(
        `${what}: ${span.version} (${span.effectiveFrom} to ${span.effectiveTo ?? 'open'}) overlaps ${next.version} (from ${next.effectiveFrom}); a date must select one version`,
      );
    }
  });
}
