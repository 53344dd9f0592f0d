import { BadRequestException, Body, Controller, ForbiddenException, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthUser, CurrentUser, hasRole, isStaff, Roles } from '@permits/auth';
import { ACCEPTANCE_OUTCOMES, Limit } from '@permits/contracts/enums';
import { ApiErrors, DomainError } from '@permits/http';
import { changeLimits, extendStatutoryLimit, pauseClock, resumeClock } from '@permits/workflow/clock';
import { randomUUID } from 'node:crypto';
import { auditCsv } from './audit-csv';
import { caseDiagram } from './case-diagram';
import { AuditStore } from './audit-store';
import { CaseRuntime } from './case-runtime';
import { CaseworkQueries } from './casework.queries';
import { DECISION_KINDS } from './duties/duty-policy';
import { RECUSED_ACTION } from './duties/duties';
import { AuditVerificationRow, CaseRow, TaskRow } from './entities';
import {
  AuditQuery,
  CaseDiagramDto,
  CompleteTaskDto,
  DelegateTaskDto,
  ExtensionDto,
  IdParam,
  MigrateDto,
  RecusalDto,
  ResumeClockDto,
  SignersDto,
  StartVerificationDto,
  SuspendClockDto,
  TaskListQuery,
  TaskPageDto,
  WithdrawDto,
} from './dto';
import {
  AUDIT_CSV_EXAMPLE,
  AUDIT_PAGE_EXAMPLE,
  AuditPageDto,
  AuditVerifyDto,
  CASE_DIAGRAM_EXAMPLE,
  CASE_VIEW_EXAMPLE,
  CaseViewDto,
  SLA_OVERVIEW_EXAMPLE,
  SlaOverviewDto,
  TASK_ANSWER_EXAMPLE,
  TASK_PAGE_EXAMPLE,
  TaskAnswerDto,
  VERIFICATION_EXAMPLE,
  VerificationDto,
} from './responses';

