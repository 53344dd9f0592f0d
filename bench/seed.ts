import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource, DataSourceOptions, EntityManager, getMetadataArgsStorage } from 'typeorm';
import type { Clock } from '@permits/clock';
import type { Dept, LicenseType } from '@permits/contracts/enums';
import { Jobs } from '@permits/contracts/jobs';
import { shanghaiDate, WorkingCalendar } from '@permits/workflow/calendar';
import { levelChangeDates, newClock, startClock } from '@permits/workflow/clock';
import { ACCEPTANCE, definitionFor } from '@permits/workflow/definitions';
import type { Command, WorkflowDefinition } from '@permits/workflow/engine';
import { AuditKey, AuditRecords, AuditRow, canonical, CaseEffects, CaseRow, CaseRuntime, HistoryRow, TaskRow, TIMER_KINDS } from '@permits/workflow-runtime';
import { AcceptanceEffects } from '../apps/intake/src/acceptance/acceptance.effects';
import { ApplicationRow } from '../apps/intake/src/applications/application.entity';
import { intakeDataSourceOptions } from '../apps/intake/src/data-source';
import { dischargePermitDataSourceOptions } from '../apps/discharge-permit/src/data-source';
import { DischargeEffects } from '../apps/discharge-permit/src/cases/discharge.effects';
import { APPLICATION_AUDIT_RECORDS } from '../apps/intake/src/applications/application-audit';
import { creditCode } from './support/users';

// Bulk seeding of open discharge-permit cases, consistent with what the runtime writes.
//
// The rows are not invented: a case of each stage (review, countersign, decision) is run once through the
// real CaseRuntime and effects (start, then the task completions) in a transaction on the migrated
// database; the rows it wrote are read back and the transaction is rolled back. Those rows become SQL templates whose ids, times, names and
// credit codes vary per case (replace() on placeholders), and INSERT … SELECT FROM generate_series writes
// them in batches, audit hashes included (the same sha256 chain as auditHash, computed in SQL), so
// `GET /api/v1/audit/verify` holds on a seeded database. Nothing the migrations own is dropped or altered.

export interface SeedOptions {
  db: string;
  cases: number;
  /** the first case number (to add to an earlier seed) */
  offset?: number;
  /** every seeded case was accepted on this Shanghai date; times spread over the hours before `before` */
  acceptedOn?: string;
  /** the latest instant a seeded row carries (default: now); e.g. the manual clock's start */
  before?: string;
  batch?: number;
  /** the discharge-permit sub-item of the seeded cases (default: the first of kind new) */
  subItemCode?: string;
  /** VACUUM (ANALYZE) the seeded tables (default), or only ANALYZE them */
  vacuum?: boolean;
  /** also seed the timers (SLA yellow and red, not yet due) a running clock has */
  timers?: boolean;
  /** also seed the open countersign tasks' own alert timers (due a few working days after the seeded day) */
  taskTimers?: boolean;
  log?: (line: string) => void;
}

export interface SeedResult {
  cases: number;
  seconds: number;
  rows: Record<string, number>;
  stages: Record<string, number>;
  subItemCode: string;
  acceptedOn: string;
  yellowOn: string | null;
  redOn: string | null;
}

/** Share of seeded cases per open step, out of 20: review (pollution), countersign (monitoring, enforcement), decision (approval). */
const STAGE_MIX: { stage: Stage; from: number; to: number }[] = [
  { stage: 'review', from: 0, to: 12 },
  { stage: 'countersign', from: 12, to: 17 },
  { stage: 'decision', from: 17, to: 20 },
];
type Stage = 'review' | 'countersign' | 'decision';

const ENTERPRISES = 5000;
// The template's instants: whole seconds from the start of the seeded acceptance day (Shanghai), set by seed().
// On that day, not a far-off one, because some of what the runtime writes is computed from the day a step ran
// (a countersign task's due date, its timers' days): every seeded case ran its steps on that day too, so those
// dates are right for all of them. The instants themselves are replaced per case (exact ISO strings).
let SENTINEL_BASE = Date.UTC(2026, 0, 5, 0, 0, 0);
const sentinel = (k: number) => new Date(SENTINEL_BASE + k * 1000);
const sentinelIso = (k: number) => sentinel(k).toISOString();

