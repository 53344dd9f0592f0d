import { LICENSE_TYPES, LicenseType, Limit } from '@permits/contracts/enums';

/** The figures the bureau publishes (DOMAIN.md "What the bureau reported"), computed from live data. */
export interface BusinessEnvironmentReport {
  from: string;
  to: string;
  /** Active service items of the catalog (as of now, not of the range). */
  serviceItems: number;
  subItems: number;
  fullyOnlineSubItems: number;
  /** fullyOnlineSubItems / subItems; null without sub-items. */
  fullyOnlineShare: number | null;
  /** See singleWindowAcceptance. */
  singleWindowAcceptanceRate: number | null;
  singleWindowAcceptance: { accepted: number; notAccepted: number; decided: number };
  /** Mean over sub-items of 1 − committed/statutory (see compressionOf). */
  averageCompression: number | null;
  compressionSubItems: number;
  byLicenseType: LicenceFigures[];
}

export interface LicenceFigures {
  licenseType: LicenseType;
  /** Cases decided (approved or denied) in the range; withdrawals are not decisions. */
  decided: number;
  approved: number;
  denied: number;
  /** Mean elapsedDays (days that count toward the limit, in the committed limit's unit) of the decided cases. */
  averageDaysUsed: number | null;
  /** Mean daysSaved (statutory limit − days used) of the decided cases. */
  averageDaysSaved: number | null;
  /** Share of the decided cases decided within the committed limit. */
  withinCommittedShare: number | null;
}

export interface CatalogSubItemFacts {
  fullyOnline: boolean;
  statutoryLimit: Limit;
  committedLimit: Limit;
}

export interface DecidedCase {
  licenseType: LicenseType;
  status: 'approved' | 'denied';
  elapsedDays: number | null;
  daysSaved: number | null;
  withinCommitted: boolean | null;
}

export interface AcceptanceDecisions {
  accepted: number;
  notAccepted: number;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
const ratio = (n: number, d: number) => (d === 0 ? null : round(n / d));
const mean = (xs: number[]) => (xs.length === 0 ? null : round(xs.reduce((a, b) => a + b, 0) / xs.length));

/**
 * How much shorter the committed limit is than the statutory one: 1 − committed/statutory, or null when
 * the two are not comparable (different units) or there is no statutory span (filings answered at once).
 */
export function compressionOf(sub: Pick<CatalogSubItemFacts, 'statutoryLimit' | 'committedLimit'>): number | null {
  if (sub.statutoryLimit.unit !== sub.committedLimit.unit || sub.statutoryLimit.days <= 0) return null;
  return 1 - sub.committedLimit.days / sub.statutoryLimit.days;
}

/**
 * Builds the report from the catalog (items and their sub-items), the acceptance decisions made in the
 * range and the cases decided in the range.
 *
 * Single-window acceptance rate: every application reaches the bureau through the one online window
 * (the portal, or the national EIA system feeding the same window), and the window's acceptance task
 * decides it: accepted, or not accepted. The rate is
 *
 *     applications accepted at the window / applications whose acceptance was decided (accepted + not accepted)
 *
 * both counted by the day the acceptance decision was made (Asia/Shanghai) falling in [from, to]. A
 * correction request is not a decision (the case returns to the window), and an application withdrawn
 * before acceptance was never decided: neither is counted. null when nothing was decided.
 */
export function businessEnvironmentReport(input: {
  from: string;
  to: string;
  items: { subItems: CatalogSubItemFacts[] }[];
  acceptance: AcceptanceDecisions;
  decided: DecidedCase[];
}): BusinessEnvironmentReport {
  const subs = input.items.flatMap((i) => i.subItems);
  const online = subs.filter((s) => s.fullyOnline).length;
  const compressions = subs.map(compressionOf).filter((c): c is number => c !== null);
  const { accepted, notAccepted } = input.acceptance;
  return {
    from: input.from,
    to: input.to,
    serviceItems: input.items.length,
    subItems: subs.length,
    fullyOnlineSubItems: online,
    fullyOnlineShare: ratio(online, subs.length),
    singleWindowAcceptanceRate: ratio(accepted, accepted + notAccepted),
    singleWindowAcceptance: { accepted, notAccepted, decided: accepted + notAccepted },
    averageCompression: mean(compressions),
    compressionSubItems: compressions.length,
    byLicenseType: LICENSE_TYPES.map((licenseType) => licenceFigures(licenseType, input.decided.filter((c) => c.licenseType === licenseType))),
  };
}

export function licenceFigures(licenseType: LicenseType, cases: DecidedCase[]): LicenceFigures {
  const timed = cases.filter((c) => c.withinCommitted !== null);
  return {
    licenseType,
    decided: cases.length,
    approved: cases.filter((c) => c.status === 'approved').length,
    denied: cases.filter((c) => c.status === 'denied').length,
    averageDaysUsed: mean(cases.flatMap((c) => (c.elapsedDays === null ? [] : [c.elapsedDays]))),
    averageDaysSaved: mean(cases.flatMap((c) => (c.daysSaved === null ? [] : [c.daysSaved]))),
    withinCommittedShare: ratio(timed.filter((c) => c.withinCommitted).length, timed.length),
  };
}

/** A calendar date YYYY-MM-DD that exists (2026-02-30 does not). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}
