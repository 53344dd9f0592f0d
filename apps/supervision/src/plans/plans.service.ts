import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, QueryFailedError, SelectQueryBuilder } from 'typeorm';
import { AuthUser, hasRole } from '@permits/auth';
import { Clock } from '@permits/clock';
import { SupervisionConfig } from '@permits/config';
import { Jobs, Queues } from '@permits/contracts/jobs';
import { CONFIG } from '@permits/http';
import { addToOutbox, rowValues } from '@permits/persistence';
import { daysBetween, shanghaiDate } from '@permits/workflow/calendar';
import { newClock, startClock } from '@permits/workflow/clock';
import { SUPERVISION_CHECK_V2 } from '@permits/workflow/definitions';
import { Actor, AuditRecords, CaseRow, CaseRuntime, recordIntegrityFact } from '@permits/workflow-runtime';
import { CheckRow, InspectorRow, PenaltyRow, PlanRow, RegulatedEntityRow } from '../entities';
import { onPositiveList, periodEnd } from '../supervision.service';
import {
  canonicalInputs,
  compareDraws,
  draw,
  DRAW_ALGORITHM,
  DrawEntity,
  drawCounts,
  DrawGroup,
  DrawInputs,
  DrawInspector,
  DrawnCheck,
  inputsHash,
  matchesCommitment,
  MinRatios,
  parseMinRatios,
  ratiosBelowMinimum,
  RosterShortError,
  SEED_COMMITMENT,
  seedCommitment,
} from './draw';
import { CreatePlanDto } from './dto';
import { PlanEventRow, PlanInputKind, PlanInputRow } from './plan.entities';
import { decodeCursor, DomainError, encodeCursor, notFound, UUID_CURSOR_ID } from '@permits/core';

/** The supervision system itself: the "applicant" of the check cases it opens, and so the one that withdraws them. */
const SUPERVISION_SYSTEM: Actor = { id: 'system:supervision', roles: ['applicant'] };
/** Rows of plan_inputs written per statement (one jsonb parameter each). */
const INPUT_CHUNK = 5000;
/** The id in a cursor over a plan's inputs or checks: the position (seq) of the last row. */
const SEQ_CURSOR_ID = /^\d{1,9}$/;

export interface PlanParams {
  period: string;
  ratios: Record<DrawGroup, number>;
  inspectorsPerCheck: number;
}

type Page<T> = { items: T[]; nextCursor: string | null };

/** Whether the period of a plan has ended (the day after its last day, Asia/Shanghai): then its seed and draw are public. */
export function periodEnded(plan: Pick<PlanRow, 'dueDate'>, today: string): boolean {
  return today > plan.dueDate;
}

function isPlanExists(err: unknown): boolean {
  return (
    err instanceof QueryFailedError &&
    (err.driverError as { code?: string; constraint?: string }).code === '23505' &&
    (err.driverError as { constraint?: string }).constraint === 'plans_one_per_period'
  );
}

/**
 * "Double random" plans (API.md "Supervision", DOMAIN.md "Supervision"): committed draws, one plan per period,
 * cancellation with a reason, verification, and what is published of them and when.
 */
@Injectable()
export class PlansService {
  private readonly logger = new Logger(PlansService.name);
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

  private async today(): Promise<{ now: Date; today: string }> {
    const now = await this.clock.now();
    return { now, today: shanghaiDate(now) };
  }

  /** The plans, with their seed and result columns (never selected by default). */
  private plans(m: EntityManager | DataSource = this.db, alias = 'p'): SelectQueryBuilder<PlanRow> {
    return m.getRepository(PlanRow).createQueryBuilder(alias).addSelect(`${alias}.seed`);
  }

  // ---- the draw ----------------------------------------------------------------------------------

