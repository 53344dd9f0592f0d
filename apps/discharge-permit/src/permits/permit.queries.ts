import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthUser, isStaff } from '@permits/auth';
import { PermitEventRow, PermitRow } from './permit.entity';
import { notFound, keysetPage } from '@permits/core';

/** A permit as the API shows it. */
export const permitView = (p: PermitRow) => ({
  permitNo: p.permitNo,
  licenseType: p.licenseType,
  creditCode: p.creditCode,
  holderName: p.holderName,
  managementCategory: p.managementCategory,
  validFrom: p.validFrom,
  validTo: p.validTo,
  status: p.status,
  deemedRenewal: p.deemedRenewal,
  applicationId: p.applicationId,
  details: p.details,
});

const seesAll = (user: AuthUser) => isStaff(user) || user.roles.includes('auditor');

/** The permit register, read: an applicant sees its own permits; staff and auditors all. */
@Injectable()
export class PermitQueries {
  constructor(private readonly db: DataSource) {}

  /** Issued permits, newest first (keyset on issued_at, permit_no); staff may filter by holder. */
  async list(user: AuthUser, q: { limit?: number; cursor?: string; creditCode?: string }) {
    const qb = this.db.getRepository(PermitRow).createQueryBuilder('p');
    if (!seesAll(user)) qb.andWhere('p.credit_code = :cc', { cc: user.creditCode ?? '' });
    else if (q.creditCode) qb.andWhere('p.credit_code = :cc', { cc: q.creditCode });
    const page = await keysetPage(qb, q, 'p.issued_at', 'p.permit_no', (p) => [p.issuedAt, p.permitNo]);
    return { items: page.items.map(permitView), nextCursor: page.nextCursor };
  }

  /** One permit with the history of every change (the holder, or staff; 404 for anyone else). */
  async one(user: AuthUser, permitNo: string) {
    const permit = await this.db.getRepository(PermitRow).findOne({ where: { permitNo } });
    if (!permit || (!seesAll(user) && permit.creditCode !== user.creditCode)) throw notFound('permit');
    const events = await this.db.getRepository(PermitEventRow).find({ where: { permitNo: permit.permitNo }, order: { id: 'ASC' } });
    return {
      ...permitView(permit),
      history: events.map((e) => ({ at: e.at.toISOString(), action: e.action, applicationId: e.applicationId, detail: e.detail })),
    };
  }
}
