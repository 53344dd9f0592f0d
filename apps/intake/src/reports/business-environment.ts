import { LICENSE_TYPES, LicenseType, Limit, LimitUnit } from '@permits/contracts/enums';
import { toCsv } from '@permits/core';
import { API_CHANNELS, apiChannel, type ApiChannel } from '../counter/counter';

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
  /**
   * received = through the window (portal + counter + national) + handledOutside (the cases the bureau recorded as
   * handled outside the system, POST /api/v1/reports/handled-outside, by the day received).
   */
  singleWindowReceipt: { received: number; throughTheWindow: number; handledOutside: number; byChannel: Record<ApiChannel, number> };
  /** The applications received through the one window in the range, by channel (API.md): portal, counter, national. */
  byChannel: Record<ApiChannel, number>;
  /**
   * Zero-visit and fully-online shares (DOMAIN.md: two figures, from the catalogue and from the cases decided).
   * Catalogue: a sub-item marked fullyOnline needs the enterprise in person at no step, so it is both fully online and
   * zero-visit (the catalogue cannot tell them apart). Decided cases (approved or denied in the range): fully online
   * = of a fully-online sub-item; zero-visit = of those, the ones the enterprise filed online (never at the counter).
   */
  onlineShares: {
    catalogue: { subItems: number; fullyOnline: number; fullyOnlineShare: number | null; zeroVisit: number; zeroVisitShare: number | null };
    decided: { cases: number; fullyOnline: number; fullyOnlineShare: number | null; zeroVisit: number; zeroVisitShare: number | null };
  };
  /** 好差评: the ratings given in the range (by the day rated). */
  ratings: RatingFigures;
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
  /**
   * Mean elapsedDays (days that count toward the limit, in the limit's unit) of the decided cases; null when they
   * mix working-day and calendar-day sub-items (a mean of both counts nothing): see byUnit.
   */
  averageDaysUsed: number | null;
  /** Mean daysSaved of the decided cases; null when they mix units (see byUnit). */
  averageDaysSaved: number | null;
  /** The same means kept apart by the unit of the sub-items' limits. */
  byUnit: Record<LimitUnit, { decided: number; averageDaysUsed: number | null; averageDaysSaved: number | null }>;
  /** Share of the decided cases decided within the committed limit. */
  withinCommittedShare: number | null;
  /** Mean of days used ÷ committed limit (same unit) over the decided cases with a committed limit. */
  averageShareOfCommittedLimitUsed: number | null;
  /** 1 − averageShareOfCommittedLimitUsed: how far under the committed limit they came in ("a further ~70%"). */
  furtherUnderCommitted: number | null;
}

export interface RatingFigures {
  count: number;
  /** mean score, 1 to 5; null without ratings */
  average: number | null;
  /** share of 4 (满意) and 5 (非常满意) */
  satisfiedShare: number | null;
  byScore: Record<'1' | '2' | '3' | '4' | '5', number>;
  /** ratings of 1 or 2, each of which opened a follow-up for the window */
  followUps: number;
}

