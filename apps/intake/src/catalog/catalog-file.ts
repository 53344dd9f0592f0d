// The service catalog as a versioned data file (data/catalog.json): its classes, its loader and its figures.
// Shape: API.md "Catalog", plus nameEn, dept, acceptanceLimit, onSiteCheckLimit, yellowWithinDays and limitNote.
// Facts behind the rules: DOMAIN.md "What the bureau reported" (committed limits at least 50% shorter than statutory)
// and "The six licences" (limits and their units); the file's own `conventions` explain the unit choices.
import 'reflect-metadata'; // class-transformer's @Type reads design metadata
import { readFileSync } from 'node:fs';
import { Type, plainToInstance } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
  validateSync,
  type ValidationError,
} from 'class-validator';
import {
  DEPARTMENTS,
  LICENSE_TYPES,
  MANAGEMENT_CATEGORIES,
  type ManagementCategory,
  LIMIT_UNITS,
  SUB_ITEM_KINDS,
  type Dept,
  type LicenseType,
  type Limit,
  type LimitUnit,
  type SubItemKind,
} from '@permits/contracts/enums';
import { FILING_REVIEW_DEPTS, type FilingReviewDept } from '@permits/workflow/definitions';
import { NestedObject, NonEmptyNestedArray } from '@permits/contracts/validation';
import shippedCatalog from './data/catalog.json';

/** Where the shipped file lives in the repository (for messages; the loader imports it so the build carries it). */
export const SHIPPED_CATALOG_SOURCE = 'apps/intake/src/catalog/data/catalog.json';

const ITEM_CODE = /^[A-Z]{2}-\d{3}$/; // HB-001
const SUB_ITEM_CODE = /^[A-Z]{2}-\d{3}-\d{2}$/; // HB-001-01
const MATERIAL_CODE = /^M-[A-Z0-9]+(-[A-Z0-9]+)*$/; // M-HB-001-01-03
const CATALOG_VERSION = /^\d{4}\.\d+$/; // 2026.1
/** The most items, sub-items or materials one list of the file may hold (the 2026 catalog: 14, 5 and 7). */
const CATALOG_LIST_MAX = 500;

export class CatalogLimit implements Limit {
  /** 0 means "at once" and is allowed for filings only (checked by the file rules). */
  @IsInt()
  @Min(0)
  @Max(366)
  days!: number;

  @IsIn(LIMIT_UNITS)
  unit!: LimitUnit;
}

/** Key-management discharge permits: the longer limit when an on-site check is needed (排污许可管理条例第十二条: 45 days). */
export class OnSiteCheckLimit {
  @NestedObject(() => CatalogLimit)
  statutoryLimit!: CatalogLimit;

  @NestedObject(() => CatalogLimit)
  committedLimit!: CatalogLimit;
}

export class CatalogMaterial {
  @Matches(MATERIAL_CODE, { message: '$property must look like M-HB-001-01-01 (upper-case ASCII, digits, hyphens)' })
  code!: string;

  @IsString()
  @IsNotEmpty()
  name!: string;

  @IsBoolean()
  required!: boolean;

  @IsString()
  @IsNotEmpty()
  legalBasis!: string;
}

export class CatalogSubItem {
  @Matches(SUB_ITEM_CODE, { message: '$property must look like HB-001-01' })
  code!: string;

  @IsString()
  @IsNotEmpty()
  name!: string;

  @IsString()
  @IsNotEmpty()
  nameEn!: string;

  @IsIn(SUB_ITEM_KINDS)
  kind!: SubItemKind;

  @NestedObject(() => CatalogLimit)
  statutoryLimit!: CatalogLimit;

  @NestedObject(() => CatalogLimit)
  committedLimit!: CatalogLimit;

  /** Time to accept or ask for corrections; missed, the application counts as accepted on receipt (DOMAIN.md, Stages). */
  @NestedObject(() => CatalogLimit)
  acceptanceLimit!: CatalogLimit;

  @IsOptional()
  @ValidateNested()
  @Type(() => OnSiteCheckLimit)
  onSiteCheckLimit?: OnSiteCheckLimit;

  /** Applied for and answered online with no visit at all. */
  @IsBoolean()
  fullyOnline!: boolean;

  /** Overrides the default yellow threshold (2 counted days before the committed deadline, DOMAIN.md). */
  @IsOptional()
  @IsInt()
  @Min(0)
  yellowWithinDays?: number;

  /** Years what this sub-item grants stays valid (default 5; a hazardous-waste collection licence: 3). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  validityYears?: number;

  /**
   * false: the statutory limit is set by a special law, not by art. 42 of the Administrative License Law, and
   * cannot be extended (the EIA approvals' 60 days, the WEEE qualification's 60 days: DOMAIN.md). Default true.
   */
  @IsOptional()
  @IsBoolean()
  extendable?: boolean;

