import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditKeySettings } from '@permits/config';
import { Jobs } from '@permits/contracts/jobs';
import { Clock } from '@permits/clock';
import type IORedis from 'ioredis';
import { QueueClient, REDIS } from '@permits/queue';
import { findDefinition } from '@permits/workflow/definitions';
import { WorkflowDefinition } from '@permits/workflow/engine';
import { AuditKey } from './audit';
import { AuditAnchorHandler, AuditAnchorHost } from './audit-anchor.host';
import { AuditRecords, AuditRecordSource } from './audit-records';
import { AuditStore } from './audit-store';
import { BundledCalendar } from './calendar.source';
import { CaseEffects, CaseRuntime } from './case-runtime';
import { CqrsModule } from '@nestjs/cqrs';
import { CASEWORK_CONTROLLERS, CASEWORK_HTTP_PROVIDERS } from './casework';
import { CALENDAR, CaseworkQueries } from './casework.queries';
import { StaffChangedHandler } from './duties/staff-jobs';
import { TaskAnnouncer } from './task-announcer';
import { DefinitionUpgradeHost } from './definition-upgrade';
import { IntegrityPartController } from './integrity-part.controller';
import { IntegrityPartQueries } from './integrity-part';
import { SlaMetrics } from './timers/sla-metrics';
import { CalendarYearHandler, TimerDueHandler, TimerHost, TimerReconcileHandler } from './timers/timer-jobs';
import { TimerService } from './timers/timer.service';

export interface CaseworkOptions {
  taskPrefix: 'in' | 'ea' | 'dp' | 'su';
  effects: Type<CaseEffects>;
  /**
   * HTTP processes serve the casework API (and the SLA metrics); workers (`controllers: false`) only run
   * commands, and run the timers: the wake-up and calendar consumers (TimerDueHandler, CalendarYearHandler,
   * to add to the worker's queue), the reconciliation (TimerHost at start, TimerReconcileHandler on its job
   * scheduler) and the audit anchors (AuditAnchorHost at start, AuditAnchorHandler on its job scheduler): the
   * worker's consumers of its own queue list TimerReconcileHandler and AuditAnchorHandler.
   */
  controllers?: boolean;
  extraProviders?: Provider[];
  /** The audit settings (AUDIT_* of the service's config). */
  config: AuditKeySettings;
  /** The records this service keeps outside its cases whose every change is audited (AuditRecords.write): chains anchored and verified with the cases. */
  auditRecords?: AuditRecordSource[];
}

export const CASE_EFFECTS = Symbol('CASE_EFFECTS');

const SERVICE_JOBS = {
  in: {
    timer: Jobs.TimerDue.intake,
    calendar: Jobs.CalendarYearLoaded.intake,
    staff: Jobs.StaffChanged.intake,
    anchor: Jobs.AuditAnchor.intake,
    reconcile: Jobs.TimerReconcile.intake,
  },
  ea: {
    timer: Jobs.TimerDue.eia,
    calendar: Jobs.CalendarYearLoaded.eia,
    staff: Jobs.StaffChanged.eia,
    anchor: Jobs.AuditAnchor.eia,
    reconcile: Jobs.TimerReconcile.eia,
  },
  dp: {
    timer: Jobs.TimerDue.discharge,
    calendar: Jobs.CalendarYearLoaded.discharge,
    staff: Jobs.StaffChanged.discharge,
    anchor: Jobs.AuditAnchor.discharge,
    reconcile: Jobs.TimerReconcile.discharge,
  },
  su: {
    timer: Jobs.TimerDue.supervision,
    calendar: Jobs.CalendarYearLoaded.supervision,
    staff: Jobs.StaffChanged.supervision,
    anchor: Jobs.AuditAnchor.supervision,
    reconcile: Jobs.TimerReconcile.supervision,
  },
} as const;

function definitions(key: string, version: number): WorkflowDefinition {
  const def = findDefinition(key, version);
  if (!def) throw new Error(`no workflow definition ${key} v${version}`);
  return def;
}

