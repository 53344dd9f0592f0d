import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { onReplica } from '@permits/persistence';
import { shanghaiDate } from '@permits/workflow/calendar';
import { encodeCursor } from '@permits/core';
import { ApplicationRow } from '../applications/application.entity';
import { shanghaiRange } from '../reports/business-environment.query';

/** Reads of the decided licences the law publishes (API.md, "Public information"). */
@Injectable()
export class PublicDecisionQueries {
  constructor(private readonly db: DataSource) {}

  /** A page of decisions in [from, to] (checked calendar days), newest first (as every list, API.md), after the decoded cursor. */
  async decisions(q: { from: string; to: string; limit?: number }, after: { at: string; id: string } | undefined) {
    const limit = q.limit ?? 50;
    const { start, end } = shanghaiRange(q.from, q.to);
    // a public list of past decisions: the read replica, when there is one
    const rows = await onReplica(this.db, (m) => {
      const qb = m
        .getRepository(ApplicationRow)
        .createQueryBuilder('a')
        .where("a.status IN ('approved', 'denied')")
        .andWhere('a.decided_at >= :start AND a.decided_at < :end', { start, end });
      if (after) qb.andWhere('(a.decided_at, a.id) < (:at, :aid)', { at: after.at, aid: after.id });
      return qb
        .orderBy('a.decided_at', 'DESC')
        .addOrderBy('a.id', 'DESC')
        .limit(limit + 1)
        .getMany();
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((a) => ({
        applicationId: a.id,
        licenseType: a.licenseType,
        subItemCode: a.subItemCode,
        projectName: typeof a.project.name === 'string' ? a.project.name : null,
        applicant: { name: a.applicantName, creditCode: a.creditCode },
        outcome: a.status,
        decidedOn: shanghaiDate(a.decidedAt as Date),
        decisionNo: a.decisionNo,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.decidedAt as Date, last.id) : null,
    };
  }
}
