// EIA classification of a construction project: a pure function of the project, the declaration date and the
// catalogue (DOMAIN.md, "EIA classification"):
//   - the directory version in force on the declaration date decides;
//   - a project takes the row with the longest GB/T 4754 prefix of its industry code, and the first of report book,
//     report table, registration whose condition holds; a listed row none of whose conditions holds needs no EIA;
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
import { attributeValueProblem, describeCondition, evaluate, type AttributeValue, type Attributes } from '@permits/workflow/engine';
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

/** The input cannot be classified as it stands (maps to 400); `problems` name each field. */
export class ClassificationInputError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Cannot classify the project: ${problems.join('; ')}`);
    this.name = 'ClassificationInputError';
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

  const directory = directoryInForce(catalogue, declaredOn);
  if (!directory) {
    const known = catalogue.directories.map((d) => `${d.version} (${d.effectiveFrom} to ${d.effectiveTo ?? 'open'})`).join(', ');
    throw new NoDirectoryInForceError(declaredOn, `declaredOn: no classification directory is in force on ${declaredOn} (loaded: ${known})`);
  }
  const exemptions = exemptionListInForce(catalogue, directory.version, declaredOn);

  const uncovered = parts.filter((part) => !findRow(directory, part.digits) && !directory.completeIndustries.includes(part.digits.slice(0, 2)));
  if (uncovered.length > 0) {
    const which = uncovered.map((part) => part.label).join(', ');
    throw new IndustryNotCoveredError(
      directory.version,
      uncovered.map((part) => part.industryCode),
      `the loaded classification directory ${directory.version} does not cover ${which}: no row lists the industry and its division is not loaded in full, so the category is not guessed; ask the EIA section`,
    );
  }

  const results = parts.map((part) => classifyPart(part, directory, exemptions, problems));
  if (problems.length > 0) throw new ClassificationInputError(problems);
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
  const label = numbering ? `component ${numbering} (${code})` : `the main project (${code})`;
  return [{ label, path, industryCode: code, digits: match[2], attributes }, ...components];
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

/** The row with the longest industry-code prefix of the project's code, and that prefix. */
function findRow(directory: Directory, digits: string): { row: DirectoryRow; prefix: string } | undefined {
  let best: { row: DirectoryRow; prefix: string } | undefined;
  for (const row of directory.rows) {
    for (const prefix of row.industryCodes) {
      if (digits.startsWith(prefix) && prefix.length > (best?.prefix.length ?? 0)) best = { row, prefix };
    }
  }
  return best;
}

const INDUSTRIAL_BUILDING = 'industrialBuilding';

function needs(part: Part, missing: readonly string[], why: string): string {
  const fields = missing.map((name) => `${part.path ? `${part.path}.` : ''}attributes.${name}`).join(', ');
  return `${fields} ${missing.length === 1 ? 'is' : 'are'} needed: ${why}`;
}

function classifyPart(part: Part, directory: Directory, exemptions: ExemptionList | undefined, problems: string[]): PartClassification | undefined {
  const base = { industryCode: part.industryCode };
  const found = findRow(directory, part.digits);
  if (!found) {
    // only reached for a division the data holds in full (classify checked coverage first)
    return {
      ...base,
      category: 'exempt',
      rule: `directory ${directory.version}: industry ${part.industryCode} is in no row — ${directory.outsideDirectory}`,
      basis: { kind: 'not_in_directory' },
    };
  }
  const { row, prefix } = found;
  if (row.industrialBuildingOnly.includes(prefix)) {
    const inBuilding = part.attributes[INDUSTRIAL_BUILDING];
    if (inBuilding === undefined) {
      problems.push(needs(part, [INDUSTRIAL_BUILDING], `${rowLabel(directory, row)} lists ${prefix}* — 名录说明4：标“*”号的，指在工业建筑中生产的建设项目`));
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
      problems.push(needs(part, truth.missing, `${rowLabel(directory, row)} decides ${category} by "${ruleText(rule)}"`));
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
  return applyExemptions(part, decided, row, exemptions, problems);
}

/** A listed simple low-risk project needs no EIA procedure, as long as the directory puts it no higher than the entry allows. */
function applyExemptions(
  part: Part,
  decided: PartClassification,
  row: DirectoryRow,
  exemptions: ExemptionList | undefined,
  problems: string[],
): PartClassification | undefined {
  if (!exemptions || decided.category === 'exempt') return decided;
  for (const entry of exemptions.entries) {
    if (CATEGORY_RANK[decided.category] > CATEGORY_RANK[entry.appliesUpTo]) continue;
    if (!entry.industryCodes.some((prefix) => part.digits.startsWith(prefix))) continue;
    const truth = evaluate(entry.when, { attributes: part.attributes });
    if (truth.value === 'unknown') {
      problems.push(needs(part, truth.missing, `exemption list ${exemptions.version} entry ${entry.id} (${entry.title}) may exempt this project`));
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
  const found = findRow(directory, part.digits);
  if (!found) {
    if (directory.completeIndustries.includes(part.digits.slice(0, 2))) {
      return {
        catalogVersion: directory.version,
        categories: ['exempt'],
        rule: `directory ${directory.version}: industry ${part.industryCode} is in no row — ${directory.outsideDirectory}`,
      };
    }
    throw new IndustryNotCoveredError(
      directory.version,
      [part.industryCode],
      `the loaded classification directory ${directory.version} does not cover industry ${part.industryCode}`,
    );
  }
  const { row, prefix } = found;
  const possible = new Set<EiaCategory>();
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
  const exemptions = exemptionListInForce(catalogue, directory.version, declaredOn);
  const exemptable = exemptions?.entries.some(
    (entry) =>
      entry.industryCodes.some((p) => part.digits.startsWith(p)) &&
      evaluate(entry.when, { attributes: part.attributes }).value !== false &&
      [...possible].some((c) => c !== 'exempt' && CATEGORY_RANK[c] <= CATEGORY_RANK[entry.appliesUpTo]),
  );
  if (exemptable) possible.add('exempt');
  const columns = CATEGORY_COLUMNS.flatMap(([column, category]) => {
    const rule = row[column];
    return rule ? [`${category}: ${rule.text}`] : [];
  }).join('; ');
  return {
    catalogVersion: directory.version,
    categories: [...possible].sort((a, b) => CATEGORY_RANK[b] - CATEGORY_RANK[a]),
    rule: `${rowLabel(directory, row)} — ${columns}`,
  };
}
