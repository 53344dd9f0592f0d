// GET /api/v1/reports/integrity (API.md "Who may act"; DOMAIN.md "Integrity"): each case service answers its part
// from its own integrity_events (/internal/integrity, libs/workflow-runtime/src/integrity-part.ts); the gateway
// merges them, and counts repeated assignments over every service (one person, one enterprise, one year).
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { Roles } from '@permits/auth';
import { ApiErrors, RETRY_AFTER_SECONDS } from '@permits/http';
import { toCsv } from '@permits/core';
import {
  INTEGRITY_LISTS,
  IntegrityRangeQuery,
  rangeInstants,
  type IntegrityItem,
  type IntegrityList,
  type IntegrityPart,
} from '@permits/workflow-runtime/integrity';
import { CASE_SERVICES } from './routes';
import { Upstream } from './upstream';

/** One person given cases of one enterprise in one year: listed from this many cases on (DOMAIN.md). */
export const REPEATED_ASSIGNMENTS_FROM = 3;

export interface IntegrityReportItem {
  caseId: string;
  applicationId: string | null;
  userId: string;
  at?: string;
  detail: Record<string, unknown>;
}
export type IntegrityReport = Record<IntegrityList, IntegrityReportItem[]> & { truncated: string[] };

const byNewest = (a: IntegrityItem, b: IntegrityItem) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0);

/** The services' parts as one report: the lists newest first; repeated assignments counted over every part. */
export function combineIntegrity(parts: IntegrityPart[]): IntegrityReport {
  const list = (name: Exclude<IntegrityList, 'repeatedAssignments'>) => parts.flatMap((p) => p[name] ?? []).sort(byNewest);
  const groups = new Map<string, { userId: string; creditCode: string; year: number; cases: Map<string, string | null> }>();
  for (const g of parts.flatMap((p) => p.assignments ?? [])) {
    const key = JSON.stringify([g.userId, g.creditCode, g.year]);
    const group = groups.get(key) ?? { userId: g.userId, creditCode: g.creditCode, year: g.year, cases: new Map<string, string | null>() };
    for (const c of g.cases) group.cases.set(c.caseId, c.applicationId);
    groups.set(key, group);
  }
  const repeatedAssignments = [...groups.values()]
    .filter((g) => g.cases.size >= REPEATED_ASSIGNMENTS_FROM)
    .sort(
      (a, b) => b.year - a.year || b.cases.size - a.cases.size || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : a.creditCode < b.creditCode ? -1 : 1),
    )
    .flatMap((g) =>
      [...g.cases.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([caseId, applicationId]) => ({
          caseId,
          applicationId,
          userId: g.userId,
          detail: { creditCode: g.creditCode, year: g.year, cases: g.cases.size },
        })),
    );
  return {
    fastDecisions: list('fastDecisions'),
    repeatedAssignments,
    outOfHours: list('outOfHours'),
    longPauses: list('longPauses'),
    recusals: list('recusals'),
    overrides: list('overrides'),
    truncated: [...new Set(parts.flatMap((p) => p.truncated ?? []))],
  };
}

export const INTEGRITY_CSV_COLUMNS = ['list', 'caseId', 'applicationId', 'userId', 'at', 'detail'] as const;

/** The report as CSV: one line per item, the list first; every field defused against spreadsheet formulas. */
export function integrityCsv(report: IntegrityReport): string {
  const rows = INTEGRITY_LISTS.flatMap((name) => report[name].map((item) => [name, item.caseId, item.applicationId, item.userId, item.at ?? '', item.detail]));
  return toCsv([INTEGRITY_CSV_COLUMNS, ...rows]);
}

export class IntegrityReportQuery extends IntegrityRangeQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

export class IntegrityItemDto {
  @ApiProperty({ example: '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e' }) caseId: string;
  @ApiProperty({ type: String, nullable: true, example: '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e', description: 'the application (null for a supervision case)' })
  applicationId: string | null;
  @ApiProperty({ example: 'head-approval-1', description: 'the person (a system actor for what the law did on its own)' }) userId: string;
  @ApiPropertyOptional({ example: '2026-10-08T12:30:00.000Z', description: 'when it was recorded (not for repeatedAssignments)' }) at?: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { kind: 'extension', days: 10, reason: 'expert opinion pending' } }) detail: Record<
    string,
    unknown
  >;
}

