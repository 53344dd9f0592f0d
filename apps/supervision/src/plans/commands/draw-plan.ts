import { Inject, Logger } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuthUser, hasRole } from '@permits/auth';
import { Clock } from '@permits/clock';
import { SupervisionConfig } from '@permits/config';
import { CONFIG } from '@permits/http';
import { addNotice, rowValues } from '@permits/persistence';
import { daysBetween, shanghaiDate } from '@permits/workflow/calendar';
import { newClock, startClock } from '@permits/workflow/clock';
import { SUPERVISION_CHECK_V2 } from '@permits/workflow/definitions';
import { AuditRecords, CaseRuntime } from '@permits/workflow-runtime';
import { CheckRow, InspectorRow, PlanRow, RegulatedEntityRow } from '../../entities';
import { onPositiveList } from '../../register/positive-list';
import {
  canonicalInputs,
  draw,
  DRAW_ALGORITHM,
  DrawEntity,
  drawCounts,
  DrawInspector,
  DrawnCheck,
  inputsHash,
  MinRatios,
  parseMinRatios,
  ratiosBelowMinimum,
  RosterShortError,
  SEED_COMMITMENT,
  seedCommitment,
} from '../draw';
import { CreatePlanDto } from '../dto';
import { PlanEventRow, PlanInputKind } from '../plan.entities';
import { periodEnd, PlanParams, planView } from '../plan-view';
import { SUPERVISION_SYSTEM } from '../plan-system';
import { DomainError } from '@permits/core';

/** Rows of plan_inputs written per statement (one jsonb parameter each). */
const INPUT_CHUNK = 5000;

function isPlanExists(err: unknown): boolean {
  return (
    err instanceof QueryFailedError &&
    (err.driverError as { code?: string; constraint?: string }).code === '23505' &&
    (err.driverError as { constraint?: string }).constraint === 'plans_one_per_period'
  );
}

export class DrawPlan extends Command<ReturnType<typeof planView>> {
  constructor(
    readonly user: AuthUser,
    readonly body: CreatePlanDto,
  ) {
    super();
  }
}

/**
 * Draws a plan with a seed nobody chooses (32 bytes of the CSPRNG, committed by its SHA-256) from the entity
 * list and the active roster as they stand (one REPEATABLE READ snapshot, frozen with the plan in plan_inputs),
 * and opens a check case for every entity drawn, all in one transaction. One plan per period (PLAN_EXISTS).
 */
