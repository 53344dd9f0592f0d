// EIA classification of a construction project: a pure function of the project, the declaration date and the
// catalogue (DOMAIN.md, "EIA classification"):
//   - the directory version in force on the declaration date decides;
//   - the industry code must be a GB/T 4754-2017 division, group or class (400 otherwise); a 4-digit code ending in 0
//     whose group has no such class (the 2011 edition's "6510") is read as that group ("651");
//   - a project takes the row with the longest GB/T 4754 prefix of its industry code, and the first of report book,
//     report table, registration whose condition holds; a listed row none of whose conditions holds needs no EIA;
//   - rows that share a code (items listed by project type: ports, railways, marine works, ...) each say when they
//     apply (selectWhen); none applying, a shorter prefix is tried;
//   - a project in no row needs no EIA (2021 名录第五条) only where the loaded data holds every row of its GB/T 4754
//     division (the directory's `completeIndustries`); anywhere else the loaded data does not cover the industry and
//     classify throws IndustryNotCoveredError (422) rather than guess;
//   - a code printed with "*" covers production in an industrial building only (2021 名录说明4);
//   - a date before every loaded version throws NoDirectoryInForceError (422);
//   - a local exemption list in force wins for the simple low-risk projects it lists, up to its ceiling category;
//   - a compound project (attributes.components) takes the highest category of its parts (名录: 跨行业、复合型建设项目).
// A condition that depends on an attribute the project did not state is never guessed: classify throws
// ClassificationInputError naming the attributes it needs.
import type { EiaCategory } from '@permits/contracts/enums';
import { isIsoDate } from '@permits/core';
import { attributeValueProblem, describeCondition, evaluate, type AttributeValue, type Attributes, type Condition } from '@permits/workflow/engine';
import {
  CATEGORY_COLUMNS,
  CATEGORY_RANK,
  directoryInForce,
  exemptionListInForce,
  loadEiaCatalogue,
  type CategoryColumn,
  type CategoryRule,
  type Directory,
  type DirectoryRow,
  type EiaCatalogue,
  type ExemptionList,
} from './eia-catalogue';

/** The facts a project still has to state, by attribute (question) name, and why. */
export interface UnansweredQuestion {
  /** Where in the input (e.g. "attributes" or "attributes.components[0].attributes"). */
  readonly path: string;
  readonly questions: readonly string[];
  readonly why: string;
}

export interface ClassifyInput {
  /** GB/T 4754-2017 code, 2 to 4 digits, optionally led by its section letter (e.g. "C3360"). */
  industryCode: string;
  /** Project facts named by the catalogue's attributes; `components` lists the parts of a compound project. */
  attributes?: Readonly<Record<string, unknown>>;
  /** YYYY-MM-DD; defaults to options.today. */
  declaredOn?: string;
}

export interface ClassifyOptions {
  /** Today's date in China Standard Time (YYYY-MM-DD), given by the caller so that classify stays pure. */
  today: string;
  /** Defaults to the shipped data files. */
  catalogue?: EiaCatalogue;
}

export type ClassificationBasis =
  | { readonly kind: 'directory_row'; readonly rowId: string; readonly column: CategoryColumn }
  | { readonly kind: 'no_condition_met'; readonly rowId: string }
  | { readonly kind: 'not_in_directory' }
  | { readonly kind: 'not_in_industrial_building'; readonly rowId: string }
  | { readonly kind: 'local_exemption'; readonly exemptionList: string; readonly entryId: string; readonly rowId: string; readonly instead: EiaCategory }
  | { readonly kind: 'compound'; readonly decidingPart: number };

export interface PartClassification {
  readonly industryCode: string;
  readonly category: EiaCategory;
  readonly rule: string;
  readonly basis: ClassificationBasis;
}

export interface Classification {
  readonly category: EiaCategory;
  /** The directory version that decided. */
  readonly catalogVersion: string;
  /** Which row and condition decided, in words. */
  readonly rule: string;
  readonly basis: ClassificationBasis;
  readonly declaredOn: string;
  /** The exemption list in force, when there is one. */
  readonly exemptionList?: string;
  /** Compound projects only: the main project first, then each component, in order. */
  readonly parts?: readonly PartClassification[];
}

