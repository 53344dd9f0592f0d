import { Controller, Get, Inject, Injectable, Logger, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiExtraModels, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request } from 'express';
import { BUSINESS_ENVIRONMENT_CSV_EXAMPLE, BUSINESS_ENVIRONMENT_EXAMPLE, BusinessEnvironmentDto } from '../responses';
import { IsIn, IsOptional } from 'class-validator';
import { IsDay } from '@permits/contracts/validation';
import { DataSource } from 'typeorm';
import { onReplica } from '@permits/persistence';
import { Roles } from '@permits/auth';
import { ServicePortsConfig } from '@permits/config';
import { ApiErrors, CONFIG, DomainError, safeErrorMessage } from '@permits/http';
import { CaseRow } from '@permits/workflow-runtime';
import { ACCEPTANCE_DEFINITION } from '../acceptance/acceptance.effects';
import { ApplicationRow } from '../applications/application.entity';
import { CatalogService } from '../catalog/catalog.service';
import { businessEnvironmentReport, DecidedCase, isCalendarDate, reportCsv } from './business-environment';

export class ReportRangeQuery {
  @ApiProperty({ example: '2026-01-01', description: 'first day (Asia/Shanghai), inclusive' })
  @IsDay()
  from: string;

  @ApiProperty({ example: '2026-12-31', description: 'last day (Asia/Shanghai), inclusive' })
  @IsDay()
  to: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'csv: the same figures, one a row (scope,licenseType,figure,value)' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

/** [from 00:00, the day after to 00:00) in China Standard Time, as instants. */
export function shanghaiRange(from: string, to: string): { start: Date; end: Date } {
  const start = new Date(`${from}T00:00:00+08:00`);
  const end = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 24 * 3600_000);
  return { start, end };
}

@Injectable()
export class BusinessEnvironmentQuery {
  constructor(
    private readonly db: DataSource,
    private readonly catalog: CatalogService,
  ) {}

  async report(from: string, to: string) {
    const { start, end } = shanghaiRange(from, to);
    const items = await this.catalog.items();
    // figures over past days: the read replica, when there is one, may be a moment behind
    const [received, acceptance, decided] = await onReplica(this.db, (m) =>
      Promise.all([
        // every application received in the range (the day it arrived, Shanghai), by channel
        m
          .getRepository(ApplicationRow)
          .createQueryBuilder('a')
          .select('a.channel', 'channel')
          .addSelect('count(*)::int', 'n')
          .where('a.received_on BETWEEN :from AND :to', { from, to })
          .groupBy('a.channel')
          .getRawMany<{ channel: string; n: number }>(),
        // acceptance decisions: intake's own acceptance cases, closed in the range as accepted or not accepted
        m
          .getRepository(CaseRow)
          .createQueryBuilder('c')
          .select('c.status', 'status')
          .addSelect('count(*)::int', 'n')
          .where('c.definition_key = :key', { key: ACCEPTANCE_DEFINITION.key })
          .andWhere("c.status IN ('accepted', 'not_accepted')")
          .andWhere('c.closed_at >= :start AND c.closed_at < :end', { start, end })
          .groupBy('c.status')
          .getRawMany<{ status: string; n: number }>(),
        // decisions: the final status the owning services pushed back (case.status-changed.v1)
        m
          .getRepository(ApplicationRow)
          .createQueryBuilder('a')
          .select(['a.id', 'a.licenseType', 'a.subItemCode', 'a.status', 'a.elapsedDays', 'a.daysSaved', 'a.withinCommitted'])
          .where("a.status IN ('approved', 'denied')")
          .andWhere('a.decided_at >= :start AND a.decided_at < :end', { start, end })
          .getMany(),
      ]),
    );
    const count = (status: string) => acceptance.find((r) => r.status === status)?.n ?? 0;
    // the sub-item's committed limit (a key-management case moved to its on-site-check limits is measured against the catalog's)
    const committed = new Map(items.flatMap((i) => i.subItems.map((sub) => [sub.code, sub.committedLimit.days] as const)));
    return businessEnvironmentReport({
      from,
      to,
      items,
      receivedByChannel: Object.fromEntries(received.map((r) => [r.channel, r.n])),
      acceptance: { accepted: count('accepted'), notAccepted: count('not_accepted') },
      decided: decided.map((a) => ({
        licenseType: a.licenseType,
        status: a.status as DecidedCase['status'],
        elapsedDays: a.elapsedDays,
        daysSaved: a.daysSaved,
        withinCommitted: a.withinCommitted,
        committedDays: committed.get(a.subItemCode) ?? null,
      })),
    });
  }
}

/**
 * The supervision figures come from the supervision service's published API (never its tables), asked with
 * the caller's token; when it does not answer, the report says so (`supervision: null`, and in the CSV a row
 * `supervision,,available,false`) rather than failing. A published API read live, not a summary replicated over
 * the queue: the figures are over any range of days and must be today's, and supervision stays their one owner.
 * Intake renders the CSV, so it, not the gateway, asks.
 */
@Injectable()
export class SupervisionFiguresClient {
  private readonly logger = new Logger(SupervisionFiguresClient.name);

  constructor(@Inject(CONFIG) private readonly config: ServicePortsConfig) {}

  async figures(from: string, to: string, authorization: string | undefined): Promise<Record<string, unknown> | null> {
    try {
      const res = await fetch(`${this.config.serviceUrl('supervision')}/api/v1/supervision/figures?from=${from}&to=${to}`, {
        headers: authorization ? { authorization } : {},
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`answered ${res.status}`);
      return (await res.json()) as Record<string, unknown>;
    } catch (err) {
      this.logger.warn({ err: safeErrorMessage(err) }, 'supervision figures unavailable');
      return null;
    }
  }
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports')
export class ReportsController {
  constructor(
    private readonly query: BusinessEnvironmentQuery,
    private readonly supervision: SupervisionFiguresClient,
  ) {}

  @Get('business-environment')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({ summary: 'The business-environment figures for a range of days (Asia/Shanghai, inclusive), from live data' })
  @ApiExtraModels(BusinessEnvironmentDto)
  @ApiResponse({
    status: 200,
    description: 'the figures (format=csv: one a row, scope,licenseType,figure,value)',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(BusinessEnvironmentDto) }, example: BUSINESS_ENVIRONMENT_EXAMPLE },
      'text/csv': { schema: { type: 'string' }, example: BUSINESS_ENVIRONMENT_CSV_EXAMPLE },
    },
  })
  @ApiErrors(400, 401, 403)
  async report(@Query() q: ReportRangeQuery, @Res({ passthrough: true }) res: Response, @Req() req: Request) {
    // the caller's own token asks supervision for its figures (not a parameter of this operation)
    const authorization = req.headers.authorization;
    const problems = [
      ...(isCalendarDate(q.from) ? [] : [`from: ${q.from} is not a calendar date`]),
      ...(isCalendarDate(q.to) ? [] : [`to: ${q.to} is not a calendar date`]),
    ];
    if (!problems.length && q.from > q.to) problems.push(`from (${q.from}) is after to (${q.to})`);
    if (problems.length) throw new DomainError('VALIDATION_FAILED', problems, 400);
    const [report, supervision] = await Promise.all([this.query.report(q.from, q.to), this.supervision.figures(q.from, q.to, authorization)]);
    if (q.format !== 'csv') return { ...report, supervision };
    // the CSV carries the same figures: the bureau's, then supervision's (scope `supervision`)
    res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', `attachment; filename="business-environment-${q.from}-${q.to}.csv"`);
    return reportCsv(report, supervision);
  }
}