interface SubItem {
  code: string;
  kind: string;
  licenseType: LicenseType;
  statutoryLimit: { days: number; unit: 'working' | 'calendar' };
  committedLimit: { days: number; unit: 'working' | 'calendar' };
  acceptanceLimit: { days: number; unit: 'working' | 'calendar' };
  yellowWithinDays: number;
  extra: Record<string, unknown>;
  materials: { code: string; required: boolean }[];
}

// ---------------------------------------------------------------------------------------------------
// Recording what the runtime writes

function copy(v: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = x instanceof Date || x === null || typeof x !== 'object' ? x : JSON.parse(JSON.stringify(x));
  return out;
}

/** Thrown to roll the template's transaction back once its rows are read. */
class TemplateDone extends Error {
  constructor(readonly template: CaseTemplate) {
    super('template recorded');
  }
}

class SettableClock {
  at = sentinel(0);
  now(): Promise<Date> {
    return Promise.resolve(this.at);
  }
}

/** One case's rows as the runtime writes them, with placeholders where cases differ. */
interface CaseTemplate {
  schema: string;
  caseRow: Record<string, unknown>;
  tasks: Record<string, unknown>[];
  history: Record<string, unknown>[];
  /** pending timers (SLA yellow and red) as the runtime schedules them, when it does */
  timers: Record<string, unknown>[];
  /** canonical audit entries (what auditHash covers), in order, and their stored columns */
  audit: { canonical: string; values: Record<string, unknown> }[];
  taskIds: number;
  times: number;
}

/**
 * Runs a case through the real runtime and effects in a transaction on the migrated database, reads back the
 * rows it wrote (whatever statements wrote them) and rolls the transaction back: nothing stays behind.
 */
async function runTemplate(
  db: string,
  schema: 'intake' | 'discharge_permit',
  def: WorkflowDefinition,
  prefix: 'in' | 'dp',
  effects: (clock: Clock) => CaseEffects,
  script: (rt: CaseRuntime, clock: SettableClock, tx: EntityManager, row: CaseRow) => Promise<void>,
  header: Parameters<CaseRuntime['start']>[1],
  startActor: Command['actor'],
  startInput: Record<string, unknown>,
  prepare?: (tx: EntityManager) => Promise<void>,
): Promise<CaseTemplate> {
  const clock = new SettableClock();
  const calendar = WorkingCalendar.create();
  const timerJob = (Jobs as unknown as { TimerDue?: Record<string, unknown> }).TimerDue?.[prefix === 'in' ? 'intake' : 'discharge'];
  const options = { taskPrefix: prefix, definitions: () => def, calendar: () => calendar, timerJob } as unknown as ConstructorParameters<typeof CaseRuntime>[3];
  const ds = new DataSource({
    ...(schema === 'intake' ? intakeDataSourceOptions(db, undefined, 1, null) : dischargePermitDataSourceOptions(db, undefined, 1, null)),
    migrations: [],
  } as DataSourceOptions);
  await ds.initialize();
  try {
    const rt = new CaseRuntime(ds, clock as unknown as Clock, effects(clock as unknown as Clock), options);
    let n = 0;
    rt.newTaskId = () => `__T${++n}__`;
    await ds.transaction(async (tx) => {
      await prepare?.(tx);
      clock.at = sentinel(0);
      const row = await rt.start(tx, header, startActor, { correlationId: '__CORR__', input: startInput });
      await script(rt, clock, tx, row);
      const where = { caseId: row.id };
      const tasks = await tx.getRepository(TaskRow).find({ where, order: { createdAt: 'ASC', id: 'ASC' } });
      const history = await tx.getRepository(HistoryRow).find({ where, order: { id: 'ASC' } });
      const audit = await tx.getRepository(AuditRow).find({ where, order: { caseSeq: 'ASC' } });
      const timers: Record<string, unknown>[] = await tx.query(
        `SELECT id, case_id AS "caseId", kind, data, due_at AS "dueAt" FROM timers WHERE case_id = $1 AND fired_at IS NULL ORDER BY id`,
        [row.id],
      );
      const values = (r: object) => copy({ ...r });
      throw new TemplateDone({
        schema,
        caseRow: values(row),
        tasks: tasks.map(values),
        history: history.map(values),
        timers: timers.map(values),
        audit: audit.map((v) => ({
          canonical: canonical({ caseId: v.caseId, caseSeq: v.caseSeq, at: v.at.toISOString(), actor: v.actor, action: v.action, payload: v.payload }),
          values: values(v),
        })),
        taskIds: n,
        times: Math.round((clock.at.getTime() - SENTINEL_BASE) / 1000) + 1,
      });
    });
    throw new Error('the template transaction ended without recording');
  } catch (err) {
    if (err instanceof TemplateDone) return err.template;
    throw err;
  } finally {
    await ds.destroy();
  }
}