/**
 * The input cannot be classified as it stands (maps to 400); `problems` name each field, and `unanswered` the
 * questions (GET /api/v1/eia/questions) still to answer.
 */
export class ClassificationInputError extends Error {
  constructor(
    readonly problems: readonly string[],
    readonly unanswered: readonly UnansweredQuestion[] = [],
  ) {
    super(`Cannot classify the project: ${problems.join('; ')}`);
    this.name = 'ClassificationInputError';
  }

  /** Every question still unanswered, by name, once each. */
  get questions(): string[] {
    return [...new Set(this.unanswered.flatMap((u) => u.questions))];
  }
}

/** The loaded directory does not cover an industry of the project (maps to 422 INDUSTRY_NOT_COVERED). */
export class IndustryNotCoveredError extends Error {
  readonly code = 'INDUSTRY_NOT_COVERED';
  constructor(
    readonly catalogVersion: string,
    readonly industryCodes: readonly string[],
    message: string,
  ) {
    super(message);
    this.name = 'IndustryNotCoveredError';
  }
}

/** No loaded directory version is in force on the declaration date (maps to 422 NO_DIRECTORY_IN_FORCE). */
export class NoDirectoryInForceError extends Error {
  readonly code = 'NO_DIRECTORY_IN_FORCE';
  constructor(
    readonly declaredOn: string,
    message: string,
  ) {
    super(message);
    this.name = 'NoDirectoryInForceError';
  }
}

let shipped: EiaCatalogue | undefined;
/** The shipped catalogue, validated once. */
export function shippedEiaCatalogue(): EiaCatalogue {
  shipped ??= loadEiaCatalogue();
  return shipped;
}

export function classify(input: ClassifyInput, options: ClassifyOptions): Classification {
  const catalogue = options.catalogue ?? shippedEiaCatalogue();
  const problems: string[] = [];
  if (!isIsoDate(options.today)) throw new RangeError(`classify: options.today must be YYYY-MM-DD, got ${JSON.stringify(options.today)}`);
  const declaredOn = input.declaredOn ?? options.today;
  if (!isIsoDate(declaredOn)) problems.push(`declaredOn: must be a date written YYYY-MM-DD, got ${JSON.stringify(input.declaredOn)}`);
  const parts = readParts(input, '', '', catalogue, problems);
  if (problems.length > 0) throw new ClassificationInputError(problems);
  const unanswered: UnansweredQuestion[] = [];

  const directory = directoryInForce(catalogue, declaredOn);
  if (!directory) {
    const known = catalogue.directories.map((d) => `${d.version} (${d.effectiveFrom} to ${d.effectiveTo ?? 'open'})`).join(', ');
    throw new NoDirectoryInForceError(declaredOn, `declaredOn: no classification directory is in force on ${declaredOn} (loaded: ${known})`);
  }
  const exemptions = exemptionListInForce(catalogue, directory.version, declaredOn);

  const uncovered = parts.filter((part) => !listsCode(directory, part.digits) && !directory.completeIndustries.includes(part.digits.slice(0, 2)));
  if (uncovered.length > 0) {
    const which = uncovered.map((part) => part.label).join(', ');
    throw new IndustryNotCoveredError(
      directory.version,
      uncovered.map((part) => part.industryCode),
      `the loaded classification directory ${directory.version} does not cover ${which}: no row lists the industry and its division is not loaded in full, so the category is not guessed; ask the EIA section`,
    );
  }

  const results = parts.map((part) => classifyPart(part, directory, exemptions, problems, unanswered));
  if (problems.length > 0) throw new ClassificationInputError(problems, unanswered);
  const decided = results.filter((r): r is PartClassification => r !== undefined);

  const common = { catalogVersion: directory.version, declaredOn, ...(exemptions ? { exemptionList: exemptions.version } : {}) };
  if (decided.length === 1) {
    const [only] = decided;
    return { category: only.category, rule: only.rule, basis: only.basis, ...common };
  }
  // Highest category wins; among equals, the first part (the main project before its components).
  const decidingPart = decided.reduce((best, r, i) => (CATEGORY_RANK[r.category] > CATEGORY_RANK[decided[best].category] ? i : best), 0);
  const winner = decided[decidingPart];
  return {
    category: winner.category,
    rule: `compound project of ${decided.length} parts, the highest category decides (${directory.compoundRule}): ${parts[decidingPart].label} — ${winner.rule}`,
    basis: { kind: 'compound', decidingPart },
    ...common,
    parts: decided,
  };
}