@CommandHandler(DrawPlan)
export class DrawPlanHandler implements ICommandHandler<DrawPlan> {
  private readonly logger = new Logger(DrawPlanHandler.name);
  readonly minimums: MinRatios;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly runtime: CaseRuntime,
    private readonly records: AuditRecords,
    @Inject(CONFIG) config: Partial<SupervisionConfig>,
  ) {
    this.minimums = parseMinRatios(config.SUPERVISION_MIN_RATIOS ?? new SupervisionConfig().SUPERVISION_MIN_RATIOS);
  }

  execute({ user, body }: DrawPlan) {
    return this.createPlan(user, body);
  }

  private async createPlan(user: AuthUser, req: CreatePlanDto) {
    if (!(hasRole(user, 'admin') || (hasRole(user, 'head') && user.dept === 'enforcement')))
      throw new DomainError('FORBIDDEN', 'only a head of enforcement, or an admin, draws a plan');
    const ratios = { key: req.ratios.key, general: req.ratios.general, positiveList: req.ratios.positiveList };
    const below = ratiosBelowMinimum(ratios, this.minimums);
    if (below.length)
      throw new DomainError(
        'INVALID_INPUT',
        below.map((b) => `ratios.${b.ratio} ${b.asked} is below the bureau's minimum ${b.minimum} (SUPERVISION_MIN_RATIOS)`).join('; '),
      );
    const now = await this.clock.now();
    const today = shanghaiDate(now);
    const dueDate = periodEnd(req.period);
    if (dueDate < today) throw new DomainError('INVALID_INPUT', `period ${req.period} is over (it ended on ${dueDate})`);
    const seed = randomBytes(32).toString('hex');
    try {
      return await this.db.transaction('REPEATABLE READ', async (tx) => {
        const live = await tx
          .getRepository(PlanRow)
          .createQueryBuilder('p')
          .where('p.period = :period AND p.cancelled_at IS NULL', { period: req.period })
          .getOne();
        if (live) throw new DomainError('PLAN_EXISTS', `period ${req.period} has its plan (${live.id}); cancel it first to draw again`);
        const entities = await tx.getRepository(RegulatedEntityRow).find({ where: { active: true } });
        const roster = await tx.getRepository(InspectorRow).find({ where: { active: true } });
        const inputs = canonicalInputs({
          period: req.period,
          ratios,
          inspectorsPerCheck: req.inspectorsPerCheck,
          entities: entities.map((e) => ({
            creditCode: e.creditCode,
            riskClass: e.riskClass,
            positiveList: onPositiveList(e, today),
            onlineMonitoring: e.onlineMonitoring,
          })),
          roster: roster.map((r) => ({ userId: r.userId, conflicts: r.conflicts })),
        });
        let drawn: DrawnCheck[];
        try {
          drawn = draw(seed, inputs);
        } catch (err) {
          if (err instanceof RosterShortError) throw new DomainError('CONFLICT', err.message);
          throw err;
        }
        const params: PlanParams = { period: inputs.period, ratios: inputs.ratios, inspectorsPerCheck: inputs.inspectorsPerCheck };
        const plan: PlanRow = Object.assign(new PlanRow(), {
          id: randomUUID(),
          name: req.name,
          period: req.period,
          seed,
          seedCommitment: seedCommitment(seed),
          seedCommitted: true,
          inputsHash: inputsHash(inputs),
          algorithm: `${DRAW_ALGORITHM} ${SEED_COMMITMENT}.`,
          inputs: params as unknown as Record<string, unknown>,
          counts: drawCounts(inputs, drawn),
          result: drawn,
          dueDate,
          drawnBy: user.id,
          drawnAt: now,
          cancelledAt: null,
          cancelledBy: null,
          cancelReason: null,
        });
        await tx.getRepository(PlanRow).insert(rowValues<PlanRow>(plan));
        await this.records.write(tx, 'plan', plan.id, 'drawn', user.id);
        await this.storeInputs(tx, plan.id, 'entity', inputs.entities);
        await this.storeInputs(tx, plan.id, 'inspector', inputs.roster);
        await tx.getRepository(PlanEventRow).insert(
          rowValues<PlanEventRow>({
            planId: plan.id,
            at: now,
            actor: user.id,
            action: 'drawn',
            detail: { seedCommitment: plan.seedCommitment, inputsHash: plan.inputsHash, counts: plan.counts },
          }),
        );
        const checks: CheckRow[] = [];
        let seq = 0;
        const days = Math.max(1, daysBetween(today, dueDate));
        for (const d of drawn) {
          const check: CheckRow = Object.assign(new CheckRow(), {
            id: randomUUID(),
            planId: plan.id,
            seq: seq++,
            creditCode: d.creditCode,
            inspectors: d.inspectors,
            offSite: d.offSite,
            status: 'open',
            findings: null,
            dueDate,
            recordedBy: null,
            recordedAt: null,
            createdAt: now,
          });
          await tx.getRepository(CheckRow).insert(check);
          const data = { planId: plan.id, offSite: d.offSite, inspectors: d.inspectors };
          await this.runtime.start(
            tx,
            {
              caseId: check.id,
              definition: SUPERVISION_CHECK_V2,
              licenseType: 'other',
              subItemCode: 'supervision-check',
              applicantCreditCode: d.creditCode,
              applicantUserId: SUPERVISION_SYSTEM.id,
              data,
              clock: startClock(newClock({ days, unit: 'calendar' }, { days, unit: 'calendar' }), today),
            },
            { id: SUPERVISION_SYSTEM.id, roles: ['admin'] },
            { correlationId: check.id, input: { ...data } },
          );
          await addNotice(tx, {
            kind: 'inspection_assigned',
            applicationId: check.id,
            correlationId: plan.id,
            recipients: { userIds: d.inspectors },
            data: { planId: plan.id, creditCode: d.creditCode, offSite: d.offSite, dueDate },
          });
          checks.push(check);
        }
        this.logger.log({ planId: plan.id, checks: checks.length, inputsHash: plan.inputsHash, seedCommitment: plan.seedCommitment }, 'supervision plan drawn');
        return planView(plan, today, checks);
      });
    } catch (err) {
      // two draws for one period at once: the unique index lets one through
      if (isPlanExists(err)) throw new DomainError('PLAN_EXISTS', `period ${req.period} has its plan; cancel it first to draw again`);
      throw err;
    }
  }

  private async storeInputs(tx: EntityManager, planId: string, kind: PlanInputKind, rows: (DrawEntity | DrawInspector)[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INPUT_CHUNK) {
      await tx.query(
        `INSERT INTO plan_inputs (plan_id, kind, seq, data)
         SELECT $1, $2, ($3::int + r.ord - 1)::int, r.value FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY r(value, ord)`,
        [planId, kind, i, JSON.stringify(rows.slice(i, i + INPUT_CHUNK))],
      );
    }
  }
}