/** What the applicant's project says beyond its name: the management class, where the sub-item does not fix it. */
function projectExtra(sub: SubItem): Record<string, unknown> {
  return sub.extra.managementCategory ? {} : { managementCategory: 'simplified' };
}

async function dischargeTemplate(db: string, stage: Stage, sub: SubItem, acceptedOn: string): Promise<CaseTemplate> {
  const def = definitionFor('discharge_permit');
  if (!def) throw new Error('no discharge_permit definition');
  const actor = (dept: Dept) => ({ id: `bench-${dept}`, roles: ['officer' as const], dept });
  const complete = async (rt: CaseRuntime, tx: EntityManager, row: CaseRow, dept: Dept) => {
    const task = row.state.tasks.find((t) => t.status === 'open' && t.dept === dept);
    if (!task) throw new Error(`no open ${dept} task in the template case`);
    const input = { taskId: task.id, outcome: 'approve', comment: null };
    await rt.apply(tx, row, { type: 'CompleteTask', taskId: task.id, outcome: 'approve', actor: actor(dept) }, { correlationId: '__CORR__', input });
  };
  const data = { name: '__PROJECT__', ...projectExtra(sub), subItemCode: sub.code, kind: sub.kind, ...sub.extra, applicantName: '__APPNAME__' };
  return runTemplate(
    db,
    'discharge_permit',
    def,
    'dp',
    (clock) => new DischargeEffects(clock),
    async (rt, clock, tx, row) => {
      if (stage === 'review') return;
      clock.at = sentinel(1);
      await complete(rt, tx, row, 'pollution');
      if (stage === 'countersign') return;
      clock.at = sentinel(2);
      await complete(rt, tx, row, 'monitoring');
      clock.at = sentinel(3);
      await complete(rt, tx, row, 'enforcement');
    },
    {
      caseId: '__CASE__',
      definition: def,
      licenseType: 'discharge_permit',
      subItemCode: sub.code,
      applicantCreditCode: '__CC__',
      applicantUserId: '__APPUSER__',
      data,
      clock: startClock(newClock(sub.statutoryLimit, sub.committedLimit), acceptedOn),
      yellowWithinDays: sub.yellowWithinDays,
    },
    { id: 'system:handover', roles: ['admin'] },
    { acceptedOn },
  );
}

