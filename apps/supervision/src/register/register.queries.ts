import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@permits/clock';
import { shanghaiDate } from '@permits/workflow/calendar';
import { EntityHistoryRow, RegulatedEntityRow } from '../entities';
import { keysetPage, DomainError } from '@permits/core';
import { EntityListQuery } from './dto';
import { entityView } from './positive-list';

/** The register of regulated entities, read: the list (by class, on or off the positive list) and one entity with its history. */
@Injectable()
export class RegisterQueries {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(q: EntityListQuery) {
    const today = shanghaiDate(await this.clock.now());
    const qb = this.db.getRepository(RegulatedEntityRow).createQueryBuilder('e').where('e.active');
    if (q.riskClass) qb.andWhere('e.risk_class = :rc', { rc: q.riskClass });
    const positive = `e.online_monitoring AND (e.penalty_until IS NULL OR e.penalty_until <= :today) AND (e.alarm_until IS NULL OR e.alarm_until <= :today) AND e.open_violations = 0`;
    if (q.positiveList === 'true') qb.andWhere(positive, { today });
    if (q.positiveList === 'false') qb.andWhere(`NOT (${positive})`, { today });
    const p = await keysetPage(qb, q, 'e.updated_at', 'e.credit_code', (l) => [l.updatedAt, l.creditCode]);
    return { items: p.items.map((e) => entityView(e, today)), nextCursor: p.nextCursor };
  }

  async detail(creditCode: string) {
    const today = shanghaiDate(await this.clock.now());
    const e = await this.db.getRepository(RegulatedEntityRow).findOne({ where: { creditCode } });
    if (!e) throw new DomainError('NOT_FOUND', 'regulated entity not found');
    const history = await this.db.getRepository(EntityHistoryRow).find({ where: { creditCode }, order: { id: 'ASC' } });
    return {
      ...entityView(e, today),
      permits: e.permits,
      penaltyUntil: e.penaltyUntil,
      alarmUntil: e.alarmUntil,
      history: history.map((h) => ({ at: h.at.toISOString(), actor: h.actor, action: h.action, detail: h.detail })),
    };
  }
}
