import { LICENSE_TYPES, LicenseType, Limit } from '@permits/contracts/enums';
import { toCsv } from '@permits/core';

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
  /**
   * DOMAIN.md: the share of the applications received in the range that came in through the one window,
   * whatever its channel (portal, counter, national EIA system), over all applications received.
   */
  singleWindowAcceptanceRate: number | null;
  singleWindowReceipt: { received: number; throughTheWindow: number; byChannel: Record<string, number> };
  /** A different figure: accepted ÷ (accepted + not accepted) at the window, by the day it decided (see acceptanceDecisions). */
  acceptedShareOfAcceptanceDecisions: number | null;
  acceptanceDecisions: { accepted: number; notAccepted: number; decided: number };
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
  /** Mean of days used ÷ committed limit (same unit) over the decided cases with a committed limit. */
  averageShareOfCommittedLimitUsed: number | null;
  /** 1 − averageShareOfCommittedLimitUsed: how far under the committed limit they came in ("a further ~70%"). */
  furtherUnderCommitted: number | null;
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
  /** The committed limit's days of the case's sub-item (elapsedDays is counted in its unit). */
  committedDays: number | null;
}

/** The channels of the one window: the online portal, the counter (staff filing for a visitor), the national EIA system. */
export const WINDOW_CHANNELS = ['portal', 'counter', 'national-eia'] as const;

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
 * Builds the report from the catalog (items and their sub-items), the applications received in the
 * range (by channel), the acceptance decisions made in the range and the cases decided in the range.
 *
 * Single-window acceptance rate (DOMAIN.md): applications received through the one window, whatever the
 * channel (WINDOW_CHANNELS), over all applications received, by the day received (Asia/Shanghai) in
 * [from, to]; null when none was received.
 *
 * Kept apart under its own name: accepted ÷ (accepted + not accepted), both by the day the window
 * decided. A correction request is not a decision, nor a withdrawal before acceptance.
 */
export function businessEnvironmentReport(input: {
  from: string;
  to: string;
  items: { subItems: CatalogSubItemFacts[] }[];
  receivedByChannel: Record<string, number>;
  acceptance: AcceptanceDecisions;
  decided: DecidedCase[];
}): BusinessEnvironmentReport {
  const subs = input.items.flatMap((i) => i.subItems);
  const online = subs.filter((s) => s.fullyOnline).length;
  const compressions = subs.map(compressionOf).filter((c): c is number => c !== null);
  const { accepted, notAccepted } = input.acceptance;
  const received = Object.values(input.receivedByChannel).reduce((a, b) => a + b, 0);
  const throughTheWindow = Object.entries(input.receivedByChannel).reduce(
    (n, [channel, k]) => n + ((WINDOW_CHANNELS as readonly string[]).includes(channel) ? k : 0),
    0,
  );
  return {
    from: input.from,
    to: input.to,
    serviceItems: input.items.length,
    subItems: subs.length,
    fullyOnlineSubItems: online,
    fullyOnlineShare: ratio(online, subs.length),
    singleWindowAcceptanceRate: ratio(throughTheWindow, received),
    singleWindowReceipt: { received, throughTheWindow, byChannel: { ...input.receivedByChannel } },
    acceptedShareOfAcceptanceDecisions: ratio(accepted, accepted + notAccepted),
    acceptanceDecisions: { accepted, notAccepted, decided: accepted + notAccepted },
    averageCompression: mean(compressions),
    compressionSubItems: compressions.length,
    byLicenseType: LICENSE_TYPES.map((licenseType) =>
      licenceFigures(
        licenseType,
        input.decided.filter((c) => c.licenseType === licenseType),
      ),
    ),
  };
}

export function licenceFigures(licenseType: LicenseType, cases: DecidedCase[]): LicenceFigures {
  const timed = cases.filter((c) => c.withinCommitted !== null);
  const used = mean(cases.flatMap((c) => (c.elapsedDays === null || !c.committedDays ? [] : [c.elapsedDays / c.committedDays])));
  return {
    licenseType,
    decided: cases.length,
    approved: cases.filter((c) => c.status === 'approved').length,
    denied: cases.filter((c) => c.status === 'denied').length,
    averageDaysUsed: mean(cases.flatMap((c) => (c.elapsedDays === null ? [] : [c.elapsedDays]))),
    averageDaysSaved: mean(cases.flatMap((c) => (c.daysSaved === null ? [] : [c.daysSaved]))),
    withinCommittedShare: ratio(timed.filter((c) => c.withinCommitted).length, timed.length),
    averageShareOfCommittedLimitUsed: used,
    furtherUnderCommitted: used === null ? null : round(1 - used),
  };
}

/**
 * The report as CSV (RFC 4180, one figure a row): `scope,licenseType,figure,value`, scope `overall` for
 * the bureau's figures and `licence` for each licence type's; empty value for a figure with no data.
 */
/**
 * Supervision's figures as CSV rows (scope `supervision`): entities and penalties by figure, inspections by
 * `inspections.<period>.<figure>`; one row `available,false` when supervision did not answer (never a guess).
 * They are supervision's own cases: none of them is counted as a licence above.
 */
export function supervisionCsvRows(figures: Record<string, unknown> | null): unknown[][] {
  if (!figures) return [['supervision', '', 'available', false]];
  const rows: unknown[][] = [];
  const flat = (prefix: string, o: unknown) => {
    if (o && typeof o === 'object' && !Array.isArray(o)) for (const [k, v] of Object.entries(o)) rows.push(['supervision', '', `${prefix}.${k}`, v]);
  };
  flat('entities', figures.entities);
  for (const p of Array.isArray(figures.inspections) ? (figures.inspections as Record<string, unknown>[]) : []) {
    const { period, ...rest } = p;
    for (const [k, v] of Object.entries(rest)) rows.push(['supervision', '', `inspections.${String(period)}.${k}`, v]);
  }
  flat('penalties', figures.penalties);
  return rows;
}

export function reportCsv(r: BusinessEnvironmentReport, supervision?: Record<string, unknown> | null): string {
  const rows: unknown[][] = [['scope', 'licenseType', 'figure', 'value']];
  const overall: [string, unknown][] = [
    ['from', r.from],
    ['to', r.to],
    ['serviceItems', r.serviceItems],
    ['subItems', r.subItems],
    ['fullyOnlineSubItems', r.fullyOnlineSubItems],
    ['fullyOnlineShare', r.fullyOnlineShare],
    ['singleWindowAcceptanceRate', r.singleWindowAcceptanceRate],
    ['received', r.singleWindowReceipt.received],
    ['receivedThroughTheWindow', r.singleWindowReceipt.throughTheWindow],
    ...Object.entries(r.singleWindowReceipt.byChannel).map(([c, n]): [string, unknown] => [`received.${c}`, n]),
    ['acceptedShareOfAcceptanceDecisions', r.acceptedShareOfAcceptanceDecisions],
    ['accepted', r.acceptanceDecisions.accepted],
    ['notAccepted', r.acceptanceDecisions.notAccepted],
    ['averageCompression', r.averageCompression],
    ['compressionSubItems', r.compressionSubItems],
  ];
  for (const [figure, value] of overall) rows.push(['overall', '', figure, value]);
  for (const l of r.byLicenseType) {
    const { licenseType, ...figures } = l;
    for (const [figure, value] of Object.entries(figures)) rows.push(['licence', licenseType, figure, value]);
  }
  if (supervision !== undefined) rows.push(...supervisionCsvRows(supervision));
  return toCsv(rows);
}
