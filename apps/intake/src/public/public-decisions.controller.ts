import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiErrors, DomainError } from '@permits/http';
import { PUBLIC_DECISIONS_EXAMPLE, PublicDecisionPageDto } from '../responses';
import { Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { onReplica } from '@permits/persistence';
import { Public } from '@permits/auth';
import { shanghaiDate } from '@permits/workflow/calendar';
import { decodeCursor, encodeCursor, ListQuery } from '@permits/workflow-runtime';
import { ApplicationRow } from '../applications/application.entity';
import { isCalendarDate } from '../reports/business-environment';
import { shanghaiRange } from '../reports/reports.controller';

export class PublicDecisionsQuery extends ListQuery {
  @ApiProperty({ example: '2026-01-01', description: 'first decision day (Asia/Shanghai), inclusive' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date YYYY-MM-DD' })
  from: string;

  @ApiProperty({ example: '2026-12-31', description: 'last decision day (Asia/Shanghai), inclusive' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date YYYY-MM-DD' })
  to: string;
}

/**
 * The "result published" stage (API.md, "Public information"): decided licences, for anyone, no token.
 * Only what the law publishes: licence type, project name, applicant name and credit code, outcome,
 * decision date and the permit or filing number; never materials, comments or staff. The number reaches
 * intake with the owner's status message (case.status-changed.v1), never from another service's tables.
 */
@ApiTags('public')
@Controller('api/v1/public')
export class PublicDecisionsController {
  constructor(private readonly db: DataSource) {}

  @Get('decisions')
  @Public()
  @ApiOperation({ summary: 'Decided licences in a range of decision days (Asia/Shanghai, inclusive); no token', security: [] })
  @ApiOkResponse({ type: PublicDecisionPageDto, example: PUBLIC_DECISIONS_EXAMPLE })
  @ApiErrors(400)
  async decisions(@Query() q: PublicDecisionsQuery) {
    const problems = [
      ...(isCalendarDate(q.from) ? [] : [`from: ${q.from} is not a calendar date`]),
      ...(isCalendarDate(q.to) ? [] : [`to: ${q.to} is not a calendar date`]),
    ];
    if (!problems.length && q.from > q.to) problems.push(`from (${q.from}) is after to (${q.to})`);
    const after = decodeCursor(q.cursor);
    if (q.cursor && !after) problems.push('cursor: not a cursor of this list');
    if (problems.length) throw new DomainError('VALIDATION_FAILED', problems, 400);
    const limit = q.limit ?? 50;
    const { start, end } = shanghaiRange(q.from, q.to);
    // a public list of past decisions: the read replica, when there is one
    const rows = await onReplica(this.db, (m) => {
      const qb = m
        .getRepository(ApplicationRow)
        .createQueryBuilder('a')
        .where("a.status IN ('approved', 'denied')")
        .andWhere('a.decided_at >= :start AND a.decided_at < :end', { start, end });
      if (after) qb.andWhere('(a.decided_at, a.id) > (:at, :aid)', { at: after.at, aid: after.id });
      return qb
        .orderBy('a.decided_at', 'ASC')
        .addOrderBy('a.id', 'ASC')
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