interface Part {
  readonly label: string;
  /** Where the part's fields are in the input, for messages. */
  readonly path: string;
  readonly industryCode: string;
  readonly digits: string;
  readonly attributes: Attributes;
}

const INDUSTRY_CODE = /^([A-T])?(\d{2,4})$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The main project and, depth first, its components ("component 2", "component 2.1"), with their attributes checked
 * against the catalogue.
 */
function readParts(
  input: { industryCode?: unknown; attributes?: unknown },
  path: string,
  numbering: string,
  catalogue: EiaCatalogue,
  problems: string[],
): Part[] {
  const at = (field: string): string => (path ? `${path}.${field}` : field);
  const code = input.industryCode;
  const match = typeof code === 'string' ? INDUSTRY_CODE.exec(code) : null;
  if (!match)
    problems.push(
      `${at('industryCode')}: must be a GB/T 4754 code of 2 to 4 digits, optionally led by its section letter (e.g. "3360" or "C3360"), got ${JSON.stringify(code)}`,
    );

  const raw = input.attributes ?? {};
  const attributes: Record<string, AttributeValue> = {};
  const components: Part[] = [];
  if (!isRecord(raw)) {
    problems.push(`${at('attributes')}: must be an object`);
  } else {
    for (const [name, value] of Object.entries(raw)) {
      const field = `${at('attributes')}.${name}`;
      if (name === 'components') {
        if (!Array.isArray(value) || value.length === 0) {
          problems.push(`${field}: must be a non-empty array of { industryCode, attributes }`);
          continue;
        }
        const list: readonly unknown[] = value;
        list.forEach((component, i) => {
          const number = numbering ? `${numbering}.${i + 1}` : String(i + 1);
          if (isRecord(component)) components.push(...readParts(component, `${field}[${i}]`, number, catalogue, problems));
          else problems.push(`${field}[${i}]: must be an object { industryCode, attributes }`);
        });
        continue;
      }
      const spec = catalogue.attributes.get(name);
      if (!spec) {
        problems.push(`${field}: unknown attribute (known: ${[...catalogue.attributes.keys()].sort().join(', ')})`);
        continue;
      }
      const problem = attributeValueProblem(name, value, spec);
      if (problem) problems.push(`${field}: ${problem}`);
      else attributes[name] = value as AttributeValue;
    }
  }
  if (!match || typeof code !== 'string') return components;
  const digits = gbtDigits(code, match[1], match[2], catalogue, at('industryCode'), problems);
  if (digits === undefined) return components;
  const label = numbering ? `component ${numbering} (${code})` : `the main project (${code})`;
  return [{ label, path, industryCode: code, digits, attributes }, ...components];
}

const sectionsByDigits = new WeakMap<EiaCatalogue, Map<string, string>>();

/**
 * The digits a code stands for in GB/T 4754-2017, checked against the loaded code list (when there is one): a
 * division, group or class that exists, under the section letter given (if any). A 4-digit code ending in 0 whose
 * group exists without that class (the 2011 edition's 6510 软件开发, split in 2017 into 6511-6519) is read as the
 * group. Anything else is a problem naming the field.
 */
