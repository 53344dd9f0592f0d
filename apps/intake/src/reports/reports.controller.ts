import { Controller, Get, Inject, Injectable, Logger, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { BUSINESS_ENVIRONMENT_CSV_EXAMPLE, BUSINESS_ENVIRONMENT_EXAMPLE, BusinessEnvironmentDto } from '../responses';
import { IsIn, IsOptional } from 'class-validator';
import { Roles } from '@permits/auth';
import { ServicePortsConfig } from '@permits/config';
import { ApiErrors, CONFIG } from '@permits/http';
import { DomainError, IsIsoDate, safeErrorMessage } from '@permits/core';
import { reportCsv } from './business-environment';
import { BusinessEnvironmentQuery } from './business-environment.query';

export class ReportRangeQuery {
  @ApiProperty({ example: '2026-01-01', description: 'first day (Asia/Shanghai), inclusive' })
  @IsIsoDate()
  from: string;

  @ApiProperty({ example: '2026-12-31', description: 'last day (Asia/Shanghai), inclusive' })
  @IsIsoDate()
  to: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'csv: the same figures, one a row (scope,licenseType,figure,value)' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
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
    // from and to are existing dates (IsIsoDate)
    const problems: string[] = [];
    if (q.from > q.to) problems.push(`from (${q.from}) is after to (${q.to})`);
    if (problems.length) throw new DomainError('VALIDATION_FAILED', problems);
    const [report, supervision] = await Promise.all([this.query.report(q.from, q.to), this.supervision.figures(q.from, q.to, authorization)]);
    if (q.format !== 'csv') return { ...report, supervision };
    // the CSV carries the same figures: the bureau's, then supervision's (scope `supervision`)
    void res.type('text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="business-environment-${q.from}-${q.to}.csv"`);
    return reportCsv(report, supervision);
  }
}
