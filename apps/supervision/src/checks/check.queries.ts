import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthUser, hasRole } from '@permits/auth';
import { CheckRow, InspectorRow } from '../entities';
import { keysetPage } from '@permits/core';
import { checkView } from './check-view';
import { CheckListQuery } from './dto';

/** Checks, read: an inspector on the roster sees their own; other staff see all. */
@Injectable()
export class CheckQueries {
  constructor(private readonly db: DataSource) {}

  async list(user: AuthUser, q: CheckListQuery) {
    const qb = this.db.getRepository(CheckRow).createQueryBuilder('c');
    const inspector = await this.db.getRepository(InspectorRow).findOne({ where: { userId: user.id } });
    if (inspector && !hasRole(user, 'head', 'admin', 'auditor')) qb.andWhere(':me = ANY(c.inspectors)', { me: user.id });
    if (q.planId) qb.andWhere('c.plan_id = :plan', { plan: q.planId });
    if (q.status) qb.andWhere('c.status = :status', { status: q.status });
    const p = await keysetPage(qb, q, 'c.created_at', 'c.id', (l) => [l.createdAt, l.id]);
    return { items: p.items.map(checkView), nextCursor: p.nextCursor };
  }
}