function gbtDigits(code: string, letter: string | undefined, digits: string, catalogue: EiaCatalogue, field: string, problems: string[]): string | undefined {
  if (catalogue.industryCodes.size === 0) return digits;
  let sections = sectionsByDigits.get(catalogue);
  if (!sections) {
    sections = new Map([...catalogue.industryCodes.keys()].filter((c) => c.length > 1).map((c) => [c.slice(1), c[0]]));
    sectionsByDigits.set(catalogue, sections);
  }
  const read = sections.has(digits) ? digits : digits.length === 4 && digits.endsWith('0') && sections.has(digits.slice(0, 3)) ? digits.slice(0, 3) : undefined;
  if (read === undefined) {
    problems.push(`${field}: ${JSON.stringify(code)} is not a division, group or class of GB/T 4754-2017`);
    return undefined;
  }
  const section = sections.get(read)!;
  if (letter !== undefined && letter !== section) {
    problems.push(`${field}: ${JSON.stringify(code)} — ${read} is in section ${section} of GB/T 4754-2017, not ${letter}`);
    return undefined;
  }
  return read;
}

function rowLabel(directory: Directory, row: DirectoryRow): string {
  const name =
    row.directoryNo !== undefined && row.id === String(row.directoryNo)
      ? `No. ${row.directoryNo}`
      : row.directoryNo === undefined
        ? `row ${row.id}`
        : `row ${row.id}, No. ${row.directoryNo}`;
  return `directory ${directory.version} ${name} (${row.industry} / ${row.item})`;
}

function ruleText(rule: CategoryRule): string {
  return 'always' in rule.when ? rule.text : `${rule.text} [${describeCondition(rule.when)}]`;
}

/** Whether any row lists a prefix of the code (whatever its selectors say). */
function listsCode(directory: Directory, digits: string): boolean {
  return directory.rows.some((row) => row.industryCodes.some((prefix) => digits.startsWith(prefix)));
}

type Found =
  | { readonly kind: 'row'; readonly row: DirectoryRow; readonly prefix: string }
  /** Rows share the code and the project has not said which applies: their selectors need these attributes. */
  | { readonly kind: 'ask'; readonly prefix: string; readonly rows: readonly DirectoryRow[]; readonly missing: readonly string[] }
  /** No row applies: none lists the code, or the selectors of those that do say no. */
  | { readonly kind: 'none'; readonly declined: readonly DirectoryRow[] };

/**
 * The row for the project: among the rows with the longest prefix of its code, the one without a selector or whose
 * selector holds; when every selector there says no, the next shorter prefix is tried.
 */
function findRow(directory: Directory, digits: string, attributes: Attributes): Found {
  const prefixes = [...new Set(directory.rows.flatMap((row) => row.industryCodes.filter((prefix) => digits.startsWith(prefix))))].sort(
    (a, b) => b.length - a.length,
  );
  const declined: DirectoryRow[] = [];
  for (const prefix of prefixes) {
    const rows = directory.rows.filter((row) => row.industryCodes.includes(prefix));
    const missing: string[] = [];
    const undecided: DirectoryRow[] = [];
    for (const row of rows) {
      if (!row.selectWhen) return { kind: 'row', row, prefix };
      const truth = evaluate(row.selectWhen.when, { attributes });
      if (truth.value === true) return { kind: 'row', row, prefix };
      if (truth.value === 'unknown') {
        missing.push(...truth.missing);
        undecided.push(row);
      } else declined.push(row);
    }
    if (undecided.length > 0) return { kind: 'ask', prefix, rows: undecided, missing: [...new Set(missing)] };
  }
  return { kind: 'none', declined };
}

const INDUSTRIAL_BUILDING = 'industrialBuilding';

/** A problem line naming the unanswered questions (GET /api/v1/eia/questions), recorded for the caller too. */
function needs(part: Part, missing: readonly string[], why: string, unanswered: UnansweredQuestion[]): string {
  const path = `${part.path ? `${part.path}.` : ''}attributes`;
  unanswered.push({ path, questions: [...missing], why });
  const fields = missing.map((name) => `${path}.${name}`).join(', ');
  return `${fields}: unanswered question${missing.length === 1 ? '' : 's'} ${missing.join(', ')} (${why})`;
}

