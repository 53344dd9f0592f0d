import { Global, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@permits/auth';
import { Clock } from '@permits/clock';
import { SupervisionConfig } from '@permits/config';
import { CONFIG } from '@permits/http';
import { REDIS } from '@permits/queue';
import { AuditRecords, BundledCalendar, CaseRuntime } from '@permits/workflow-runtime';
import { AlarmsModule } from './alarms/alarms.module';
import { RecordCheckResult } from './checks/commands/record-check-result';
import { ChecksModule } from './checks/checks.module';
import { ProposePenalty } from './penalties/commands/propose-penalty';
import { PublishPenalty } from './penalties/commands/publish-penalty';
import { PenaltiesModule } from './penalties/penalties.module';
import { CancelPlan } from './plans/commands/cancel-plan';
import { DrawPlan } from './plans/commands/draw-plan';
import { PlansModule } from './plans/plans.module';
import { ClassifyEntity } from './register/commands/classify-entity';
import { RegisterModule } from './register/register.module';
import { RosterModule } from './roster/roster.module';
import { DomainError, domainStatus } from '@permits/core';

/** Stands for the database and the runtime: a command that reaches them fails the test (its rule let it through). */
const WRITES = new Set(['transaction', 'getRepository', 'query', 'createQueryBuilder', 'apply', 'start', 'record', 'write']);
const tripwire = (name: string) =>
  new Proxy(
    {},
    {
      get: (_t, key) => {
        if (typeof key === 'string' && WRITES.has(key)) throw new Error(`${name}.${key} reached: the command's rule did not refuse first`);
        return undefined;
      },
    },
  );

@Global()
@Module({
  providers: [
    { provide: DataSource, useValue: tripwire('db') },
    { provide: CaseRuntime, useValue: tripwire('runtime') },
    { provide: AuditRecords, useValue: tripwire('records') },
    { provide: BundledCalendar, useValue: tripwire('calendar') },
    { provide: Clock, useValue: { now: () => Promise.resolve(new Date('2026-07-01T02:00:00Z')) } },
    { provide: SupervisionConfig, useValue: new SupervisionConfig() },
    { provide: CONFIG, useValue: new SupervisionConfig() },
    { provide: REDIS, useValue: tripwire('redis') },
  ],
  exports: [DataSource, CaseRuntime, AuditRecords, BundledCalendar, Clock, SupervisionConfig, CONFIG, REDIS],
})
class Stubs {}

@Module({ imports: [CqrsModule.forRoot(), Stubs, RegisterModule, RosterModule, PlansModule, ChecksModule, PenaltiesModule, AlarmsModule] })
class Features {}

const staff = (roles: AuthUser['roles'], dept?: AuthUser['dept']): AuthUser => ({ id: `${roles[0]}-${dept ?? 'x'}`, name: 'n', roles, dept });
const RATIOS = { key: 1, general: 0.5, positiveList: 0.5 };

/**
 * Supervision's commands, dispatched through the CommandBus as the controllers do: each refuses by its own
 * rule, with its stable code and status, before anything is written (whatever path dispatches it).
 */
describe('supervision commands', () => {
  let app: INestApplicationContext;
  let bus: CommandBus;

  beforeAll(async () => {
    app = await NestFactory.createApplicationContext(Features, { logger: false, abortOnError: false });
    await app.init();
    bus = app.get(CommandBus);
  });
  afterAll(async () => {
    await app?.close();
  });

  const refused = async (run: Promise<unknown>, code: string, status?: number) => {
    const err: unknown = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code });
    // the status the one filter answers: the code's, from the table
    if (status) expect(domainStatus(err)).toBe(status);
    return err as DomainError;
  };

  it('lets only a head of enforcement or pollution, or an admin, classify an entity', async () => {
    await refused(bus.execute(new ClassifyEntity(staff(['officer'], 'enforcement'), '91310000MA1FL0XX2K', { riskClass: 'key' })), 'FORBIDDEN');
    await refused(bus.execute(new ClassifyEntity(staff(['head'], 'legal'), '91310000MA1FL0XX2K', { riskClass: 'key' })), 'FORBIDDEN');
  });

  it('draws a plan only for a head of enforcement or an admin, at the minimum ratios, for a period not over', async () => {
    const body = { name: 'Q3', period: '2026-Q3', ratios: RATIOS, inspectorsPerCheck: 2 };
    await refused(bus.execute(new DrawPlan(staff(['head'], 'pollution'), body)), 'FORBIDDEN');
    const below = await refused(bus.execute(new DrawPlan(staff(['admin']), { ...body, ratios: { ...RATIOS, general: 0.01 } })), 'INVALID_INPUT');
    expect(below.message).toMatch(/ratios\.general 0\.01 is below the bureau's minimum 0\.05/);
    await refused(bus.execute(new DrawPlan(staff(['admin']), { ...body, period: '2026-Q1' })), 'INVALID_INPUT');
    await refused(bus.execute(new CancelPlan(staff(['officer'], 'enforcement'), '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e', 'x')), 'FORBIDDEN');
  });

  it('answers a violation without findings 400 VALIDATION_FAILED, naming the field as the validation pipe does', async () => {
    const err = await refused(
      bus.execute(
        new RecordCheckResult(staff(['officer'], 'enforcement'), '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e', { outcome: 'violation', findings: '  ' }, 'c'),
      ),
      'VALIDATION_FAILED',
      400,
    );
    expect(err.messages).toEqual(['findings must say what was found: a violation needs them']);
  });

  it('takes a proposal from the legal section only, an amount with a fine only; publication from a head of enforcement or an admin', async () => {
    const id = '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e';
    const proposal = { facts: 'f', legalBasis: 'b', sanction: { kind: 'warning' as const, amountYuan: 1000 } };
    await refused(bus.execute(new ProposePenalty(staff(['head'], 'enforcement'), id, proposal, 'c')), 'FORBIDDEN');
    await refused(bus.execute(new ProposePenalty(staff(['officer'], 'legal'), id, proposal, 'c')), 'INVALID_INPUT');
    await refused(bus.execute(new PublishPenalty(staff(['head'], 'legal'), id, 'c')), 'FORBIDDEN');
  });
});