  /** Discharge permits: the management class the sub-item is for (routes the workflow: registration is issued at once). */
  @IsOptional()
  @IsIn(MANAGEMENT_CATEGORIES)
  managementCategory?: ManagementCategory;

  /** EIA approvals: the document category the sub-item is for (routes the workflow: a registration form is a filing). */
  @IsOptional()
  @IsIn(['report_book', 'report_table', 'registration'])
  eiaCategory?: 'report_book' | 'report_table' | 'registration';

  /**
   * Filings with a limit of their own: the section that reviews them (a routing fact: the case runs the
   * `filing_review.<dept>` definition). Required on every filing whose statutory limit is above 0.
   */
  @IsOptional()
  @IsIn(FILING_REVIEW_DEPTS)
  filingReviewDept?: FilingReviewDept;

  /** Why the limits and units are what they are: the statute, and the reading chosen where it is unsettled. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  limitNote?: string;

  @NonEmptyNestedArray(() => CatalogMaterial, CATALOG_LIST_MAX, 'material')
  materials!: CatalogMaterial[];
}

export class CatalogItem {
  @Matches(ITEM_CODE, { message: '$property must look like HB-001' })
  code!: string;

  @IsString()
  @IsNotEmpty()
  name!: string;

  @IsString()
  @IsNotEmpty()
  nameEn!: string;

  @IsIn(LICENSE_TYPES)
  licenseType!: LicenseType;

  /** The section that leads the review (API.md department codes). */
  @IsIn(DEPARTMENTS)
  dept!: Dept;

  @NonEmptyNestedArray(() => CatalogSubItem, CATALOG_LIST_MAX, 'sub-item')
  subItems!: CatalogSubItem[];
}

export class CatalogFile {
  @Matches(CATALOG_VERSION, { message: '$property must look like 2026.1' })
  version!: string;

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  conventions?: string[];

  @NonEmptyNestedArray(() => CatalogItem, CATALOG_LIST_MAX, 'service item')
  items!: CatalogItem[];
}