async function acceptanceTemplate(db: string, sub: SubItem, receivedOn: string): Promise<CaseTemplate> {
  const catalog = { subItem: async () => ({ ...sub, itemCode: '', position: 0, active: true, fullyOnline: true }) };
  // the applicant's record the acceptance effects read and update (rolled back with the rest)
  const app = {
    id: '__CASE__',
    subItemCode: sub.code,
    licenseType: sub.licenseType,
    creditCode: '__CC__',
    applicantName: '__APPNAME__',
    applicantUserId: '__APPUSER__',
    project: { name: '__PROJECT__', ...projectExtra(sub) },
    materials: [],
    status: 'submitted',
    owner: 'intake',
    channel: 'portal',
    receivedOn,
    acceptedOn: null,
    createdAt: sentinel(0),
    updatedAt: sentinel(0),
  };
  return runTemplate(
    db,
    'intake',
    ACCEPTANCE,
    'in',
    // the application's audit entry is rolled back with the template (the seeded records are adopted at the worker's start)
    (clock) => new AcceptanceEffects(catalog as never, clock, new AuditRecords(new AuditKey(Buffer.from('bench-template')), APPLICATION_AUDIT_RECORDS)),
    async (rt, clock, tx, row) => {
      clock.at = sentinel(1);
      const task = row.state.tasks.find((t) => t.status === 'open');
      if (!task) throw new Error('no acceptance task in the template case');
      await rt.apply(
        tx,
        row,
        { type: 'CompleteTask', taskId: task.id, outcome: 'accept', actor: { id: 'bench-window', roles: ['officer'], dept: 'window' } },
        { correlationId: '__CORR__', input: { taskId: task.id, outcome: 'accept', comment: null } },
      );
    },
    {
      caseId: '__CASE__',
      definition: ACCEPTANCE,
      licenseType: sub.licenseType,
      subItemCode: sub.code,
      applicantCreditCode: '__CC__',
      applicantUserId: '__APPUSER__',
      data: { subItemCode: sub.code },
      clock: null,
    },
    { id: '__APPUSER__', roles: ['applicant'] },
    { subItemCode: sub.code },
    async (tx) => void (await tx.getRepository(ApplicationRow).insert(app as never)),
  );
}

// ---------------------------------------------------------------------------------------------------
// Templates → SQL

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Per-case SQL for each placeholder: columns of the batch's base table. */
function placeholders(t: CaseTemplate): [string, string][] {
  const out: [string, string][] = [
    ['__CASE__', 'b.case_id'],
    ['__CORR__', 'b.corr'],
    ['__PROJECT__', 'b.project'],
    ['__APPNAME__', 'b.app_name'],
    ['__APPUSER__', 'b.app_user'],
    ['__CC__', 'b.cc'],
  ];
  for (let k = 1; k <= t.taskIds; k++) out.push([`__T${k}__`, `b.t${k}_id`]);
  for (let k = 0; k < t.times; k++) out.push([sentinelIso(k), `b.iso${k}`]);
  return out;
}

function textExpr(t: CaseTemplate, s: string): string {
  let expr = lit(s);
  for (const [ph, col] of placeholders(t)) if (s.includes(ph)) expr = `replace(${expr}, ${lit(ph)}, ${col})`;
  const prefix = sentinelIso(0).slice(0, 17); // YYYY-MM-DDTHH:MM: of the sentinel instants
  let rest = s;
  for (let k = 0; k < t.times; k++) rest = rest.split(sentinelIso(k)).join('');
  if (rest.includes(prefix)) throw new Error(`a sentinel instant leaked into a template value: ${s.slice(0, 200)}`);
  return expr;
}

function valueExpr(t: CaseTemplate, v: unknown, type: 'jsonb' | 'timestamptz' | 'date' | 'scalar'): string {
  if (v === null || v === undefined) return type === 'scalar' ? 'NULL' : `NULL::${type}`;
  if (v instanceof Date) {
    const k = Math.round((v.getTime() - SENTINEL_BASE) / 1000);
    if (k >= 0 && k < t.times) return `b.ts${k}`;
    if (v.getTime() >= SENTINEL_BASE && v.getTime() < SENTINEL_BASE + 60_000) throw new Error(`a template time is not a sentinel: ${v.toISOString()}`);
    return `${lit(v.toISOString())}::timestamptz`; // a due time computed from the clock, the same for every case
  }
  if (type === 'jsonb') return `${textExpr(t, JSON.stringify(v))}::jsonb`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return type === 'date' ? `${lit(v)}::date` : textExpr(t, v);
  throw new Error(`unexpected template value ${JSON.stringify(v)}`);
}

