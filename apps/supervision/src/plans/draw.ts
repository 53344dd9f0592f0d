// The "double random" draw (API.md "Supervision", DOMAIN.md "Supervision"): pure, deterministic, re-runnable by
// anyone from the published seed and inputs. No I/O, no clock, no Math.random.
import { createHash, createHmac, createSecretKey, KeyObject } from 'node:crypto';

export const DRAW_ALGORITHM =
  'double-random/hmac-sha256/v1: entities are grouped (positive list; otherwise by risk class key, general), each group is ' +
  'sorted by hex HMAC-SHA256(key=seed, message=creditCode) ascending and its first ceil(ratio x group size) are drawn; ' +
  'for each drawn entity the active inspectors without a conflict with it are sorted by hex HMAC-SHA256(key=seed, ' +
  'message=creditCode + "|" + userId) ascending and the first inspectorsPerCheck are drawn; a drawn positive-list entity ' +
  'with online monitoring is checked off-site. inputsHash = hex SHA-256 of the canonical JSON of the inputs (keys sorted, ' +
  'entities by creditCode, roster by userId).';

export type RiskClass = 'key' | 'general';
export type DrawGroup = RiskClass | 'positiveList';
export const DRAW_GROUPS: readonly DrawGroup[] = ['key', 'general', 'positiveList'];

export interface DrawEntity {
  creditCode: string;
  riskClass: RiskClass;
  positiveList: boolean;
  onlineMonitoring: boolean;
}

export interface DrawInspector {
  userId: string;
  conflicts: string[];
}

export interface DrawInputs {
  period: string;
  ratios: Record<DrawGroup, number>;
  inspectorsPerCheck: number;
  /** The regulated entities as they stood (active ones only). */
  entities: DrawEntity[];
  /** The active roster as it stood. */
  roster: DrawInspector[];
}

export interface DrawnCheck {
  creditCode: string;
  group: DrawGroup;
  inspectors: string[];
  offSite: boolean;
}

/** The roster cannot staff a check: too few inspectors without a conflict with the entity. */
export class RosterShortError extends Error {
  constructor(
    readonly creditCode: string,
    readonly eligible: number,
    readonly needed: number,
  ) {
    super(`the roster cannot staff the check of ${creditCode}: ${eligible} eligible inspector(s) without a conflict, ${needed} needed`);
  }
}

const hmac = (key: KeyObject, message: string) => createHmac('sha256', key).update(message).digest('hex');