  /**
   * Draws a plan with a seed nobody chooses (32 bytes of the CSPRNG, committed by its SHA-256) from the entity
   * list and the active roster as they stand (one REPEATABLE READ snapshot, frozen with the plan in plan_inputs),
   * and opens a check case for every entity drawn, all in one transaction. One plan per period (PLAN_EXISTS).
   */
  async createPlan(user: AuthUser, req: CreatePlanDto) {
    if (!(hasRole(user, 'admin') || (hasRole(user, 'head') && user.dept === 'enforcement')))
      throw new DomainError('FORBIDDEN', 'only a head of enforcement, or an admin, draws a plan');
    const ratios = { key: req.ratios.key, general: req.ratios.general, positiveList: req.ratios.positiveList };
    const below = ratiosBelowMinimum(ratios, this.minimums);
    if (below.length)
      throw new DomainError(
        'INVALID_INPUT',
        below.map((b) => `ratios.${b.ratio} ${b.asked} is below the bureau's minimum ${b.minimum} (SUPERVISION_MIN_RATIOS)`).join('; '),
      );
    const { now, today } = await this.today();
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
          await addToOutbox(
            tx,
            Queues.Notification,
            Jobs.Notify,
            {
              kind: 'inspection_assigned',
              applicationId: check.id,
              correlationId: plan.id,
              recipients: { userIds: d.inspectors },
              data: { planId: plan.id, creditCode: d.creditCode, offSite: d.offSite, dueDate },
            },
            { correlationId: plan.id },
          );
          checks.push(check);
        }
        this.logger.log({ planId: plan.id, checks: checks.length, inputsHash: plan.inputsHash, seedCommitment: plan.seedCommitment }, 'supervision plan drawn');
        return this.planView(plan, today, checks);
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

  /** Every input of a plan (entities or roster) in canonical order: for verify, which draws again. */
  private async allInputs<T>(m: EntityManager | DataSource, planId: string, kind: PlanInputKind): Promise<T[]> {
    const rows = await m.getRepository(PlanInputRow).find({ where: { planId, kind }, order: { seq: 'ASC' } });
    return rows.map((r) => r.data as T);
  }

  // ---- cancellation ------------------------------------------------------------------------------

