import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ClockModule } from '@permits/clock';
import { DischargePermitConfig, DischargePermitWorkerConfig, IntakeWorkerConfig, loadConfig, ServicePortsConfig } from '@permits/config';
import type { Dept } from '@permits/contracts/enums';
import { CaseHandoverV1, SystemStepV1 } from '@permits/contracts/jobs';
import { Metrics } from '@permits/http';
import { JobMeta, QueueModule } from '@permits/queue';
import { shanghaiDate } from '@permits/workflow/calendar';
import type { Command, WorkflowEvent } from '@permits/workflow/engine';
import { AuditRecords, CaseRuntime, CaseworkModule } from '@permits/workflow-runtime';
import { AcceptanceEffects } from '../apps/intake/src/acceptance/acceptance.effects';
import { caseData } from '../apps/intake/src/acceptance/case-data';
import { fileApplication, newApplicationRow } from '../apps/intake/src/applications/commands/file-application';
import { CatalogService, SubItemWithItem } from '../apps/intake/src/catalog/catalog.service';
import { intakeDataSourceOptions } from '../apps/intake/src/data-source';
import { DischargeEffects } from '../apps/discharge-permit/src/cases/discharge.effects';
import { DischargeHandoverHandler, IssuePermitHandler } from '../apps/discharge-permit/src/cases/handlers';
import { dischargePermitDataSourceOptions } from '../apps/discharge-permit/src/data-source';
import { PermitRegister } from '../apps/discharge-permit/src/permits/permit-register';
import { PermitTimers } from '../apps/discharge-permit/src/permits/permit-timers';
import { PERMIT_AUDIT_RECORDS } from '../apps/discharge-permit/src/permits/permit-audit';
import { APPLICATION_AUDIT_RECORDS } from '../apps/intake/src/applications/application-audit';
import { REDIS_PREFIX, REDIS_URL } from './support/env';
import { round, summary } from './support/stats';
import { creditCode } from './support/users';

// The engine alone: the same cases through the same transitions as the end-to-end run, by calling the
// services' own CaseRuntime (and the worker handlers that wrap its handover and permit steps) in this
// process on a migrated database: no HTTP, no queue, no relay. The Nest wiring is the services' own
// (CaseworkModule, the effects, the handlers) minus the HTTP stack, the consumers and the relay, so a change
// to the runtime or its wiring is measured here as it runs there.

/** intake: the acceptance runtime (AcceptanceEffects) and the catalog, as the HTTP process wires them. */
@Module({})
class EngineIntakeModule {
  static forRoot(config: IntakeWorkerConfig): DynamicModule {
    return {
      module: EngineIntakeModule,
      imports: [
        TypeOrmModule.forRoot(intakeDataSourceOptions(config.DATABASE_URL)),
        QueueModule.forRoot(config),
        ClockModule.forRoot(config),
        CaseworkModule.forRoot({
          taskPrefix: 'in',
          effects: AcceptanceEffects,
          extraProviders: [CatalogService, { provide: Metrics, useValue: new Metrics('bench-engine-intake') }],
          config,
          auditRecords: APPLICATION_AUDIT_RECORDS,
        }),
      ],
    };
  }
}

/** discharge-permit: the review runtime (DischargeEffects), the handover and the permit-issuing handlers. */
@Module({})
class EngineDischargeModule {
  static forRoot(config: DischargePermitWorkerConfig): DynamicModule {
    return {
      module: EngineDischargeModule,
      imports: [
        TypeOrmModule.forRoot(dischargePermitDataSourceOptions(config.DATABASE_URL)),
        QueueModule.forRoot(config),
        ClockModule.forRoot(config),
        CaseworkModule.forRoot({
          taskPrefix: 'dp',
          effects: DischargeEffects,
          extraProviders: [{ provide: Metrics, useValue: new Metrics('bench-engine-dp') }],
          config,
          auditRecords: PERMIT_AUDIT_RECORDS,
        }),
      ],
      providers: [
        { provide: ServicePortsConfig, useValue: config },
        { provide: DischargePermitConfig, useValue: config },
        PermitTimers,
        PermitRegister,
        DischargeHandoverHandler,
        IssuePermitHandler,
      ],
    };
  }
}