export function ratingFigures(scores: number[]): RatingFigures {
  const byScore = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const s of scores) if (String(s) in byScore) byScore[String(s) as keyof typeof byScore] += 1;
  return {
    count: scores.length,
    average: mean(scores),
    satisfiedShare: ratio(byScore['4'] + byScore['5'], scores.length),
    byScore,
    followUps: byScore['1'] + byScore['2'],
  };
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
  /** The unit of the sub-item's limits (elapsedDays and daysSaved are counted in it); absent: working days. */
  unit?: LimitUnit;
  /** How it was filed (API channel); absent in older callers: counted as online. */
  channel?: ApiChannel;
  /** The catalogue's fullyOnline of the case's sub-item; absent: unknown, not counted as fully online. */
  fullyOnline?: boolean;
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
  /** Cases recorded as handled outside the system, received in the range. */
  handledOutside?: number;
  /** The scores of the ratings given in the range. */
  ratings?: number[];
}): BusinessEnvironmentReport {
  const subs = input.items.flatMap((i) => i.subItems);
  const online = subs.filter((s) => s.fullyOnline).length;
  const compressions = subs.map(compressionOf).filter((c): c is number => c !== null);
  const { accepted, notAccepted } = input.acceptance;
  const byChannel = Object.fromEntries(API_CHANNELS.map((c) => [c, 0])) as Record<ApiChannel, number>;
  let elsewhere = 0; // a stored channel that is none of the window's: received, not through the window
  for (const [channel, k] of Object.entries(input.receivedByChannel)) {
    if ((WINDOW_CHANNELS as readonly string[]).includes(channel)) byChannel[apiChannel(channel)] += k;
    else elsewhere += k;
  }
  const handledOutside = input.handledOutside ?? 0;
  const throughTheWindow = API_CHANNELS.reduce((n, c) => n + byChannel[c], 0);
  const received = throughTheWindow + elsewhere + handledOutside;
  const decidedOnline = input.decided.filter((c) => c.fullyOnline === true);
  const zeroVisit = decidedOnline.filter((c) => c.channel !== 'counter');
  return {
    from: input.from,
    to: input.to,
    serviceItems: input.items.length,
    subItems: subs.length,
    fullyOnlineSubItems: online,
    fullyOnlineShare: ratio(online, subs.length),
    singleWindowAcceptanceRate: ratio(throughTheWindow, received),
    singleWindowReceipt: { received, throughTheWindow, handledOutside, byChannel: { ...byChannel } },
    byChannel,
    onlineShares: {
      catalogue: {
        subItems: subs.length,
        fullyOnline: online,
        fullyOnlineShare: ratio(online, subs.length),
        zeroVisit: online,
        zeroVisitShare: ratio(online, subs.length),
      },
      decided: {
        cases: input.decided.length,
        fullyOnline: decidedOnline.length,
        fullyOnlineShare: ratio(decidedOnline.length, input.decided.length),
        zeroVisit: zeroVisit.length,
        zeroVisitShare: ratio(zeroVisit.length, input.decided.length),
      },
    },
    ratings: ratingFigures(input.ratings ?? []),
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
  const shareUsed = mean(cases.flatMap((c) => (c.elapsedDays === null || !c.committedDays ? [] : [c.elapsedDays / c.committedDays])));
  const used = (cs: DecidedCase[]) => mean(cs.flatMap((c) => (c.elapsedDays === null ? [] : [c.elapsedDays])));
  const saved = (cs: DecidedCase[]) => mean(cs.flatMap((c) => (c.daysSaved === null ? [] : [c.daysSaved])));
  const inUnit = (u: LimitUnit) => cases.filter((c) => (c.unit ?? 'working') === u);
  const mixed = new Set(cases.map((c) => c.unit ?? 'working')).size > 1;
  const byUnit = Object.fromEntries(
    (['working', 'calendar'] as const).map((u) => [u, { decided: inUnit(u).length, averageDaysUsed: used(inUnit(u)), averageDaysSaved: saved(inUnit(u)) }]),
  ) as LicenceFigures['byUnit'];
  return {
    licenseType,
    decided: cases.length,
    approved: cases.filter((c) => c.status === 'approved').length,
    denied: cases.filter((c) => c.status === 'denied').length,
    averageDaysUsed: mixed ? null : used(cases),
    averageDaysSaved: mixed ? null : saved(cases),
    byUnit,
    withinCommittedShare: ratio(timed.filter((c) => c.withinCommitted).length, timed.length),
    averageShareOfCommittedLimitUsed: shareUsed,
    furtherUnderCommitted: shareUsed === null ? null : round(1 - shareUsed),
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
    ['handledOutside', r.singleWindowReceipt.handledOutside],
    ...Object.entries(r.byChannel).map(([c, n]): [string, unknown] => [`received.${c}`, n]),
    ['catalogue.zeroVisitSubItems', r.onlineShares.catalogue.zeroVisit],
    ['catalogue.zeroVisitShare', r.onlineShares.catalogue.zeroVisitShare],
    ['decided.cases', r.onlineShares.decided.cases],
    ['decided.fullyOnline', r.onlineShares.decided.fullyOnline],
    ['decided.fullyOnlineShare', r.onlineShares.decided.fullyOnlineShare],
    ['decided.zeroVisit', r.onlineShares.decided.zeroVisit],
    ['decided.zeroVisitShare', r.onlineShares.decided.zeroVisitShare],
    ['ratings.count', r.ratings.count],
    ['ratings.average', r.ratings.average],
    ['ratings.satisfiedShare', r.ratings.satisfiedShare],
    ...Object.entries(r.ratings.byScore).map(([k, n]): [string, unknown] => [`ratings.score${k}`, n]),
    ['ratings.followUps', r.ratings.followUps],
    ['acceptedShareOfAcceptanceDecisions', r.acceptedShareOfAcceptanceDecisions],
    ['accepted', r.acceptanceDecisions.accepted],
    ['notAccepted', r.acceptanceDecisions.notAccepted],
    ['averageCompression', r.averageCompression],
    ['compressionSubItems', r.compressionSubItems],
  ];
  for (const [figure, value] of overall) rows.push(['overall', '', figure, value]);
  for (const l of r.byLicenseType) {
    const { licenseType, byUnit, ...figures } = l;
    for (const [figure, value] of Object.entries(figures)) rows.push(['licence', licenseType, figure, value]);
    for (const [unit, f] of Object.entries(byUnit))
      for (const [figure, value] of Object.entries(f)) rows.push(['licence', licenseType, `${unit}.${figure}`, value]);
  }
  if (supervision !== undefined) rows.push(...supervisionCsvRows(supervision));
  return toCsv(rows);
}