const sha = (x: string) => `encode(sha256(convert_to(${x}, 'UTF8')), 'hex')`;

/** The batch's base table: one row per case with its ids, times and audit hash chain. */
function baseSql(t: CaseTemplate, stageFilter: string, timeOf: (k: number) => string): string {
  const cols = [
    `i`,
    `md5('bench-case-' || i)::uuid::text AS case_id`,
    `md5('bench-corr-' || i)::uuid::text AS corr`,
    `'Seeded project ' || i AS project`,
    `'Bench Enterprise ' || (i % ${ENTERPRISES}) AS app_name`,
    `'bench-ent-' || (i % ${ENTERPRISES}) AS app_user`,
    `($3::text[])[1 + i % ${ENTERPRISES}] AS cc`,
  ];
  for (let k = 1; k <= t.taskIds; k++)
    cols.push(`'${t.schema === 'intake' ? 'in' : 'dp'}_' || md5('bench-task-${t.schema}-' || i || '-${k}')::uuid::text AS t${k}_id`);
  for (let k = 0; k < t.times; k++) cols.push(`${timeOf(k)} AS ts${k}`);
  let sql = `SELECT ${cols.join(', ')} FROM generate_series($1::int, $2::int) i WHERE ${stageFilter}`;
  for (let k = 0; k < t.times; k++) sql = `SELECT b.*, to_char(b.ts${k} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS iso${k} FROM (${sql}) b`;
  t.audit.forEach((a, k) => {
    const prev = k === 0 ? `'genesis'` : `b.h${k}`;
    sql = `SELECT b.*, ${sha(`${prev} || '|' || ${textExpr(t, a.canonical)}`)} AS h${k + 1} FROM (${sql}) b`;
  });
  return sql;
}

type ColumnKind = 'jsonb' | 'timestamptz' | 'date' | 'scalar';
type Columns = [property: string, column: string, kind: ColumnKind][];

/**
 * The columns of an entity the runtime writes (from its TypeORM metadata, so a column added later is
 * seeded too), kept to those the database has (a migration not applied yet leaves its columns out).
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for an entity target (a class)
function entityColumns(target: Function, inDb: Set<string>, skip: string[] = []): Columns {
  return getMetadataArgsStorage()
    .columns.filter((c) => c.target === target)
    .map((c): [string, string, ColumnKind] => {
      const type = String(c.options.type ?? '');
      const kind: ColumnKind = type === 'jsonb' ? 'jsonb' : type === 'timestamptz' ? 'timestamptz' : type === 'date' ? 'date' : 'scalar';
      return [c.propertyName, c.options.name ?? c.propertyName, c.mode === 'createDate' ? 'timestamptz' : kind];
    })
    .filter(([, col]) => inDb.has(col) && !skip.includes(col));
}

interface TableColumns {
  cases: Columns;
  tasks: Columns;
}

/** The INSERT statements of one template (the base table `seed_base` holds the batch's cases). */
function insertSql(t: CaseTemplate, cols: TableColumns): string[] {
  const s = t.schema;
  const out: string[] = [];
  const row = (c: Columns, v: Record<string, unknown>) => c.map(([k, , type]) => valueExpr(t, v[k], type)).join(', ');
  out.push(
    `INSERT INTO ${s}.cases (${cols.cases.map((c) => c[1]).join(', ')}, audit_head) SELECT ${row(cols.cases, t.caseRow)}, b.h${t.audit.length} FROM seed_base b`,
  );
  if (t.tasks.length)
    out.push(
      `INSERT INTO ${s}.tasks (${cols.tasks.map((c) => c[1]).join(', ')}) SELECT x.* FROM seed_base b CROSS JOIN LATERAL (VALUES ${t.tasks.map((v) => `(${row(cols.tasks, v)})`).join(', ')}) x`,
    );
  if (t.timers.length) {
    const tv = t.timers.map(
      (v) =>
        `(${valueExpr(t, v.id, 'scalar')}, ${valueExpr(t, v.caseId, 'scalar')}, ${valueExpr(t, v.kind, 'scalar')}, ${valueExpr(t, v.data, 'jsonb')}, ${valueExpr(t, v.dueAt, 'timestamptz')})`,
    );
    out.push(
      `INSERT INTO ${s}.timers (id, case_id, kind, data, due_at, created_at) SELECT x.*, b.ts0 FROM seed_base b CROSS JOIN LATERAL (VALUES ${tv.join(', ')}) x`,
    );
  }
  if (t.history.length) {
    const hv = t.history.map(
      (h) =>
        `(${valueExpr(t, h.caseId, 'scalar')}, ${valueExpr(t, h.at, 'timestamptz')}, ${valueExpr(t, h.actor, 'scalar')}, ${valueExpr(t, h.action, 'scalar')}, ${valueExpr(t, h.detail, 'jsonb')}, ${t.history.indexOf(h)})`,
    );
    out.push(
      `INSERT INTO ${s}.case_history (case_id, at, actor, action, detail) SELECT x.case_id, x.at, x.actor, x.action, x.detail FROM seed_base b CROSS JOIN LATERAL (VALUES ${hv.join(', ')}) x(case_id, at, actor, action, detail, n) ORDER BY b.i, x.n`,
    );
  }
  const av = t.audit.map((a, k) => {
    const v = a.values;
    return `(${valueExpr(t, v.caseId, 'scalar')}, ${v.caseSeq as number}, ${valueExpr(t, v.at, 'timestamptz')}, ${valueExpr(t, v.actor, 'scalar')}, ${valueExpr(t, v.action, 'scalar')}, ${valueExpr(t, v.payload, 'jsonb')}, ${k === 0 ? 'NULL::text' : `b.h${k}`}, b.h${k + 1})`;
  });
  out.push(
    `INSERT INTO ${s}.audit_log (case_id, case_seq, at, actor, action, payload, prev_hash, hash) SELECT x.* FROM seed_base b CROSS JOIN LATERAL (VALUES ${av.join(', ')}) x ORDER BY b.i, x.column2`,
  );
  return out;
}