export interface EngineResult {
  cases: { requested: number; completed: number; failed: number; errors: string[] };
  concurrency: number;
  seconds: number;
  casesPerSecond: number;
  /** per case as end to end: acceptance, review, 2 countersigns, decision (commands) + handover and permit issue (worker steps) */
  transitions: { commands: number; systemSteps: number; total: number; perSecond: number };
  /** submissions (the application row and the acceptance case's start): done, timed, not counted */
  submissionsPerSecond: number;
  latencyMs: { transition: ReturnType<typeof summary>; byKind: Record<string, ReturnType<typeof summary>>; submit: ReturnType<typeof summary> };
  /** statements: sent by the transitions themselves (BEGIN and COMMIT included; a wrapper on pg.Client#query, counted per transition's async context) */
  database: {
    commitsPerTransition: number;
    rowsInsertedPerTransition: number;
    rowsUpdatedPerTransition: number;
    statementsPerTransition: number;
    statementsByKind: Record<string, number>;
  };
  /** filled in by the caller from the phase's CPU */
  cpuMsPerTransition?: { machine: number; engineProcess: number; postgresAndOther: number };
  ratioToLimit?: number | null;
  ratioToPeer?: number | null;
  note: string;
}

type Actor = Command['actor'];
const officer = (dept: Dept): Actor => ({ id: `bench-${dept}`, roles: ['officer'], dept });
/** A decision is a head's (the duty policy: HEAD_REQUIRED otherwise). */
const headOf = (dept: Dept): Actor => ({ id: `bench-${dept}-head`, roles: ['head'], dept });
const meta = (jobName: string) => ({ messageId: randomUUID(), jobName, attemptsMade: 0, lastChance: false }) as JobMeta;

/** The kind of the transition whose async context a statement is sent from (none: the bench's own reads, the filings). */
const inTransition = new AsyncLocalStorage<string>();

/** Counts the statements each kind of transition sends, by wrapping pg.Client#query until stopped. */
function countStatements(): { byKind: Record<string, number>; stop: () => void } {
  const byKind: Record<string, number> = {};
  const original = Reflect.get(Client.prototype, 'query') as (...a: unknown[]) => unknown;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const kind = inTransition.getStore();
    if (kind) byKind[kind] = (byKind[kind] ?? 0) + 1;
    return original.apply(this, args);
  } as never;
  return { byKind, stop: () => void (Client.prototype.query = original as never) };
}

/** Boots the two services' runtimes in this process (Nest application contexts, no HTTP server). */
async function boot(dbUrl: string): Promise<{ intake: INestApplicationContext; dp: INestApplicationContext }> {
  const env = {
    ...process.env,
    DATABASE_URL: dbUrl,
    REDIS_URL,
    REDIS_PREFIX: `${REDIS_PREFIX}-engine-${randomUUID().slice(0, 8)}`,
    CLOCK: 'system',
    LOG_LEVEL: 'error',
  };
  const intake = await NestFactory.createApplicationContext(EngineIntakeModule.forRoot(loadConfig(IntakeWorkerConfig, env)), {
    logger: ['error'],
    abortOnError: false,
  });
  const dp = await NestFactory.createApplicationContext(EngineDischargeModule.forRoot(loadConfig(DischargePermitWorkerConfig, env)), {
    logger: ['error'],
    abortOnError: false,
  }).catch(async (err: unknown) => {
    await intake.close();
    throw err;
  });
  return { intake, dp };
}

/** The sub-item the end-to-end run files: a first discharge permit under simplified management. */
async function pickSubItem(db: DataSource, catalog: CatalogService): Promise<SubItemWithItem> {
  const rows: { code: string; mc: string | null }[] = await db.query(
    `SELECT s.code, s.extra->>'managementCategory' AS mc FROM catalog_sub_items s JOIN catalog_items i ON i.code = s.item_code
      WHERE i.license_type = 'discharge_permit' AND s.active AND s.kind = 'new' ORDER BY i.position, s.position`,
  );
  const row = rows.find((r) => r.mc === 'simplified') ?? rows.find((r) => !r.mc);
  if (!row) throw new Error('the catalog has no discharge-permit sub-item of kind new');
  return catalog.subItem(row.code);
}

/**
 * Drives `cases` discharge permits, `concurrency` at a time, through the services' runtimes: filing (not
 * counted), acceptance, the handover, review, the two countersigns (at once, as the departments do), the
 * decision and the permit. Each transition's latency is the command's (or the handler's) own transaction.
 */