function classifyPart(
  part: Part,
  directory: Directory,
  exemptions: ExemptionList | undefined,
  problems: string[],
  unanswered: UnansweredQuestion[],
): PartClassification | undefined {
  const base = { industryCode: part.industryCode };
  const found = findRow(directory, part.digits, part.attributes);
  if (found.kind === 'ask') {
    const which = found.rows.map((row) => `No. ${row.directoryNo ?? row.id} (${row.selectWhen?.text ?? row.item})`).join('; ');
    problems.push(needs(part, found.missing, `directory ${directory.version} lists ${found.prefix} under ${which}: which applies`, unanswered));
    return undefined;
  }
  if (found.kind === 'none') {
    // only reached for a division the data holds in full (classify checked coverage first)
    const declined = found.declined.length
      ? ` (its code is listed under ${found.declined.map((row) => `No. ${row.directoryNo ?? row.id}`).join(', ')}, which apply only to ${found.declined.map((row) => row.selectWhen?.text).join('; ')})`
      : '';
    return {
      ...base,
      category: 'exempt',
      rule: `directory ${directory.version}: industry ${part.industryCode} is in no item${declined} — ${directory.outsideDirectory}`,
      basis: { kind: 'not_in_directory' },
    };
  }
  const { row, prefix } = found;
  if (row.industrialBuildingOnly.includes(prefix)) {
    const inBuilding = part.attributes[INDUSTRIAL_BUILDING];
    if (inBuilding === undefined) {
      problems.push(
        needs(part, [INDUSTRIAL_BUILDING], `${rowLabel(directory, row)} lists ${prefix}* — 名录说明4：标“*”号的，指在工业建筑中生产的建设项目`, unanswered),
      );
      return undefined;
    }
    if (inBuilding === false) {
      return {
        ...base,
        category: 'exempt',
        rule: `${rowLabel(directory, row)} lists ${prefix}* (名录说明4：标“*”号的，指在工业建筑中生产的建设项目); not produced in an industrial building — ${directory.outsideDirectory}`,
        basis: { kind: 'not_in_industrial_building', rowId: row.id },
      };
    }
  }

  let decided: PartClassification | undefined;
  for (const [column, category] of CATEGORY_COLUMNS) {
    const rule = row[column];
    if (!rule) continue;
    const truth = evaluate(rule.when, { attributes: part.attributes });
    if (truth.value === 'unknown') {
      problems.push(needs(part, truth.missing, `${rowLabel(directory, row)} decides ${category} by "${rule.text}"`, unanswered));
      return undefined;
    }
    if (truth.value) {
      decided = {
        ...base,
        category,
        rule: `${rowLabel(directory, row)}: ${category} — ${ruleText(rule)}`,
        basis: { kind: 'directory_row', rowId: row.id, column },
      };
      break;
    }
  }
  if (!decided) {
    const tried = CATEGORY_COLUMNS.flatMap(([column, category]) => {
      const rule = row[column];
      return rule ? [`${category}: ${rule.text}`] : [];
    }).join('; ');
    return {
      ...base,
      category: 'exempt',
      rule: `${rowLabel(directory, row)}: none of its conditions holds (${tried}) — no EIA procedure`,
      basis: { kind: 'no_condition_met', rowId: row.id },
    };
  }
  return applyExemptions(part, decided, row, exemptions, problems, unanswered);
}

/** A listed simple low-risk project needs no EIA procedure, as long as the directory puts it no higher than the entry allows. */
function applyExemptions(
  part: Part,
  decided: PartClassification,
  row: DirectoryRow,
  exemptions: ExemptionList | undefined,
  problems: string[],
  unanswered: UnansweredQuestion[],
): PartClassification | undefined {
  if (!exemptions || decided.category === 'exempt') return decided;
  for (const entry of exemptions.entries) {
    if (CATEGORY_RANK[decided.category] > CATEGORY_RANK[entry.appliesUpTo]) continue;
    if (!entry.industryCodes.some((prefix) => part.digits.startsWith(prefix))) continue;
    const truth = evaluate(entry.when, { attributes: part.attributes });
    if (truth.value === 'unknown') {
      problems.push(needs(part, truth.missing, `exemption list ${exemptions.version} entry ${entry.id} (${entry.title}) may exempt this project`, unanswered));
      return undefined;
    }
    if (truth.value) {
      return {
        industryCode: part.industryCode,
        category: 'exempt',
        rule: `local exemption list ${exemptions.version} entry ${entry.id} (${entry.title}) [${describeCondition(entry.when)}]: exempt, instead of ${decided.rule}`,
        basis: { kind: 'local_exemption', exemptionList: exemptions.version, entryId: entry.id, rowId: row.id, instead: decided.category },
      };
    }
  }
  return decided;
}