// ---------------------------------------------------------------------------------------------------

/**
 * The sub-item seeded cases are filed under: `code`, or the first discharge-permit sub-item of kind `new`
 * in catalog order (the key-management permit, whose flow is review → countersign → decision).
 */
async function dischargeSubItem(c: Client, code?: string): Promise<SubItem & { materialsJson: string }> {
  const { rows } = await c.query(
    `SELECT s.code, s.kind, i.license_type, s.statutory_limit, s.committed_limit, s.acceptance_limit, s.yellow_within_days, s.extra, s.materials
       FROM intake.catalog_sub_items s JOIN intake.catalog_items i ON i.code = s.item_code
      WHERE i.license_type = 'discharge_permit' AND s.active AND (s.code = $1 OR ($1 IS NULL AND s.kind = 'new'))
      ORDER BY i.position, s.position LIMIT 1`,
    [code ?? null],
  );
  if (!rows.length) throw new Error(`no discharge-permit sub-item ${code ?? 'of kind new'} in intake.catalog_sub_items: is the database migrated?`);
  if (rows[0].extra?.managementCategory === 'registration') throw new Error(`${rows[0].code} is a registration: it has no open tasks to seed`);
  const r = rows[0];
  const materials = (r.materials as { code: string; required: boolean }[])
    .filter((m) => m.required)
    .map((m, i) => ({ code: m.code, fileName: `${m.code}.pdf`, sha256: (i + 1).toString(16).padStart(64, 'a') }));
  return {
    code: r.code,
    kind: r.kind,
    licenseType: r.license_type,
    statutoryLimit: r.statutory_limit,
    committedLimit: r.committed_limit,
    acceptanceLimit: r.acceptance_limit,
    yellowWithinDays: r.yellow_within_days,
    extra: r.extra ?? {},
    materials: r.materials,
    materialsJson: JSON.stringify(materials),
  };
}