export async function measureEngine(
  dbUrl: string,
  o: { cases: number; concurrency: number; warmupCases?: number; log: (l: string) => void },
): Promise<EngineResult> {
  const { intake, dp } = await boot(dbUrl);
  try {
    const intakeRt = intake.get(CaseRuntime, { strict: false });
    const intakeRecords = intake.get(AuditRecords, { strict: false });
    const intakeDb = intake.get(DataSource, { strict: false });
    const catalog = intake.get(CatalogService, { strict: false });
    const dpRt = dp.get(CaseRuntime, { strict: false });
    const dpDb = dp.get(DataSource, { strict: false });
    const handover = dp.get(DischargeHandoverHandler, { strict: false });
    const issue = dp.get(IssuePermitHandler, { strict: false });
    const sub = await pickSubItem(intakeDb, catalog);
    const materials = sub.materials
      .filter((m) => m.required)
      .map((m, i) => ({ code: m.code, fileName: `${m.code}.pdf`, sha256: (i + 1).toString(16).padStart(64, 'e') }));

    let lat: Record<string, number[]> = {};
    let submits: number[] = [];
    const timed = async <T>(kind: string, fn: () => Promise<T>): Promise<T> => {
      const t = performance.now();
      const r = await inTransition.run(kind, fn);
      (lat[kind] ??= []).push(performance.now() - t);
      return r;
    };
    const opened = (events: WorkflowEvent[]) => events.filter((e): e is Extract<WorkflowEvent, { type: 'TaskOpened' }> => e.type === 'TaskOpened');
    const complete = (rt: CaseRuntime, caseId: string, taskId: string, outcome: string, actor: Actor) =>
      rt.execute(caseId, { type: 'CompleteTask', taskId, outcome, actor } as Command, {
        correlationId: randomUUID(),
        input: { taskId, outcome, comment: null },
      });

    const oneCase = async (n: number, tag: string) => {
      const id = randomUUID();
      const correlationId = randomUUID();
      const now = new Date();
      const app = newApplicationRow({
        id,
        creditCode: creditCode(n % 200),
        applicantName: `Bench Enterprise ${n % 200}`,
        applicantUserId: `bench-ent-${n % 200}`,
        sub,
        project: { name: `Engine project ${tag}${n}` },
        materials,
        channel: 'portal',
        now,
      });
      const t0 = performance.now();
      await intakeDb.transaction((tx) =>
        fileApplication(tx, intakeRt, app, sub, { id: app.applicantUserId, roles: ['applicant'] } as Actor, correlationId, intakeRecords),
      );
      submits.push(performance.now() - t0);
      // the window's task: the filing's own events are not returned, so read it as the inbox would
      const [acc] = (await intakeDb.query(`SELECT id FROM tasks WHERE case_id = $1 AND status = 'open' AND kind = 'acceptance'`, [id])) as { id: string }[];
      if (!acc) throw new Error(`no acceptance task for ${id}`);
      await timed('acceptance', () => complete(intakeRt, id, acc.id, 'accept', officer('window')));
      // the handover, as the consumer gets it from intake's outbox (AcceptanceEffects.handOver's payload)
      const payload: CaseHandoverV1 = {
        applicationId: id,
        correlationId,
        licenseType: app.licenseType,
        subItemCode: app.subItemCode,
        applicant: { creditCode: app.creditCode, name: app.applicantName, userId: app.applicantUserId },
        project: app.project,
        acceptedOn: shanghaiDate(new Date()),
        statutoryLimit: sub.statutoryLimit,
        committedLimit: sub.committedLimit,
        yellowWithinDays: sub.yellowWithinDays,
        data: caseData(app, sub, false),
      } as CaseHandoverV1;
      await timed('handover', () => handover.handle(payload, meta(handover.job.name)));
      const [review] = (await dpDb.query(`SELECT id, dept FROM tasks WHERE case_id = $1 AND status = 'open'`, [id])) as { id: string; dept: Dept }[];
      if (!review) throw new Error(`no review task for ${id}`);
      const r = await timed('review', () => complete(dpRt, id, review.id, 'approve', officer(review.dept)));
      const countersigns = opened(r.events);
      if (countersigns.length === 0) throw new Error(`review of ${id} opened no task`);
      const done = await Promise.all(countersigns.map((t) => timed('countersign', () => complete(dpRt, id, t.taskId, 'approve', officer(t.dept as Dept)))));
      const decision = done.flatMap((d) => opened(d.events))[0];
      if (!decision) throw new Error(`the countersigns of ${id} opened no decision`);
      const d = await timed('decision', () => complete(dpRt, id, decision.taskId, 'approve', headOf(decision.dept as Dept)));
      const step = d.events.find((e): e is Extract<WorkflowEvent, { type: 'SystemStepStarted' }> => e.type === 'SystemStepStarted');
      if (!step) throw new Error(`the decision of ${id} started no system step`);
      await timed('permit', () =>
        issue.handle({ caseId: id, correlationId, stepId: step.stepId, round: step.round, job: step.job } as SystemStepV1, meta(issue.job.name)),
      );
      return 3 + countersigns.length; // commands: acceptance, review, countersigns, decision
    };

    const drive = async (cases: number, concurrency: number, tag: string) => {
      let next = 0;
      let completed = 0;
      let commands = 0;
      let failed = 0;
      const errors: string[] = [];
      const runner = async () => {
        while (next < cases && failed < Math.max(10, cases * 0.02)) {
          const n = next++;
          try {
            const c = await oneCase(n, tag); // (not `commands += await …`: that reads commands before the await)
            commands += c;
            completed++;
          } catch (err) {
            failed++;
            if (errors.length < 20) errors.push((err as Error).message.slice(0, 300));
          }
        }
      };
      const t = performance.now();
      await Promise.all(Array.from({ length: concurrency }, runner));
      return { seconds: (performance.now() - t) / 1000, completed, commands, failed, errors };
    };

    await drive(o.warmupCases ?? o.concurrency * 2, o.concurrency, 'warm-');
    lat = {};
    submits = [];
    const stats = async () =>
      (
        await dpDb.query(
          `SELECT xact_commit::bigint AS c, tup_inserted::bigint AS i, tup_updated::bigint AS u FROM pg_stat_database WHERE datname = current_database()`,
        )
      )[0] as Record<string, string>;
    const before = await stats();
    o.log(`engine: ${o.cases} cases through the runtimes in process, ${o.concurrency} at a time`);
    const counter = countStatements();
    const run = await drive(o.cases, o.concurrency, '').finally(() => counter.stop());
    await new Promise((r) => setTimeout(r, 600)); // the statistics collector
    const after = await stats();
    const systemSteps = run.completed * 2;
    const total = run.commands + systemSteps;
    const per = (k: string) => round((Number(after[k]) - Number(before[k])) / Math.max(1, total), 1);
    const all = Object.values(lat).flat();
    return {
      cases: { requested: o.cases, completed: run.completed, failed: run.failed, errors: run.errors },
      concurrency: o.concurrency,
      seconds: round(run.seconds, 2),
      casesPerSecond: round(run.completed / run.seconds, 2),
      transitions: { commands: run.commands, systemSteps, total, perSecond: round(total / run.seconds) },
      submissionsPerSecond: round(submits.length / run.seconds, 2),
      latencyMs: { transition: summary(all), byKind: Object.fromEntries(Object.entries(lat).map(([k, v]) => [k, summary(v)])), submit: summary(submits) },
      database: {
        commitsPerTransition: per('c'),
        rowsInsertedPerTransition: per('i'),
        rowsUpdatedPerTransition: per('u'),
        statementsPerTransition: round(Object.values(counter.byKind).reduce((a, b) => a + b, 0) / Math.max(1, total), 1),
        statementsByKind: Object.fromEntries(Object.entries(counter.byKind).map(([k, n]) => [k, round(n / Math.max(1, lat[k]?.length ?? 1), 1)])),
      },
      note: 'CaseRuntime.execute for the task completions, DischargeHandoverHandler.handle and IssuePermitHandler.handle (their inbox claim and runtime call, without the queue) for the system steps; filings are done and timed but not counted (as submissions end to end); the status pushed back to intake is left in the outbox (no relay runs). Latency: each transition’s own transaction.',
    };
  } finally {
    await dp.close().catch(() => undefined);
    await intake.close().catch(() => undefined);
  }
}