export interface PossibleCategories {
  readonly catalogVersion: string;
  /** Every category the directory can give this project on the facts stated, highest first (one when they decide). */
  readonly categories: readonly EiaCategory[];
  /** The row and its columns, in words. */
  readonly rule: string;
}

/**
 * What the directory in force can say of a project whose facts may be incomplete (a national declaration carries
 * only its industry): a column whose condition is unknown is possible, one that holds ends the search, and "exempt"
 * is possible where no column needs to hold, where a "*" code may be outside an industrial building, or where the
 * local exemption list may apply. Throws NoDirectoryInForceError and IndustryNotCoveredError as classify does.
 */
export function possibleCategories(
  input: Omit<ClassifyInput, 'attributes'> & { attributes?: Readonly<Record<string, AttributeValue>> },
  options: ClassifyOptions,
): PossibleCategories {
  const catalogue = options.catalogue ?? shippedEiaCatalogue();
  const declaredOn = input.declaredOn ?? options.today;
  const problems: string[] = [];
  const [part] = readParts({ industryCode: input.industryCode, attributes: input.attributes ?? {} }, '', '', catalogue, problems);
  if (!part || problems.length > 0 || !isIsoDate(declaredOn))
    throw new ClassificationInputError(problems.length > 0 ? problems : [`declaredOn: must be a date written YYYY-MM-DD`]);
  const directory = directoryInForce(catalogue, declaredOn);
  if (!directory) throw new NoDirectoryInForceError(declaredOn, `declaredOn: no classification directory is in force on ${declaredOn}`);
  const found = findRow(directory, part.digits, part.attributes);
  if (found.kind === 'none') {
    if (directory.completeIndustries.includes(part.digits.slice(0, 2))) {
      return {
        catalogVersion: directory.version,
        categories: ['exempt'],
        rule: `directory ${directory.version}: industry ${part.industryCode} is in no item — ${directory.outsideDirectory}`,
      };
    }
    throw new IndustryNotCoveredError(
      directory.version,
      [part.industryCode],
      `the loaded classification directory ${directory.version} does not cover industry ${part.industryCode}`,
    );
  }
  // rows that share the code and have not been told apart: any of them may apply, or none (exempt)
  const candidates = found.kind === 'row' ? [{ row: found.row, prefix: found.prefix }] : found.rows.map((row) => ({ row, prefix: found.prefix }));
  const possible = new Set<EiaCategory>(found.kind === 'ask' ? ['exempt'] : []);
  for (const { row, prefix } of candidates) {
    if (row.industrialBuildingOnly.includes(prefix) && part.attributes[INDUSTRIAL_BUILDING] !== true) possible.add('exempt');
    let decided = false;
    for (const [column, category] of CATEGORY_COLUMNS) {
      const rule = row[column];
      if (!rule) continue;
      const truth = evaluate(rule.when, { attributes: part.attributes });
      if (truth.value === false) continue;
      possible.add(category);
      if (truth.value === true) {
        decided = true;
        break;
      }
    }
    if (!decided) possible.add('exempt');
  }
  const exemptions = exemptionListInForce(catalogue, directory.version, declaredOn);
  const exemptable = exemptions?.entries.some(
    (entry) =>
      entry.industryCodes.some((p) => part.digits.startsWith(p)) &&
      evaluate(entry.when, { attributes: part.attributes }).value !== false &&
      [...possible].some((c) => c !== 'exempt' && CATEGORY_RANK[c] <= CATEGORY_RANK[entry.appliesUpTo]),
  );
  if (exemptable) possible.add('exempt');
  const rule = candidates
    .map(({ row }) => {
      const columns = CATEGORY_COLUMNS.flatMap(([column, category]) => {
        const r = row[column];
        return r ? [`${category}: ${r.text}`] : [];
      }).join('; ');
      return `${rowLabel(directory, row)} — ${columns}`;
    })
    .join(' | ');
  return {
    catalogVersion: directory.version,
    categories: [...possible].sort((a, b) => CATEGORY_RANK[b] - CATEGORY_RANK[a]),
    rule,
  };
}