function verificationView(r: AuditVerificationRow) {
  return {
    id: r.id,
    status: r.status,
    checked: r.checked,
    total: r.total,
    result: r.result,
    error: r.error,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

const cid = (req: Request) => String((req as Request & { id?: unknown }).id ?? '');
const actorOf = (u: AuthUser) => ({ id: u.id, roles: u.roles, dept: u.dept });

/**
 * The optional `Idempotency-Key` header of a command: a retry with the same key and the same command is
 * answered again without a second effect; the same key with another command answers 422.
 */
function idempotencyKey(req: Request, suffix = ''): string | undefined {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw new BadRequestException(['Idempotency-Key must be 1-200 visible ASCII characters']);
  return `${key}${suffix}`;
}

/** Staff work on cases: the inbox, task commands, countersign signers, the clock, audit. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/v1')
export class CaseworkController {
  constructor(
    private readonly runtime: CaseRuntime,
    private readonly queries: CaseworkQueries,
    private readonly auditStore: AuditStore,
  ) {}

  @Get('tasks')
  @Roles('officer', 'head', 'admin')
  @ApiOperation({
    summary:
      "Open tasks of the caller's department or assigned to the caller (status=open), or those the caller or the department completed (status=completed, 已办); filters kind, slaLevel, licenseType, applicationId; sort=dueDate: soonest due first",
  })
  @ApiOkResponse({ type: TaskPageDto, example: TASK_PAGE_EXAMPLE })
  @ApiErrors(400, 401, 403)
  inbox(@CurrentUser() user: AuthUser, @Query() q: TaskListQuery) {
    return this.queries.tasks(user, { ...q, limit: q.limit ?? 50 });
  }

  @Post('tasks/:id/complete')
  @HttpCode(200)
  @Roles('officer', 'head', 'admin')
  @ApiOperation({ summary: 'Complete a task: acceptance tasks accept, request_correction or not_accept; others approve, reject or return' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'the same key and command again: answered again, no second effect; with another command: 422',
  })
  @ApiOkResponse({ type: TaskAnswerDto, example: TASK_ANSWER_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async complete(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: CompleteTaskDto, @Req() req: Request) {
    const task = await this.queries.task(p.id);
    const acceptance = task.kind === 'acceptance';
    if (acceptance !== (ACCEPTANCE_OUTCOMES as readonly string[]).includes(body.outcome)) {
      throw new BadRequestException([
        `outcome must be one of ${acceptance ? 'accept, request_correction, not_accept' : 'approve, reject, return'} for a ${task.kind} task`,
      ]);
    }
    if (body.outcome === 'request_correction' && !body.corrections?.length) throw new BadRequestException(['corrections must list the materials to correct']);
    if (body.returnTo && body.outcome !== 'return') throw new BadRequestException(['returnTo goes with outcome return']);
    const input = { taskId: task.id, outcome: body.outcome, comment: body.comment ?? null, ...(body.corrections ? { corrections: body.corrections } : {}) };
    const { row, events } = await this.runtime.execute(
      task.caseId,
      {
        type: 'CompleteTask',
        taskId: task.id,
        outcome: body.outcome,
        comment: body.comment,
        returnTo: body.returnTo,
        actor: actorOf(user),
        idempotencyKey: idempotencyKey(req),
      },
      { correlationId: cid(req), input },
    );
    // the command says what became of the task; only a repeat (nothing happened) reads it again
    const done = events.find((e) => e.type === 'TaskCompleted' && e.taskId === task.id);
    const held = row.state.tasks.find((t) => t.id === task.id);
    if (done?.type === 'TaskCompleted' && held)
      return { id: task.id, applicationId: task.caseId, status: 'completed' as const, outcome: done.outcome, assignee: held.assignee };
    return this.taskAnswer(p.id);
  }

  @Post('tasks/:id/delegate')
  @HttpCode(200)
  @Roles('officer', 'head', 'admin')
  @ApiOperation({ summary: 'Delegate a task (委派): it comes back to the delegator once the delegate completes it' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'the same key and command again: answered again, no second effect; with another command: 422',
  })
  @ApiOkResponse({ type: TaskAnswerDto, example: TASK_ANSWER_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async delegate(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: DelegateTaskDto, @Req() req: Request) {
    const task = await this.queries.task(p.id);
    await this.runtime.execute(
      task.caseId,
      { type: 'DelegateTask', taskId: task.id, toUserId: body.toUserId, actor: actorOf(user), idempotencyKey: idempotencyKey(req) },
      { correlationId: cid(req), input: { ...body } },
    );
    return this.taskAnswer(p.id);
  }

  @Post('tasks/:id/transfer')
  @HttpCode(200)
  @Roles('officer', 'head', 'admin')
  @ApiOperation({ summary: 'Transfer a task (转办) to another user for good' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'the same key and command again: answered again, no second effect; with another command: 422',
  })
  @ApiOkResponse({ type: TaskAnswerDto, example: TASK_ANSWER_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async transfer(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: DelegateTaskDto, @Req() req: Request) {
    const task = await this.queries.task(p.id);
    await this.runtime.execute(
      task.caseId,
      { type: 'TransferTask', taskId: task.id, toUserId: body.toUserId, actor: actorOf(user), idempotencyKey: idempotencyKey(req) },
      { correlationId: cid(req), input: { ...body } },
    );
    return this.taskAnswer(p.id);
  }

  @Post('tasks/:id/claim')
  @HttpCode(200)
  @Roles('officer', 'head', 'admin')
  @ApiOperation({ summary: "Claim a department task: it becomes the caller's" })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'the same key and command again: answered again, no second effect; with another command: 422',
  })
  @ApiOkResponse({ type: TaskAnswerDto, example: TASK_ANSWER_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async claim(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Req() req: Request) {
    const task = await this.queries.task(p.id);
    await this.runtime.execute(
      task.caseId,
      { type: 'ClaimTask', taskId: task.id, actor: actorOf(user), idempotencyKey: idempotencyKey(req) },
      { correlationId: cid(req) },
    );
    return this.taskAnswer(p.id);
  }

  @Post('tasks/:id/unclaim')
  @HttpCode(200)
  @Roles('officer', 'head', 'admin')
  @ApiOperation({ summary: 'Give a claimed task back to its department' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'the same key and command again: answered again, no second effect; with another command: 422',
  })
  @ApiOkResponse({ type: TaskAnswerDto, example: TASK_ANSWER_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async unclaim(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Req() req: Request) {
    const task = await this.queries.task(p.id);
    await this.runtime.execute(
      task.caseId,
      { type: 'UnclaimTask', taskId: task.id, actor: actorOf(user), idempotencyKey: idempotencyKey(req) },
      { correlationId: cid(req) },
    );
    return this.taskAnswer(p.id);
  }

  @Get('cases/:id')
  @ApiOperation({
    summary:
      "Any case the task list shows, by its caseId: a licence's (the owning service's part, merged by the gateway with intake's record, as GET /applications/:id) or a supervision case (inspection, alarm verification, penalty), which the gateway asks the supervision service for first",
  })
  @ApiOkResponse({ type: CaseViewDto, example: CASE_VIEW_EXAMPLE })
  @ApiErrors(400, 401, 404)
  async view(@CurrentUser() user: AuthUser, @Param() p: IdParam) {
    return this.queries.view(await this.queries.visibleCase(p.id, user), user);
  }

  @Post('applications/:id/countersign/signers')
  @HttpCode(200)
  @Roles('head', 'admin')
  @ApiOperation({ summary: 'Add or remove departments of the open countersign step (head, admin)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'the same key and command again: answered again, no second effect; with another command: 422',
  })
  @ApiOkResponse({ type: CaseViewDto, example: CASE_VIEW_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async signers(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: SignersDto, @Req() req: Request) {
    if (!body.add?.length && !body.remove?.length) throw new BadRequestException(['add or remove must name at least one department']);
    await this.queries.visibleCase(p.id, user);
    const ctx = { correlationId: cid(req), input: { ...body } };
    if (body.add?.length)
      await this.runtime.execute(p.id, { type: 'AddSigners', signers: body.add, actor: actorOf(user), idempotencyKey: idempotencyKey(req, ':add') }, ctx);
    if (body.remove?.length)
      await this.runtime.execute(
        p.id,
        { type: 'RemoveSigners', signers: body.remove, actor: actorOf(user), idempotencyKey: idempotencyKey(req, ':remove') },
        ctx,
      );
    return this.queries.view(await this.queries.visibleCase(p.id, user), user);
  }

  @Post('applications/:id/withdraw')
  @HttpCode(200)
  @Roles('applicant')
  @ApiOperation({ summary: 'Withdraw an application before its decision (the owning applicant)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'the same key and command again: answered again, no second effect; with another command: 422',
  })
  @ApiOkResponse({ type: CaseViewDto, example: CASE_VIEW_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async withdraw(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: WithdrawDto, @Req() req: Request) {
    await this.queries.visibleCase(p.id, user);
    await this.runtime.execute(
      p.id,
      { type: 'Withdraw', reason: body.reason, actor: actorOf(user), idempotencyKey: idempotencyKey(req) },
      { correlationId: cid(req), input: { ...body } },
    );
    return this.queries.view(await this.queries.visibleCase(p.id, user), user);
  }

  @Post('applications/:id/clock/suspend')
  @HttpCode(200)
  @Roles('officer', 'head', 'admin')
  @ApiOperation({
    summary: 'Pause the statutory clock (expert review, technical assessment, hearing, inspection and testing, public notice); 409 when not running',
  })
  @ApiOkResponse({ type: CaseViewDto, example: CASE_VIEW_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409)
  async suspend(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: SuspendClockDto, @Req() req: Request) {
    await this.mayTouchClock(user, p.id);
    await this.runtime.changeClock(
      p.id,
      actorOf(user),
      'clock_suspended',
      (c, today) => pauseClock(c, { reason: body.reason, expectedDays: body.expectedDays, comment: body.comment }, today),
      { correlationId: cid(req), input: { ...body } },
    );
    return this.queries.view(await this.queries.visibleCase(p.id, user), user);
  }

  @Post('applications/:id/clock/resume')
  @HttpCode(200)
  @Roles('officer', 'head', 'admin')
  @ApiOperation({ summary: 'Restart a paused statutory clock; 409 when not paused' })
  @ApiOkResponse({ type: CaseViewDto, example: CASE_VIEW_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409)
  async resume(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: ResumeClockDto, @Req() req: Request) {
    await this.mayTouchClock(user, p.id);
    await this.runtime.changeClock(p.id, actorOf(user), 'clock_resumed', (c, today) => resumeClock(c, today), { correlationId: cid(req), input: { ...body } });
    return this.queries.view(await this.queries.visibleCase(p.id, user), user);
  }

  @Post('applications/:id/extensions')
  @HttpCode(200)
  @Roles('head')
  @ApiOperation({
    summary:
      "Extend the statutory limit once by 1 to 10 working days (a head of the department holding the case's decision step); 409 for a second extension, after the deadline, or EXTENSION_NOT_ALLOWED where a special law sets the limit",
  })
  @ApiOkResponse({ type: CaseViewDto, example: CASE_VIEW_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409)
  async extend(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: ExtensionDto, @Req() req: Request) {
    await this.queries.visibleCase(p.id, user);
    await this.runtime.changeClock(
      p.id,
      actorOf(user),
      'extended',
      (c, today, calendar) => extendStatutoryLimit(c, { days: body.days, reason: body.reason, by: user.id }, today, calendar),
      { correlationId: cid(req), input: { ...body } },
      (row) => this.mayExtend(user, row),
    );
    return this.queries.view(await this.queries.visibleCase(p.id, user), user);
  }

  @Post('applications/:id/recusals')
  @HttpCode(201)
  @Roles('officer', 'head', 'admin')
  @ApiOperation({
    summary:
      "Declare a recusal (回避) on a case: the caller stands aside from its tasks (409 CONFLICT_OF_INTEREST on them); in the case's history and audit, never in the applicant's view",
  })
  @ApiResponse({ status: 201, type: CaseViewDto, example: CASE_VIEW_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409)
  async recuse(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: RecusalDto, @Req() req: Request) {
    await this.queries.visibleCase(p.id, user);
    const declared = await this.queries.recusedBy(p.id, user.id);
    if (declared) throw new DomainError('CONFLICT', `you already declared a recusal on case ${p.id}`);
    await this.runtime.note(p.id, actorOf(user), RECUSED_ACTION, { reason: body.reason.trim() }, { correlationId: cid(req) }, (row) => {
      if (row.closedAt) throw new DomainError('INVALID_TRANSITION', `case ${row.id} is closed: nothing to stand aside from`);
    });
    return this.queries.view(await this.queries.visibleCase(p.id, user), user);
  }

  @Post('applications/:id/suspend')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Suspend a whole case (admin): no task can be completed until it is resumed' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'the same key and command again: answered again, no second effect; with another command: 422',
  })
  @ApiOkResponse({ type: CaseViewDto, example: CASE_VIEW_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async suspendCase(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: WithdrawDto, @Req() req: Request) {
    await this.queries.visibleCase(p.id, user);
    await this.runtime.execute(
      p.id,
      { type: 'SuspendCase', reason: body.reason, actor: actorOf(user), idempotencyKey: idempotencyKey(req) },
      { correlationId: cid(req), input: { ...body } },
    );
    return this.queries.view(await this.queries.visibleCase(p.id, user), user);
  }

  @Post('applications/:id/resume')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Resume a suspended case (admin)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'the same key and command again: answered again, no second effect; with another command: 422',
  })
  @ApiOkResponse({ type: CaseViewDto, example: CASE_VIEW_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async resumeCase(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Req() req: Request) {
    await this.queries.visibleCase(p.id, user);
    await this.runtime.execute(p.id, { type: 'ResumeCase', actor: actorOf(user), idempotencyKey: idempotencyKey(req) }, { correlationId: cid(req) });
    return this.queries.view(await this.queries.visibleCase(p.id, user), user);
  }

  @Post('applications/:id/migrate')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Move a running case onto another version of its workflow, with an explicit step mapping' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'the same key and command again: answered again, no second effect; with another command: 422',
  })
  @ApiOkResponse({ type: CaseViewDto, example: CASE_VIEW_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async migrate(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: MigrateDto, @Req() req: Request) {
    const row = await this.queries.visibleCase(p.id, user);
    const target = this.runtime.definition(row.definitionKey, body.toVersion);
    if (!target) throw new BadRequestException([`toVersion: ${row.definitionKey} has no version ${body.toVersion}`]);
    await this.runtime.execute(
      p.id,
      { type: 'Migrate', toDefinition: target, stepMapping: body.stepMapping ?? {}, actor: actorOf(user), idempotencyKey: idempotencyKey(req) },
      { correlationId: cid(req), input: { ...body } },
    );
    return this.queries.view(await this.queries.visibleCase(p.id, user), user);
  }

  @Post('applications/:id/on-site-check')
  @HttpCode(200)
  @Roles('officer', 'head', 'admin')
  @ApiOperation({
    summary: 'The review found an on-site check necessary: the case takes the longer limits its sub-item names (discharge permits, key management: 45 days)',
  })
  @ApiOkResponse({ type: CaseViewDto, example: CASE_VIEW_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409)
  async onSiteCheck(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: ResumeClockDto, @Req() req: Request) {
    await this.mayTouchClock(user, p.id);
    const row = await this.queries.visibleCase(p.id, user);
    const limits = row.state.data.onSiteCheckLimit as { statutoryLimit?: Limit; committedLimit?: Limit } | undefined;
    if (!limits?.statutoryLimit || !limits.committedLimit) throw new DomainError('INVALID_TRANSITION', 'this sub-item has no on-site-check limit');
    const longer = { statutory: limits.statutoryLimit, committed: limits.committedLimit };
    await this.runtime.changeClock(p.id, actorOf(user), 'on_site_check', (c, today) => changeLimits(c, longer, today), {
      correlationId: cid(req),
      input: { ...body, ...longer },
    });
    return this.queries.view(await this.queries.visibleCase(p.id, user), user);
  }

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
    await this.queries.visibleCase(p.id, user);
    const items = await this.queries.audit(p.id);
    if (q.format !== 'csv') return { items, nextCursor: null };
    return this.csv(res, p.id, items);
  }

  @Get('applications/:id/audit.csv')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({ summary: "The case's audit entries in order, as CSV (seq, at, actor, action, payload, prevHash, hash)" })
  @ApiResponse({ status: 200, description: 'the entries, oldest first', content: { 'text/csv': { schema: { type: 'string' }, example: AUDIT_CSV_EXAMPLE } } })
  @ApiErrors(400, 401, 403, 404)
  async auditCsv(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Res({ passthrough: true }) res: Response) {
    await this.queries.visibleCase(p.id, user);
    return this.csv(res, p.id, await this.queries.audit(p.id));
  }

  @Get('applications/:id/diagram')
  @Roles('officer', 'head', 'admin')
  @ApiOperation({ summary: "The case's workflow as data (nodes, edges, current step) and as a Mermaid flowchart, its current and past steps marked" })
  @ApiOkResponse({ type: CaseDiagramDto, example: CASE_DIAGRAM_EXAMPLE })
  @ApiErrors(400, 401, 403, 404)
  async diagram(@CurrentUser() user: AuthUser, @Param() p: IdParam): Promise<CaseDiagramDto> {
    const row = await this.queries.visibleCase(p.id, user);
    return caseDiagram(row, this.runtime.definition(row.definitionKey, row.definitionVersion));
  }

  private csv(res: Response, id: string, items: Awaited<ReturnType<CaseworkQueries['audit']>>): string {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="audit-${id}.csv"`);
    return auditCsv(items);
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
    return this.auditStore.verifyBounded();
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
  async startVerification(@Body() body: StartVerificationDto) {
    return verificationView(await this.auditStore.startVerification(body.id ?? randomUUID(), new Date()));
  }

  @Get('audit/verifications/:id')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'A verification started by POST /audit/verifications: its status, progress and result' })
  @ApiOkResponse({ type: VerificationDto, example: VERIFICATION_EXAMPLE })
  @ApiErrors(400, 401, 403, 404)
  async verification(@Param() p: IdParam) {
    const row = await this.auditStore.verification(p.id);
    if (!row) throw new DomainError('NOT_FOUND', 'verification not found');
    return verificationView(row);
  }

  @Get('sla/overview')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({ summary: 'Open cases by SLA level, paused cases, and per licence type the closed cases and their figures (staff, auditor)' })
  @ApiOkResponse({ type: SlaOverviewDto, example: SLA_OVERVIEW_EXAMPLE })
  @ApiErrors(401, 403)
  overview() {
    return this.queries.slaOverview();
  }

  /**
   * API.md: an extension is granted by a head of the department holding the case's decision step (another
   * department's head: 403), and never where a special law sets the limit (the catalog's `extendable: false`,
   * carried in the case data: 409 EXTENSION_NOT_ALLOWED). Checked with the case locked.
   */
  private mayExtend(user: AuthUser, row: CaseRow): void {
    const def = this.runtime.definition(row.definitionKey, row.definitionVersion);
    const decision = def?.steps.find((s) => s.kind === 'task' && DECISION_KINDS.includes(s.taskKind));
    if (!decision || decision.kind !== 'task' || !hasRole(user, 'head') || user.dept !== decision.dept) {
      throw new DomainError(
        'FORBIDDEN',
        decision?.kind === 'task'
          ? `only a head of department ${decision.dept} (the decision) may extend this case`
          : 'this case has no decision step to extend the limit of',
      );
    }
    if (row.state.data?.extendable === false)
      throw new DomainError(
        'EXTENSION_NOT_ALLOWED',
        'the statutory limit of this case is set by a special law, not by art. 42 of the Administrative License Law: it cannot be extended',
      );
  }

  /** API.md: staff of a department that holds an open task of the case, or a head. */
  private async mayTouchClock(user: AuthUser, caseId: string): Promise<void> {
    await this.queries.visibleCase(caseId, user);
    if (hasRole(user, 'head', 'admin')) return;
    if (!isStaff(user) || !user.dept || !(await this.queries.deptHoldsOpenTask(caseId, user.dept))) {
      throw new ForbiddenException('only a department holding an open task of this case, or a head, may change its clock');
    }
  }

  private async taskAnswer(id: string): Promise<Pick<TaskRow, 'id' | 'status' | 'outcome' | 'assignee'> & { applicationId: string }> {
    const t = await this.queries.task(id);
    if (!t) throw new DomainError('TASK_NOT_FOUND', 'task not found');
    return { id: t.id, applicationId: t.caseId, status: t.status, outcome: t.outcome, assignee: t.assignee };
  }
}
