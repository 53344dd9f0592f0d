import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthUser, hasRole, isStaff } from '@permits/auth';
import { PenaltyRow } from '../entities';
import { keysetPage, notFound } from '@permits/core';
import { PenaltyListQuery } from './dto';
import { penaltyView, publicPenaltyView } from './penalty-view';

const seesAll = (user: AuthUser) => isStaff(user) || hasRole(user, 'auditor');

/** Penalty cases, read: staff see all, an enterprise its own; the public the published decisions. */
@Injectable()
export class PenaltyQueries {
  constructor(private readonly db: DataSource) {}

  async list(user: AuthUser, q: PenaltyListQuery) {
    const staff = seesAll(user);
    const qb = this.db.getRepository(PenaltyRow).createQueryBuilder('p');
    if (!staff) qb.andWhere('p.credit_code = :cc', { cc: user.creditCode ?? '' });
    if (q.status) qb.andWhere('p.status = :status', { status: q.status });
    const page = await keysetPage(qb, q, 'p.created_at', 'p.id', (l) => [l.createdAt, l.id]);
    return { items: page.items.map((p) => penaltyView(p, staff)), nextCursor: page.nextCursor };
  }

  /** A penalty the caller may see: staff all; an enterprise its own (404 otherwise). */
  async one(user: AuthUser, id: string) {
    const p = await this.db.getRepository(PenaltyRow).findOne({ where: { id } });
    if (!p || (!isStaff(user) && !hasRole(user, 'auditor') && p.creditCode !== user.creditCode)) throw notFound('penalty');
    return penaltyView(p, seesAll(user));
  }

  /** Published penalty decisions, newest first (no token). */
  async published(q: { limit?: number; cursor?: string }) {
    const qb = this.db.getRepository(PenaltyRow).createQueryBuilder('p').where('p.published_at IS NOT NULL');
    const page = await keysetPage(qb, q, 'p.published_at', 'p.id', (l) => [l.publishedAt as Date, l.id]);
    return { items: page.items.map(publicPenaltyView), nextCursor: page.nextCursor };
  }
}