/** Seeds `cases` open discharge-permit cases (and their intake records) into the database at `db`. */
export async function seed(o: SeedOptions): Promise<SeedResult> {
  const log = o.log ?? (() => undefined);
  const started = performance.now();
  const before = new Date(o.before ?? Date.now());
  const acceptedOn = o.acceptedOn ?? shanghaiDate(before);
  SENTINEL_BASE = Date.parse(`${acceptedOn}T00:00:00+08:00`);
  const offset = o.offset ?? 0;
  const batch = o.batch ?? 50_000;
  const c = new Client({ connectionString: o.db });
  // a connection lost mid-seed fails the seed (the query rejects), never the whole bench (an unhandled 'error')
  c.on('error', (err) => log(`seed connection: ${err.message}`));
  await c.connect();
  const rows: Record<string, number> = {};
  const stages: Record<string, number> = {};
  try {
    await c.query(`SET synchronous_commit = off`);
    const sub = await dischargeSubItem(c, o.subItemCode);
    const columnsOf = async (schema: string, table: string) =>
      new Set(
        (await c.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2`, [schema, table])).rows.map(
          (r: { column_name: string }) => r.column_name,
        ),
      );
    const columns = async (schema: string): Promise<TableColumns> => ({
      cases: entityColumns(CaseRow, await columnsOf(schema, 'cases'), ['audit_head']),
      tasks: entityColumns(TaskRow, await columnsOf(schema, 'tasks')),
    });
    const cols = { discharge_permit: await columns('discharge_permit'), intake: await columns('intake') };
    const dp = {
      review: await dischargeTemplate(o.db, 'review', sub, acceptedOn),
      countersign: await dischargeTemplate(o.db, 'countersign', sub, acceptedOn),
      decision: await dischargeTemplate(o.db, 'decision', sub, acceptedOn),
    };
    const intake = await acceptanceTemplate(o.db, sub, acceptedOn);
    if (o.timers === false) for (const t of [...Object.values(dp), intake]) t.timers = [];
    // a countersign task's own alert timers fall due a few working days after the seeded day, which is when the
    // alert path moves the clock to: they would bury its probes under the seeded cases' alerts. Left out unless
    // asked for (the cases' SLA timers, 12 days out, are seeded).
    if (!o.taskTimers)
      for (const t of Object.values(dp)) t.timers = t.timers.filter((x) => x.kind !== TIMER_KINDS.taskYellow && x.kind !== TIMER_KINDS.taskRed);
    const codes = Array.from({ length: ENTERPRISES }, (_, n) => creditCode(n));
    const clockState = startClock(newClock(sub.statutoryLimit, sub.committedLimit), acceptedOn);
    const alerts = levelChangeDates(clockState, WorkingCalendar.create(), { yellowWithinDays: sub.yellowWithinDays }, acceptedOn);

    // Times: every case was accepted on `acceptedOn`; its rows spread over that day's hours before `before`
    // (Shanghai time), the discharge-permit steps a few minutes apart, intake's an hour or two earlier.
    const dayStart = Date.parse(`${acceptedOn}T00:00:00+08:00`);
    const spreadS = Math.max(60, Math.floor((Math.min(before.getTime(), dayStart + 86_400_000) - dayStart) / 1000) - 3 * 3600);
    const caseBase = `(to_timestamp(${(dayStart / 1000).toFixed(0)}) + interval '3 hours' + ((i::bigint * 7919) % ${spreadS}) * interval '1 second')`;
    const dpTime = (k: number) => `(${caseBase} + ${k * 5} * interval '1 minute')`;
    const intakeTime = (k: number) => `(${caseBase} - interval '${2 - k} hours')`;
    const stageOf = (s: Stage) => {
      const m = STAGE_MIX.find((x) => x.stage === s) as (typeof STAGE_MIX)[number];
      return `(i % 20) >= ${m.from} AND (i % 20) < ${m.to}`;
    };

    const count = (table: string, n: number) => (rows[table] = (rows[table] ?? 0) + n);
    for (let lo = offset; lo < offset + o.cases; lo += batch) {
      const hi = Math.min(offset + o.cases, lo + batch) - 1;
      const t0 = performance.now();
      await c.query('BEGIN');
      for (const stage of ['review', 'countersign', 'decision'] as Stage[]) {
        const t = dp[stage];
        await c.query(`CREATE TEMP TABLE seed_base ON COMMIT DROP AS ${baseSql(t, stageOf(stage), dpTime)}`, [lo, hi, codes]);
        let n = 0;
        for (const sql of insertSql(t, cols.discharge_permit)) {
          const r = await c.query(sql);
          const table = `discharge_permit.${/INSERT INTO discharge_permit\.(\w+)/.exec(sql)?.[1]}`;
          count(table, r.rowCount ?? 0);
          if (table.endsWith('.cases')) n = r.rowCount ?? 0;
        }
        stages[stage] = (stages[stage] ?? 0) + n;
        await c.query('DROP TABLE seed_base');
      }
      // intake: the applicant's record (owner discharge-permit) and the accepted acceptance case
      await c.query(`CREATE TEMP TABLE seed_base ON COMMIT DROP AS ${baseSql(intake, 'true', intakeTime)}`, [lo, hi, codes]);
      const apps = await c.query(
        `INSERT INTO intake.applications (id, credit_code, applicant_name, applicant_user_id, sub_item_code, license_type, project, materials, status, owner, channel, received_on, accepted_on, created_at, updated_at)
         SELECT b.case_id, b.cc, b.app_name, b.app_user, $1, $2, jsonb_build_object('name', b.project) || $5::jsonb, $3::jsonb, 'in_review', 'discharge-permit', 'portal', $4::date, $4::date, b.ts0, b.ts1
           FROM seed_base b`,
        [sub.code, sub.licenseType, sub.materialsJson, acceptedOn, JSON.stringify(projectExtra(sub))],
      );
      count('intake.applications', apps.rowCount ?? 0);
      for (const sql of insertSql(intake, cols.intake)) {
        const r = await c.query(sql);
        count(`intake.${/INSERT INTO intake\.(\w+)/.exec(sql)?.[1]}`, r.rowCount ?? 0);
      }
      await c.query('DROP TABLE seed_base');
      await c.query('COMMIT');
      log(`seeded cases ${lo}..${hi} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    // statistics for the planner; VACUUM too (unless told not to), so autovacuum does not start on the fresh
    // rows in the middle of a measurement, and the visibility map is set as on a table that has lived a while
    const t1 = performance.now();
    for (const table of Object.keys(rows)) await c.query(`${o.vacuum === false ? 'ANALYZE' : 'VACUUM (ANALYZE)'} ${table}`);
    log(`${o.vacuum === false ? 'analyzed' : 'vacuumed and analyzed'} in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    return {
      cases: o.cases,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      rows,
      stages,
      subItemCode: sub.code,
      acceptedOn,
      yellowOn: alerts.yellowOn,
      redOn: alerts.redOn,
    };
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await c.end();
  }
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (require.main === module) {
  const db = arg('db');
  const cases = Number(arg('cases') ?? 1_000_000);
  if (!db || !Number.isInteger(cases) || cases <= 0) {
    console.error(
      'usage: node dist/bench/seed.js --db postgres://…/<a migrated database> [--cases 1000000] [--offset 0] [--accepted-on YYYY-MM-DD] [--before ISO-8601] [--batch 50000] [--sub-item HB-005-01] [--no-timers] [--task-timers] [--no-vacuum]',
    );
    process.exit(2);
  }
  seed({
    db,
    cases,
    offset: Number(arg('offset') ?? 0),
    acceptedOn: arg('accepted-on'),
    before: arg('before'),
    batch: Number(arg('batch') ?? 50_000),
    subItemCode: arg('sub-item'),
    timers: !process.argv.includes('--no-timers'),
    taskTimers: process.argv.includes('--task-timers'),
    vacuum: !process.argv.includes('--no-vacuum'),
    log: (l) => console.log(l),
  }).then(
    (r) => {
      console.log(JSON.stringify(r, null, 2));
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