  /**
   * Cancels a plan (a head of enforcement, or admin) with a reason that is published with it. Its open checks
   * are withdrawn (their inspection tasks leave the inspectors' lists): a cancelled draw is no longer the basis
   * of an inspection. A check whose result was recorded stands, with whatever penalty case it opened: what was
   * found on site is a fact the cancellation does not undo. A plan whose period has ended stands.
   */
  async cancel(user: AuthUser, id: string, reason: string) {
    if (!(hasRole(user, 'admin') || (hasRole(user, 'head') && user.dept === 'enforcement')))
      throw new DomainError('FORBIDDEN', 'only a head of enforcement, or an admin, cancels a plan');
    const { now, today } = await this.today();
    const text = reason.trim();
    return this.db.transaction(async (tx) => {
      const plan = await this.plans(tx).where('p.id = :id', { id }).setLock('pessimistic_write').getOne();
      if (!plan) throw notFound('plan');
      if (plan.cancelledAt) throw new DomainError('CONFLICT', `plan ${id} was cancelled`);
      if (periodEnded(plan, today)) throw new DomainError('CONFLICT', `the period ${plan.period} has ended: its plan stands`);
      const open = await tx.getRepository(CheckRow).find({ where: { planId: id, status: 'open' }, order: { seq: 'ASC' }, lock: { mode: 'pessimistic_write' } });
      for (const check of open) {
        const row = await tx.getRepository(CaseRow).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id: check.id }).getOne();
        if (row && row.state.status !== 'completed') {
          await this.runtime.apply(
            tx,
            row,
            { type: 'Withdraw', reason: `plan cancelled: ${text}`, actor: SUPERVISION_SYSTEM },
            { correlationId: id, input: { planCancelled: id, by: user.id, reason: text } },
          );
        }
        await tx.getRepository(CheckRow).update({ id: check.id }, { status: 'cancelled' });
      }
      await tx.getRepository(PlanRow).update({ id }, { cancelledAt: now, cancelledBy: user.id, cancelReason: text });
      await this.records.write(tx, 'plan', id, 'cancelled', user.id);
      // an override the integrity report lists (DOMAIN.md "Integrity": a cancelled plan)
      await recordIntegrityFact(tx, {
        list: 'overrides',
        caseId: id,
        applicationId: null,
        userId: user.id,
        creditCode: '',
        at: now,
        detail: { kind: 'plan_cancelled', period: plan.period, reason: text, checksWithdrawn: open.length },
      });
      await tx
        .getRepository(PlanEventRow)
        .insert(rowValues<PlanEventRow>({ planId: id, at: now, actor: user.id, action: 'cancelled', detail: { reason: text, checksWithdrawn: open.length } }));
      this.logger.log({ planId: id, by: user.id, checksWithdrawn: open.length }, 'supervision plan cancelled');
      const checks = await tx.getRepository(CheckRow).find({ where: { planId: id }, order: { seq: 'ASC' } });
      return this.planView({ ...plan, cancelledAt: now, cancelledBy: user.id, cancelReason: text }, today, checks);
    });
  }

  // ---- staff views -------------------------------------------------------------------------------

  /** A plan as staff see it: the draw and its checks; the seed only once the period has ended. */
  planView(plan: PlanRow, today: string, checks: CheckRow[]) {
    return { ...this.summary(plan, today), checks: checks.map((c) => ({ id: c.id, creditCode: c.creditCode, inspectors: c.inspectors, offSite: c.offSite })) };
  }

  /** What a plan says of itself, to staff and the public alike (no entity, no inspector). */
  private summary(plan: PlanRow, today: string) {
    const ended = periodEnded(plan, today);
    const p = plan.inputs as unknown as PlanParams;
    return {
      id: plan.id,
      name: plan.name,
      period: plan.period,
      status: plan.cancelledAt ? ('cancelled' as const) : ('drawn' as const),
      ratios: p.ratios,
      inspectorsPerCheck: p.inspectorsPerCheck,
      counts: plan.counts,
      seedCommitment: plan.seedCommitment,
      seedCommittedAtDraw: plan.seedCommitted,
      seed: ended ? plan.seed : null,
      periodEnded: ended,
      inputsHash: plan.inputsHash,
      algorithm: plan.algorithm,
      drawnAt: plan.drawnAt.toISOString(),
      dueDate: plan.dueDate,
      cancelledAt: plan.cancelledAt?.toISOString() ?? null,
      cancelReason: plan.cancelReason,
    };
  }

  async plan(id: string) {
    const { today } = await this.today();
    const plan = await this.plans().where('p.id = :id', { id }).getOne();
    if (!plan) throw notFound('plan');
    const checks = await this.db.getRepository(CheckRow).find({ where: { planId: id }, order: { seq: 'ASC' } });
    const events = await this.db.getRepository(PlanEventRow).find({ where: { planId: id }, order: { id: 'ASC' } });
    return {
      ...this.planView(plan, today, checks),
      cancelledBy: plan.cancelledBy,
      drawnBy: plan.drawnBy,
      history: events.map((e) => ({ at: e.at.toISOString(), actor: e.actor, action: e.action, detail: e.detail })),
    };
  }

  async list(q: { limit?: number; cursor?: string }) {
    const { today } = await this.today();
    const page = await this.planPage(q);
    const byPlan = new Map<string, CheckRow[]>(page.items.map((p) => [p.id, []]));
    if (page.items.length)
      for (const c of await this.db.getRepository(CheckRow).find({ where: { planId: In(page.items.map((p) => p.id)) }, order: { seq: 'ASC' } }))
        byPlan.get(c.planId)?.push(c);
    return { items: page.items.map((p) => this.planView(p, today, byPlan.get(p.id) ?? [])), nextCursor: page.nextCursor };
  }

  /** A page of plans, newest first, with the shared keyset cursor (its id a uuid: anything else is 400). */
  private async planPage(q: { limit?: number; cursor?: string }): Promise<Page<PlanRow>> {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, UUID_CURSOR_ID);
    const qb = this.plans();
    if (after) qb.andWhere('(p.drawn_at, p.id) < (:at, :id)', { at: after.at, id: after.id });
    const rows = await qb
      .orderBy('p.drawn_at', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit && items.length ? encodeCursor(items[items.length - 1].drawnAt, items[items.length - 1].id) : null };
  }

  /**
   * Checks the stored seed against the published commitment, and draws again from the stored inputs and seed:
   * the result must equal the stored draw and the checks opened. Reveals nothing (staff, auditor).
   */
  async verify(id: string) {
    const plan = await this.plans().addSelect('p.result').where('p.id = :id', { id }).getOne();
    if (!plan) throw notFound('plan');
    const differences: string[] = [];
    if (!matchesCommitment(plan.seed, plan.seedCommitment)) differences.push('the stored seed does not match the published seedCommitment');
    const p = plan.inputs as unknown as PlanParams;
    const inputs: DrawInputs = {
      period: p.period,
      ratios: p.ratios,
      inspectorsPerCheck: p.inspectorsPerCheck,
      entities: await this.allInputs<DrawEntity>(this.db, id, 'entity'),
      roster: await this.allInputs<DrawInspector>(this.db, id, 'inspector'),
    };
    if (inputsHash(inputs) !== plan.inputsHash) differences.push('the stored inputs no longer hash to the published inputsHash');
    let again: DrawnCheck[] = [];
    try {
      again = draw(plan.seed, inputs);
    } catch (err) {
      differences.push(`drawing again fails: ${(err as Error).message}`);
    }
    differences.push(...compareDraws(plan.result as DrawnCheck[], again));
    const checks = await this.db.getRepository(CheckRow).find({ where: { planId: id }, order: { seq: 'ASC' } });
    const stored: DrawnCheck[] = checks.map((c) => ({ creditCode: c.creditCode, inspectors: c.inspectors, offSite: c.offSite, group: 'key' }));
    differences.push(
      ...compareDraws(
        stored,
        again.map((c) => ({ ...c, group: 'key' })),
      ).map((d) => `checks: ${d}`),
    );
    const counts = drawCounts(inputs, again);
    for (const g of Object.keys(counts) as DrawGroup[]) {
      const published = plan.counts[g];
      if (!published || published.entities !== counts[g].entities || published.drawn !== counts[g].drawn)
        differences.push(`counts: ${g} published ${JSON.stringify(published ?? null)}, drawn again ${JSON.stringify(counts[g])}`);
    }
    return differences.length ? { ok: false, differences } : { ok: true };
  }

  /** A page of a plan's inputs in canonical order; `publicView`: only once the period has ended, and never a conflict. */
  async inputs(id: string, q: { kind?: 'entities' | 'roster'; limit?: number; cursor?: string }, publicView: boolean) {
    const plan = await this.publishable(id, publicView);
    const kind: PlanInputKind = q.kind === 'roster' ? 'inspector' : 'entity';
    const page = await this.seqPage(
      this.db.getRepository(PlanInputRow).createQueryBuilder('i').where('i.plan_id = :id AND i.kind = :kind', { id, kind }),
      'i.seq',
      q,
      plan.drawnAt,
    );
    const items = page.items.map((r) => (kind === 'inspector' && publicView ? { userId: (r.data as unknown as DrawInspector).userId } : r.data));
    return { kind: q.kind ?? 'entities', items, nextCursor: page.nextCursor };
  }

  /** A page of a plan's checks in draw order with their outcomes, for the public once the period has ended. */
  async publicChecks(id: string, q: { limit?: number; cursor?: string }) {
    const plan = await this.publishable(id, true);
    const page = await this.seqPage(this.db.getRepository(CheckRow).createQueryBuilder('c').where('c.plan_id = :id', { id }), 'c.seq', q, plan.drawnAt);
    const ids = page.items.map((c) => c.id);
    const penalties = ids.length
      ? await this.db
          .getRepository(PenaltyRow)
          .createQueryBuilder('x')
          .where('x.check_id IN (:...ids)', { ids })
          .andWhere('x.published_at IS NOT NULL')
          .getMany()
      : [];
    const items = page.items.map((c) => {
      const penalty = penalties.find((x) => x.checkId === c.id);
      return {
        creditCode: c.creditCode,
        offSite: c.offSite,
        outcome: c.status === 'open' || c.status === 'disputed' ? null : c.status,
        recordedOn: c.recordedAt ? shanghaiDate(c.recordedAt) : null,
        penalty: penalty ? { decidedOn: penalty.decidedOn, publishedAt: penalty.publishedAt?.toISOString() ?? null } : null,
      };
    });
    return { items, nextCursor: page.nextCursor };
  }

  /** The plan, if its draw may be shown: to staff always, to the public once the period has ended. */
  private async publishable(id: string, publicView: boolean): Promise<PlanRow> {
    const plan = await this.db.getRepository(PlanRow).findOne({ where: { id } });
    if (!plan) throw notFound('plan');
    if (publicView && !periodEnded(plan, (await this.today()).today))
      throw new DomainError('FORBIDDEN', `the entities drawn and the inputs of plan ${id} are published once its period has ended (after ${plan.dueDate})`);
    return plan;
  }

  /** A page in `seq` order; the cursor is the shared (at, id) one with the plan's draw time and the last seq. */
  private async seqPage<T extends { seq: number }>(
    qb: SelectQueryBuilder<T>,
    seq: string,
    q: { limit?: number; cursor?: string },
    drawnAt: Date,
  ): Promise<Page<T>> {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, SEQ_CURSOR_ID);
    if (after) qb.andWhere(`${seq} > :after`, { after: Number(after.id) });
    const rows = await qb
      .orderBy(seq, 'ASC')
      .limit(limit + 1)
      .getMany();
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit && items.length ? encodeCursor(drawnAt, String(items[items.length - 1].seq)) : null };
  }

  // ---- publication -------------------------------------------------------------------------------

  /**
   * The public list: name, period, ratios, counts per class, commitment, inputs hash and algorithm from the
   * draw on; the seed and the parameters once the period has ended (the entities, roster and outcomes are
   * paged apart). Never an entity or an inspector here, never a conflict.
   */
  async publicList(q: { limit?: number; cursor?: string }) {
    const { today } = await this.today();
    const page = await this.planPage(q);
    return { items: page.items.map((plan) => this.summary(plan, today)), nextCursor: page.nextCursor };
  }
}
