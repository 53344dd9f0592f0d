import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { onReplica } from '@permits/persistence';
import { shanghaiDate } from '@permits/workflow/calendar';
import { keysetPage } from '@permits/core';
import { ApplicationRow } from '../applications/application.entity';
import { shanghaiRange } from '../reports/business-environment.query';

/** Reads of the decided licences the law publishes (API.md, "Public information"). */
@Injectable()
export class PublicDecisionQueries {
  constructor(private readonly db: DataSource) {}

  /** A page of decisions in [from, to] (checked calendar days), newest first (as every list, API.md), after the decoded cursor. */
  async decisions(q: { from: string; to: string; limit?: number; cursor?: string }) {
    const { start, end } = shanghaiRange(q.from, q.to);
    // a public list of past decisions: the read replica, when there is one
    const page = await onReplica(this.db, (m) => {
      const qb = m
        .getRepository(ApplicationRow)
        .createQueryBuilder('a')
        .where("a.status IN ('approved', 'denied')")
        .andWhere('a.decided_at >= :start AND a.decided_at < :end', { start, end });
      return keysetPage(qb, q, 'a.decided_at', 'a.id', (a) => [a.decidedAt as Date, a.id]);
    });
    return {
      items: page.items.map((a) => ({
        applicationId: a.id,
        licenseType: a.licenseType,
        subItemCode: a.subItemCode,
        projectName: typeof a.project.name === 'string' ? a.project.name : null,
        applicant: { name: a.applicantName, creditCode: a.creditCode },
        outcome: a.status,
        decidedOn: shanghaiDate(a.decidedAt as Date),
        decisionNo: a.decisionNo,
      })),
      nextCursor: page.nextCursor,
    };
  }
}