/** The workflow runtime of a case-holding service: CaseRuntime, the read side, the casework API, the timers. */
@Module({})
export class CaseworkModule {
  static forRoot(o: CaseworkOptions): DynamicModule {
    const jobs = SERVICE_JOBS[o.taskPrefix];
    const worker = o.controllers === false;
    const auditKey = AuditKey.fromConfig(o.config);
    const records = new AuditRecords(auditKey, o.auditRecords ?? []);
    const workerProviders: Provider[] = [
      TimerHost,
      DefinitionUpgradeHost,
      { provide: AuditAnchorHost, useFactory: (store: AuditStore) => new AuditAnchorHost(store), inject: [AuditStore] },
      {
        provide: AuditAnchorHandler,
        useFactory: (store: AuditStore) => new AuditAnchorHandler(jobs.anchor, store, o.config.AUDIT_ANCHOR_SECONDS),
        inject: [AuditStore],
      },
      { provide: TimerReconcileHandler, useFactory: (timers: TimerService) => new TimerReconcileHandler(jobs.reconcile, timers), inject: [TimerService] },
      { provide: TimerDueHandler, useFactory: (timers: TimerService) => new TimerDueHandler(jobs.timer, timers), inject: [TimerService] },
      // the staff directory's copy (intake owns the master: its worker does not consume this job)
      { provide: StaffChangedHandler, useFactory: (db: DataSource) => new StaffChangedHandler(jobs.staff, db), inject: [DataSource] },
      {
        provide: CalendarYearHandler,
        useFactory: (db: DataSource, cal: BundledCalendar, timers: TimerService) => new CalendarYearHandler(jobs.calendar, db, cal, timers),
        inject: [DataSource, BundledCalendar, TimerService],
      },
    ];
    return {
      module: CaseworkModule,
      global: true,
      // the casework API's commands go through the CommandBus (the same global module as the service's own)
      imports: [CqrsModule.forRoot()],
      controllers: worker ? [] : [...CASEWORK_CONTROLLERS, IntegrityPartController],
      providers: [
        ...(o.extraProviders ?? []),
        IntegrityPartQueries,
        BundledCalendar,
        { provide: CALENDAR, useExisting: BundledCalendar },
        { provide: CASE_EFFECTS, useClass: o.effects },
        { provide: AuditRecords, useValue: records },
        {
          provide: CaseRuntime,
          useFactory: (db: DataSource, clock: Clock, effects: CaseEffects, cal: BundledCalendar, announcer: TaskAnnouncer) =>
            new CaseRuntime(db, clock, effects, {
              taskPrefix: o.taskPrefix,
              definitions,
              calendar: () => cal.get(),
              timerJob: jobs.timer,
              auditKey,
              announcer,
            }),
          inject: [DataSource, Clock, CASE_EFFECTS, BundledCalendar, TaskAnnouncer],
        },
        // the tasks a committed command opened, on Redis for the gateway's task stream
        {
          provide: TaskAnnouncer,
          useFactory: (db: DataSource, redis: IORedis, queues: QueueClient) => new TaskAnnouncer(db, redis, queues.prefix),
          inject: [DataSource, REDIS, QueueClient],
        },
        {
          provide: AuditStore,
          useFactory: (db: DataSource) =>
            new AuditStore(db, {
              key: auditKey,
              anchorDir: o.config.AUDIT_ANCHOR_DIR,
              schema: String((db.options as { schema?: string }).schema ?? 'public'),
              verifyInlineEntries: o.config.AUDIT_VERIFY_INLINE_ENTRIES,
              records,
            }),
          inject: [DataSource],
        },
        {
          provide: CaseworkQueries,
          useFactory: (db: DataSource, clock: Clock, cal: BundledCalendar) => new CaseworkQueries(db, clock, cal),
          inject: [DataSource, Clock, BundledCalendar],
        },
        {
          provide: TimerService,
          useFactory: (db: DataSource, clock: Clock, runtime: CaseRuntime, queues: QueueClient, cal: BundledCalendar) =>
            new TimerService(db, clock, runtime, queues, cal, jobs.timer),
          inject: [DataSource, Clock, CaseRuntime, QueueClient, BundledCalendar],
        },
        ...(worker ? workerProviders : [SlaMetrics, ...CASEWORK_HTTP_PROVIDERS]),
      ],
      exports: [
        CaseRuntime,
        CaseworkQueries,
        AuditStore,
        AuditRecords,
        BundledCalendar,
        CALENDAR,
        TimerService,
        ...(worker ? [TimerDueHandler, CalendarYearHandler, StaffChangedHandler, TimerReconcileHandler, AuditAnchorHandler] : []),
      ],
    };
  }
}