export class IntegrityReportDto {
  @ApiProperty({ type: [IntegrityItemDto], description: 'decided in under a quarter of the committed limit, or within one working hour of acceptance' })
  fastDecisions: IntegrityItemDto[];
  @ApiProperty({
    type: [IntegrityItemDto],
    description: `one person given (claimed, delegated, transferred) ${REPEATED_ASSIGNMENTS_FROM} or more cases of one enterprise in a year: one item per case`,
  })
  repeatedAssignments: IntegrityItemDto[];
  @ApiProperty({ type: [IntegrityItemDto], description: 'a decision or countersign vote outside 08:00-18:00 China time or on a rest day' })
  outOfHours: IntegrityItemDto[];
  @ApiProperty({ type: [IntegrityItemDto], description: 'paused days exceeding counted days' }) longPauses: IntegrityItemDto[];
  @ApiProperty({ type: [IntegrityItemDto], description: 'every recusal, with its reason' }) recusals: IntegrityItemDto[];
  @ApiProperty({ type: [IntegrityItemDto], description: 'countersign departments removed or added, extensions, deemed acceptances and renewals' })
  overrides: IntegrityItemDto[];
  @ApiProperty({ type: [String], example: [], description: 'lists cut at 5,000 items per service: narrow the range' }) truncated: string[];
}

const ITEM_EXAMPLE = {
  caseId: '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e',
  applicationId: '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e',
  userId: 'head-approval-1',
  at: '2026-10-08T12:30:00.000Z',
};
const INTEGRITY_EXAMPLE = {
  fastDecisions: [],
  repeatedAssignments: [],
  outOfHours: [{ ...ITEM_EXAMPLE, detail: { taskKind: 'decision', outcome: 'approve', localTime: '2026-10-08 20:30', restDay: false } }],
  longPauses: [],
  recusals: [{ ...ITEM_EXAMPLE, userId: 'officer-eia-2', detail: { reason: 'my brother works for the applicant' } }],
  overrides: [{ ...ITEM_EXAMPLE, detail: { kind: 'extension', days: 10, reason: 'expert opinion pending' } }],
  truncated: [],
};

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports/integrity')
export class IntegrityReportController {
  constructor(private readonly upstream: Upstream) {}

  @Get()
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: "The integrity report: what the discipline office looks at, from every case service's record (auditor, admin)" })
  @ApiExtraModels(IntegrityReportDto)
  @ApiResponse({
    status: 200,
    description: 'the six lists (format=csv: list,caseId,applicationId,userId,at,detail)',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(IntegrityReportDto) }, example: INTEGRITY_EXAMPLE },
      'text/csv': { schema: { type: 'string' }, example: 'list,caseId,applicationId,userId,at,detail\r\n' },
    },
  })
  @ApiErrors(400, 401, 403)
  async report(@Query() q: IntegrityReportQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<IntegrityReport | string | unknown> {
    rangeInstants(q.from, q.to); // 400 for an empty or impossible range, before any service is asked
    const query = new URLSearchParams({ ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) }).toString();
    const answers = await Promise.all(CASE_SERVICES.map((s) => this.upstream.get<IntegrityPart>(s, `/internal/integrity${query ? `?${query}` : ''}`, req)));
    const failed = answers.find((a) => a.status >= 400);
    if (failed) {
      // a service's refusal (401, 403, 400) or its 503 (database or Redis away, with its Retry-After) as it answered
      if (failed.status === 503) void res.header('Retry-After', String(RETRY_AFTER_SECONDS));
      void res.status(failed.status);
      return failed.body;
    }
    const report = combineIntegrity(answers.map((a) => a.body));
    if (q.format !== 'csv') return report;
    void res.type('text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="integrity-${q.from ?? 'start'}-${q.to ?? 'today'}.csv"`);
    return integrityCsv(report);
  }
}