/** One error naming every problem of a catalog file, each prefixed with its JSON path. */
export class CatalogFileError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`Catalog file ${source} is invalid (${count}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CatalogFileError';
  }
}

/**
 * Reads and validates a catalog file. Without a path, validates the shipped data/catalog.json (imported, so that the
 * compiled build carries it). Throws a CatalogFileError listing every problem.
 */
export function loadCatalogFile(path?: string): CatalogFile {
  if (path === undefined) return parseCatalogFile(shippedCatalog, SHIPPED_CATALOG_SOURCE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err: unknown) {
    throw new CatalogFileError(path, [`cannot be read: ${messageOf(err)}`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err: unknown) {
    throw new CatalogFileError(path, [`is not JSON: ${messageOf(err)}`]);
  }
  return parseCatalogFile(raw, path);
}

// Not `instanceof Error`: errors thrown by Node's fs can come from another realm (jest's sandbox, for one).
function messageOf(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string') return err.message;
  return String(err);
}

/** Validates parsed JSON as a catalog file: shape (class-validator, unknown fields refused) and the file rules. */
export function parseCatalogFile(raw: unknown, source = 'catalog'): CatalogFile {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new CatalogFileError(source, ['the file must hold a JSON object { "version", "items" }']);
  }
  const file = plainToInstance(CatalogFile, raw);
  const problems = [...flattenErrors(validateSync(file, { whitelist: true, forbidNonWhitelisted: true })), ...catalogRuleProblems(file)];
  if (problems.length > 0) throw new CatalogFileError(source, problems);
  return file;
}

function flattenErrors(errors: readonly ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => `${path}: ${message}`);
    return [...own, ...flattenErrors(error.children ?? [], path)];
  });
}

// The rules below run on the transformed object even when its shape is wrong, so that one run reports every
// problem; each rule looks only at parts whose shape it can trust.

function isLimit(value: unknown): value is Limit {
  if (typeof value !== 'object' || value === null) return false;
  const { days, unit } = value as { days?: unknown; unit?: unknown };
  return Number.isInteger(days) && typeof unit === 'string' && (LIMIT_UNITS as readonly string[]).includes(unit);
}

function list<T>(value: readonly T[] | undefined): readonly T[] {
  return Array.isArray(value) ? value : [];
}

function showLimit(limit: Limit): string {
  return `${limit.days} ${limit.unit} day${limit.days === 1 ? '' : 's'}`;
}

/** committed must be stated in the statutory limit's unit and be at most half of it. */
function compressionProblems(path: string, statutory: unknown, committed: unknown): string[] {
  if (!isLimit(statutory) || !isLimit(committed)) return [];
  if (committed.unit !== statutory.unit) {
    return [`${path}: committed limit is in ${committed.unit} days but the statutory limit in ${statutory.unit} days; state both in one unit`];
  }
  if (committed.days * 2 > statutory.days) {
    return [`${path}: committed ${showLimit(committed)} is more than 50% of the statutory ${showLimit(statutory)}`];
  }
  return [];
}

/** The rules that span fields: unique codes, nested codes, compression, "at once" limits, on-site checks, thresholds. */
export function catalogRuleProblems(file: CatalogFile): string[] {
  const problems: string[] = [];
  const codes = new Map<string, string[]>();
  const note = (code: unknown, path: string): void => {
    if (typeof code === 'string') codes.set(code, [...(codes.get(code) ?? []), path]);
  };

  list(file.items).forEach((item, i) => {
    const itemPath = `items[${i}]`;
    note(item.code, itemPath);
    list(item.subItems).forEach((sub, j) => {
      const path = `${itemPath}.subItems[${j}]`;
      note(sub.code, path);
      list(sub.materials).forEach((material, k) => note(material.code, `${path}.materials[${k}]`));

      if (typeof item.code === 'string' && typeof sub.code === 'string' && !sub.code.startsWith(`${item.code}-`)) {
        problems.push(`${path}.code: "${sub.code}" does not start with its item's code "${item.code}-"`);
      }
      problems.push(...compressionProblems(`${path}.committedLimit`, sub.statutoryLimit, sub.committedLimit));

      if (isLimit(sub.statutoryLimit)) {
        if (sub.statutoryLimit.days === 0 && sub.kind !== 'filing') {
          problems.push(`${path}.statutoryLimit: 0 days ("at once") is only for kind "filing", not "${String(sub.kind)}"`);
        }
        if (sub.kind === 'filing' && sub.statutoryLimit.days > 0 && sub.filingReviewDept === undefined) {
          problems.push(`${path}.filingReviewDept: a filing with a limit is reviewed by a section; name it`);
        }
        if (sub.filingReviewDept !== undefined && (sub.kind !== 'filing' || sub.statutoryLimit.days === 0)) {
          problems.push(`${path}.filingReviewDept: only filings with a limit above 0 are reviewed`);
        }
        if (isLimit(sub.acceptanceLimit) && sub.acceptanceLimit.days === 0 && sub.statutoryLimit.days > 0) {
          problems.push(`${path}.acceptanceLimit: 0 days is only for filings answered at once (statutory limit 0)`);
        }
      }

      if (sub.onSiteCheckLimit !== undefined) {
        const onSite = sub.onSiteCheckLimit;
        if (item.licenseType !== 'discharge_permit') {
          problems.push(`${path}.onSiteCheckLimit: only discharge permits have an on-site-check limit, not "${String(item.licenseType)}"`);
        }
        if (typeof onSite === 'object' && onSite !== null) {
          problems.push(...compressionProblems(`${path}.onSiteCheckLimit.committedLimit`, onSite.statutoryLimit, onSite.committedLimit));
          const base = sub.statutoryLimit;
          const longer = onSite.statutoryLimit;
          if (isLimit(base) && isLimit(longer) && (longer.unit !== base.unit || longer.days <= base.days)) {
            problems.push(
              `${path}.onSiteCheckLimit.statutoryLimit: ${showLimit(longer)} must be longer than the statutory ${showLimit(base)}, in the same unit`,
            );
          }
        }
      }

      const yellow = sub.yellowWithinDays;
      if (typeof yellow === 'number' && isLimit(sub.committedLimit) && yellow > sub.committedLimit.days) {
        problems.push(`${path}.yellowWithinDays: ${yellow} exceeds the committed limit of ${showLimit(sub.committedLimit)}`);
      }
    });
  });

  for (const [code, paths] of codes) {
    if (paths.length > 1) problems.push(`code "${code}" is used ${paths.length} times (codes are unique across the file): ${paths.join(', ')}`);
  }
  return problems;
}

export interface CatalogStats {
  items: number;
  subItems: number;
  fullyOnline: number;
  /** fullyOnline / subItems, from 0 to 1. */
  fullyOnlineShare: number;
  /** Mean of 1 − committed/statutory over sub-items with a statutory limit above 0 ("at once" filings left out). */
  averageCompression: number;
}

interface StatsSubItem {
  fullyOnline: boolean;
  statutoryLimit: Limit;
  committedLimit: Limit;
}

/** The figures the bureau publishes about its catalog (DOMAIN.md: 14 items, 25 sub-items, share fully online). */
export function catalogStats(catalog: { items: readonly { subItems: readonly StatsSubItem[] }[] }): CatalogStats {
  const subItems = catalog.items.flatMap((item) => item.subItems);
  const fullyOnline = subItems.filter((sub) => sub.fullyOnline).length;
  const timed = subItems.filter((sub) => sub.statutoryLimit.days > 0);
  const compression = timed.reduce((sum, sub) => sum + (1 - sub.committedLimit.days / sub.statutoryLimit.days), 0);
  return {
    items: catalog.items.length,
    subItems: subItems.length,
    fullyOnline,
    fullyOnlineShare: subItems.length === 0 ? 0 : fullyOnline / subItems.length,
    averageCompression: timed.length === 0 ? 0 : compression / timed.length,
  };
}