/** One fact the classification of an industry may need, as a portal renders it (API.md "EIA"). */
export interface EiaQuestion {
  /** The attribute to send in `attributes` of POST /api/v1/eia/classify. */
  readonly name: string;
  readonly type: 'boolean' | 'enum' | 'number';
  /** enum: the values to choose from. */
  readonly values?: readonly string[];
  /** number: its unit. */
  readonly unit?: string;
  readonly question: string;
  readonly questionEn: string;
}

function attributesOf(condition: Condition, into: string[]): string[] {
  if ('attr' in condition) into.push(condition.attr);
  else if ('not' in condition) attributesOf(condition.not, into);
  else if ('all' in condition) condition.all.forEach((c) => attributesOf(c, into));
  else if ('any' in condition) condition.any.forEach((c) => attributesOf(c, into));
  return into;
}

/**
 * Every question the classification of an industry can ask, by the directory in force on `declaredOn`: the
 * selectors of the rows that list its code (which item it is), the "*" of an industrial building, each column's
 * conditions, and the local exemption list's entries for it; in that order, each once. An industry no row lists
 * needs none (it is outside the directory, art. 5). Throws as classify does for a code or date it cannot read
 * (ClassificationInputError), a date before every version and an industry the data does not cover.
 */
export function questionsFor(input: { industryCode: string; declaredOn?: string }, options: ClassifyOptions): EiaQuestion[] {
  const catalogue = options.catalogue ?? shippedEiaCatalogue();
  const declaredOn = input.declaredOn ?? options.today;
  const problems: string[] = [];
  if (!isIsoDate(declaredOn)) problems.push(`declaredOn: must be a date written YYYY-MM-DD, got ${JSON.stringify(input.declaredOn)}`);
  const [part] = readParts({ industryCode: input.industryCode, attributes: {} }, '', '', catalogue, problems);
  if (!part || problems.length > 0) throw new ClassificationInputError(problems);
  const directory = directoryInForce(catalogue, declaredOn);
  if (!directory) throw new NoDirectoryInForceError(declaredOn, `declaredOn: no classification directory is in force on ${declaredOn}`);
  if (!listsCode(directory, part.digits) && !directory.completeIndustries.includes(part.digits.slice(0, 2)))
    throw new IndustryNotCoveredError(
      directory.version,
      [part.industryCode],
      `the loaded classification directory ${directory.version} does not cover industry ${part.industryCode}`,
    );

  const rows = directory.rows
    .flatMap((row) => row.industryCodes.filter((prefix) => part.digits.startsWith(prefix)).map((prefix) => ({ row, prefix })))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  const names: string[] = [];
  for (const { row } of rows) if (row.selectWhen) attributesOf(row.selectWhen.when, names);
  if (rows.some(({ row, prefix }) => row.industrialBuildingOnly.includes(prefix))) names.push(INDUSTRIAL_BUILDING);
  for (const { row } of rows) for (const [column] of CATEGORY_COLUMNS) if (row[column]) attributesOf(row[column].when, names);
  const exemptions = exemptionListInForce(catalogue, directory.version, declaredOn);
  if (rows.length > 0)
    for (const entry of exemptions?.entries ?? []) if (entry.industryCodes.some((p) => part.digits.startsWith(p))) attributesOf(entry.when, names);

  return [...new Set(names)].map((name) => {
    const spec = catalogue.attributes.get(name)!;
    return {
      name,
      type: spec.type === 'string' ? 'enum' : spec.type,
      ...(spec.values ? { values: [...spec.values] } : {}),
      ...(spec.unit ? { unit: spec.unit } : {}),
      question: spec.description,
      questionEn: spec.questionEn ?? spec.description,
    };
  });
}
