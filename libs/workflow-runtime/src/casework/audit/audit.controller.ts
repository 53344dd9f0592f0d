import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { AuthUser, CurrentUser, Roles } from '@permits/auth';
import { ApiErrors } from '@permits/http';
import { auditCsv, AuditCsvEntry } from '../../audit-csv';
import { AuditQuery, IdParam, StartVerificationDto } from '../../dto';
import { AUDIT_CSV_EXAMPLE, AUDIT_PAGE_EXAMPLE, AuditPageDto, AuditVerifyDto, VERIFICATION_EXAMPLE, VerificationDto } from '../../responses';
import { AuditQueries } from './audit.queries';
import { StartAuditVerification } from './commands/start-verification';

/** The audit trail: a case's entries (JSON or CSV), and the verification of this service's audit store. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/v1')
export class AuditController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: AuditQueries,
  ) {}

  @Get('applications/:id/audit')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({ summary: "The case's audit entries in order (format=csv: the same as CSV, for an export)" })
  @ApiResponse({
    status: 200,
    description: 'the entries, oldest first (format=csv: text/csv)',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(AuditPageDto) }, example: AUDIT_PAGE_EXAMPLE },
      'text/csv': { schema: { type: 'string' }, example: AUDIT_CSV_EXAMPLE },
    },
  })
  @ApiExtraModels(AuditPageDto)
  @ApiErrors(400, 401, 403, 404)
  async audit(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Query() q: AuditQuery, @Res({ passthrough: true }) res: Response) {
    const items = await this.queries.caseEntries(p.id, user);
    if (q.format !== 'csv') return { items, nextCursor: null };
    return csv(res, p.id, items);
  }

  @Get('applications/:id/audit.csv')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({ summary: "The case's audit entries in order, as CSV (seq, at, actor, action, payload, prevHash, hash)" })
  @ApiResponse({ status: 200, description: 'the entries, oldest first', content: { 'text/csv': { schema: { type: 'string' }, example: AUDIT_CSV_EXAMPLE } } })
  @ApiErrors(400, 401, 403, 404)
  async auditCsv(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Res({ passthrough: true }) res: Response) {
    return csv(res, p.id, await this.queries.caseEntries(p.id, user));
  }

  @Get('audit/verify')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: "Verifies this service's audit store (chains and anchors); a large store answers its newest verification job" })
  @ApiOkResponse({ type: AuditVerifyDto, description: 'checked now: ok with the entries, or where it breaks', example: { ok: true, entries: 5210 } })
  @ApiAcceptedResponse({
    type: AuditVerifyDto,
    description: 'a large store whose first background verification still runs',
    example: { ok: null, message: 'the store is large: POST /api/v1/audit/verifications and follow its progress' },
  })
  @ApiErrors(401, 403)
  verify() {
    return this.queries.verifyBounded();
  }

  @Post('audit/verifications')
  @HttpCode(202)
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: "Starts a verification of this service's audit store in the background (the gateway names the id)" })
  @ApiAcceptedResponse({
    type: VerificationDto,
    example: { ...VERIFICATION_EXAMPLE, status: 'running', progress: { checked: 0, total: 5210 }, result: null, finishedAt: null },
  })
  @ApiErrors(400, 401, 403)
  startVerification(@Body() body: StartVerificationDto) {
    return this.commands.execute(new StartAuditVerification(body.id));
  }

  @Get('audit/verifications/:id')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'A verification started by POST /audit/verifications: its status, progress and result' })
  @ApiOkResponse({ type: VerificationDto, example: VERIFICATION_EXAMPLE })
  @ApiErrors(400, 401, 403, 404)
  verification(@Param() p: IdParam) {
    return this.queries.verification(p.id);
  }
}

/** The entries as a CSV download. */
function csv(res: Response, id: string, items: AuditCsvEntry[]): string {
  void res.header('Content-Type', 'text/csv; charset=utf-8');
  void res.header('Content-Disposition', `attachment; filename="audit-${id}.csv"`);
  return auditCsv(items);
}
