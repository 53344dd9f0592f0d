import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@permits/clock';
import { findDefinition } from '@permits/workflow/definitions';
import { WorkflowDefinition } from '@permits/workflow/engine';
import { BundledCalendar } from './calendar.source';
import { CaseEffects, CaseRuntime } from './case-runtime';
import { CaseworkController } from './casework.controller';
import { CALENDAR, CaseworkQueries } from './casework.queries';

export interface CaseworkOptions {
  taskPrefix: 'in' | 'ea' | 'dp';
  effects: Type<CaseEffects>;
  /** HTTP processes serve the casework API; workers only run commands. */
  controllers?: boolean;
  extraProviders?: Provider[];
}

export const CASE_EFFECTS = Symbol('CASE_EFFECTS');

function definitions(key: string, version: number): WorkflowDefinition {
  const def = findDefinition(key, version);
  if (!def) throw new Error(`no workflow definition ${key} v${version}`);
  return def;
}

/** The workflow runtime of a case-holding service: CaseRuntime, the read side, and the casework API. */
@Module({})
export class CaseworkModule {
  static forRoot(o: CaseworkOptions): DynamicModule {
    return {
      module: CaseworkModule,
      global: true,
      controllers: o.controllers === false ? [] : [CaseworkController],
      providers: [
        ...(o.extraProviders ?? []),
        BundledCalendar,
        { provide: CALENDAR, useExisting: BundledCalendar },
        { provide: CASE_EFFECTS, useClass: o.effects },
        {
          provide: CaseRuntime,
          useFactory: (db: DataSource, clock: Clock, effects: CaseEffects, cal: BundledCalendar) => new CaseRuntime(db, clock, effects, { taskPrefix: o.taskPrefix, definitions, calendar: () => cal.get() }),
          inject: [DataSource, Clock, CASE_EFFECTS, BundledCalendar],
        },
        { provide: CaseworkQueries, useFactory: (db: DataSource, clock: Clock, cal: BundledCalendar) => new CaseworkQueries(db, clock, cal), inject: [DataSource, Clock, BundledCalendar] },
      ],
      exports: [CaseRuntime, CaseworkQueries, BundledCalendar, CALENDAR],
    };
  }
}
