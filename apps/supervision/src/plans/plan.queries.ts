import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { Clock } from '@permits/clock';
import { shanghaiDate } from '@permits/workflow/calendar';
import { CheckRow, PenaltyRow, PlanRow } from '../entities';
import { compareDraws, draw, DrawEntity, drawCounts, DrawGroup, DrawInputs, DrawInspector, DrawnCheck, inputsHash, matchesCommitment } from './draw';
import { PlanEventRow, PlanInputKind, PlanInputRow } from './plan.entities';
import { periodEnded, PlanParams, planSummary, plansWithSeed, planView } from './plan-view';
import { DomainError, notFound, decodeCursor, encodeCursor, UUID_CURSOR_ID, keysetPage } from '@permits/core';

/** The id in a cursor over a plan's inputs or checks: the position (seq) of the last row. */
const SEQ_CURSOR_ID = /^\d{1,9}$/;

type Page<T> = { items: T[]; nextCursor: string | null };

/**
 * "Double random" plans, read (API.md "Supervision"): staff views, verification, and what is published of
 * them and when.
 */
@Injectable()
export class PlanQueries {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  private async today(): Promise<{ now: Date; today: string }> {
    const now = await this.clock.now();
    return { now, today: shanghaiDate(now) };
  }

  private plans(m: EntityManager | DataSource = this.db, alias = 'p'): SelectQueryBuilder<PlanRow> {
    return plansWithSeed(m, alias);
  }

  /** Every input of a plan (entities or roster) in canonical order: for verify, which draws again. */
  private async allInputs<T>(m: EntityManager | DataSource, planId: string, kind: PlanInputKind): Promise<T[]> {
    const rows = await m.getRepository(PlanInputRow).find({ where: { planId, kind }, order: { seq: 'ASC' } });
    return rows.map((r) => r.data as T);
  }

  async plan(id: string) {
    const { today } = await this.today();
    const plan = await this.plans().where('p.id = :id', { id }).getOne();
    if (!plan) throw notFound('plan');
    const checks = await this.db.getRepository(CheckRow).find({ where: { planId: id }, order: { seq: 'ASC' } });
    const events = await this.db.getRepository(PlanEventRow).find({ where: { planId: id }, order: { id: 'ASC' } });
    return {
      ...planView(plan, today, checks),
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
    return { items: page.items.map((p) => planView(p, today, byPlan.get(p.id) ?? [])), nextCursor: page.nextCursor };
  }

  /** A page of plans, newest first, with the shared keyset cursor (its id a uuid: anything else is 400). */
  private async planPage(q: { limit?: number; cursor?: string }): Promise<Page<PlanRow>> {
    return keysetPage(this.plans(), q, 'p.drawn_at', 'p.id', (p) => [p.drawnAt, p.id], UUID_CURSOR_ID);
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
    return { items: page.items.map((plan) => planSummary(plan, today)), nextCursor: page.nextCursor };
  }
}