/** The inputs in the one order and shape that is hashed and stored (so the hash never depends on input order). */
export function canonicalInputs(i: DrawInputs): DrawInputs {
  return {
    period: i.period,
    ratios: { key: i.ratios.key, general: i.ratios.general, positiveList: i.ratios.positiveList },
    inspectorsPerCheck: i.inspectorsPerCheck,
    entities: [...i.entities]
      .map((e) => ({ creditCode: e.creditCode, riskClass: e.riskClass, positiveList: e.positiveList, onlineMonitoring: e.onlineMonitoring }))
      .sort((a, b) => cmp(a.creditCode, b.creditCode)),
    roster: [...i.roster].map((r) => ({ userId: r.userId, conflicts: [...new Set(r.conflicts)].sort(cmp) })).sort((a, b) => cmp(a.userId, b.userId)),
  };
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort(cmp)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function inputsHash(i: DrawInputs): string {
  return createHash('sha256')
    .update(canonicalJson(canonicalInputs(i)))
    .digest('hex');
}

export function groupOf(e: DrawEntity): DrawGroup {
  return e.positiveList ? 'positiveList' : e.riskClass;
}

/** How many a group of `size` gives at `ratio`: ceil(ratio × size), never more than the group. */
export function drawCount(ratio: number, size: number): number {
  // (the epsilon keeps 0.07 × 100 = 7.000000000000001 at 7; "+ 0" turns -0 into 0)
  return Math.max(0, Math.min(size, Math.ceil(ratio * size - 1e-9))) + 0;
}

/** The draw itself. Same seed and inputs, same checks, whatever the order the inputs came in. */
export function draw(seed: string, raw: DrawInputs): DrawnCheck[] {
  const inputs = canonicalInputs(raw);
  const key = createSecretKey(Buffer.from(seed, 'utf8'));
  const checks: DrawnCheck[] = [];
  for (const group of DRAW_GROUPS) {
    const members = inputs.entities.filter((e) => groupOf(e) === group);
    const ranked = members.map((e) => ({ e, rank: hmac(key, e.creditCode) })).sort((a, b) => cmp(a.rank, b.rank) || cmp(a.e.creditCode, b.e.creditCode));
    for (const { e } of ranked.slice(0, drawCount(inputs.ratios[group], members.length))) {
      checks.push({
        creditCode: e.creditCode,
        group,
        inspectors: drawInspectors(key, e.creditCode, inputs.roster, inputs.inspectorsPerCheck),
        offSite: e.positiveList && e.onlineMonitoring,
      });
    }
  }
  return checks;
}

function drawInspectors(key: KeyObject, creditCode: string, roster: DrawInspector[], n: number): string[] {
  const eligible = roster.filter((r) => !r.conflicts.includes(creditCode));
  if (eligible.length < n) throw new RosterShortError(creditCode, eligible.length, n);
  return eligible
    .map((r) => ({ id: r.userId, rank: hmac(key, `${creditCode}|${r.userId}`) }))
    .sort((a, b) => cmp(a.rank, b.rank) || cmp(a.id, b.id))
    .slice(0, n)
    .map((r) => r.id);
}

/** What differs between a stored draw and a new one (empty: the same plan). */
export function compareDraws(stored: DrawnCheck[], again: DrawnCheck[]): string[] {
  const diffs: string[] = [];
  const key = (c: DrawnCheck) => `${c.creditCode} ${c.group} ${c.offSite ? 'off-site' : 'on-site'} [${c.inspectors.join(',')}]`;
  const a = stored.map(key);
  const b = again.map(key);
  for (const x of a) if (!b.includes(x)) diffs.push(`stored, not drawn again: ${x}`);
  for (const x of b) if (!a.includes(x)) diffs.push(`drawn again, not stored: ${x}`);
  if (diffs.length === 0 && a.join('\n') !== b.join('\n')) diffs.push('same checks in another order');
  return diffs;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---- the commitment ------------------------------------------------------------------------------

/**
 * How the seed is committed (DOMAIN.md "Supervision": nobody chooses the seed): the service draws 32 bytes from
 * its CSPRNG at the draw and writes them as 64 hex characters; `seedCommitment` is the hex SHA-256 of that text
 * (UTF-8), published at once; the seed itself is revealed once the period has ended.
 */
export const SEED_COMMITMENT =
  'seedCommitment = hex SHA-256 of the seed text (UTF-8); the seed is 32 bytes from a CSPRNG at the draw, written as 64 lowercase hex characters';

export function seedCommitment(seed: string): string {
  return createHash('sha256').update(seed, 'utf8').digest('hex');
}

/** Whether `seed` is the one `commitment` was made to. */
export function matchesCommitment(seed: string, commitment: string): boolean {
  return seedCommitment(seed) === commitment;
}

// ---- the bureau's minimum ratios -------------------------------------------------------------------

export type MinRatios = Partial<Record<DrawGroup, number>>;

/** `key=0.2,general=0.05` (SUPERVISION_MIN_RATIOS) → { key: 0.2, general: 0.05 }; a group not named has no minimum. */
export function parseMinRatios(text: string): MinRatios {
  const out: MinRatios = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, value] = part.split('=');
    if (!(DRAW_GROUPS as readonly string[]).includes(name)) throw new Error(`unknown ratio ${name}`);
    const n = Number(value);
    if (!(n >= 0 && n <= 1)) throw new Error(`ratio ${name} must be between 0 and 1`);
    out[name as DrawGroup] = n;
  }
  return out;
}

/** The ratios of a plan that undercut the minimums, each with what it asked and the minimum (empty: none). */
export function ratiosBelowMinimum(ratios: Record<DrawGroup, number>, minimums: MinRatios): { ratio: DrawGroup; asked: number; minimum: number }[] {
  return DRAW_GROUPS.filter((g) => minimums[g] !== undefined && ratios[g] < minimums[g]!).map((g) => ({ ratio: g, asked: ratios[g], minimum: minimums[g]! }));
}

/** Per class: how many entities the inputs held and how many were drawn (published from the draw on). */
export function drawCounts(inputs: Pick<DrawInputs, 'entities'>, checks: Pick<DrawnCheck, 'group'>[]): Record<DrawGroup, { entities: number; drawn: number }> {
  const counts = { key: { entities: 0, drawn: 0 }, general: { entities: 0, drawn: 0 }, positiveList: { entities: 0, drawn: 0 } };
  for (const e of inputs.entities) counts[groupOf(e)].entities++;
  for (const c of checks) counts[c.group].drawn++;
  return counts;
}
