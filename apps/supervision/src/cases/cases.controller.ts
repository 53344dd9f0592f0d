import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '@permits/auth';
import { ApiErrors } from '@permits/http';
import { AUDIT_PAGE_EXAMPLE, AuditPageDto, CASE_DIAGRAM_EXAMPLE, CASE_VIEW_EXAMPLE, CaseDiagramDto, CaseViewDto, IdParam } from '@permits/workflow-runtime';
import { SupervisionCaseQueries } from './supervision-case.queries';

class SupervisionCaseDto extends CaseViewDto {
  @ApiProperty({ enum: ['inspection', 'penalty', 'alarm_verification'], example: 'penalty' }) caseKind: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { creditCode: '91310000MA1FL0XX2K', name: '上海示例化工有限公司' } }) applicant: Record<
    string,
    unknown
  >;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "the case's facts in place of a project: the check, the penalty or the alarm",
    example: { source: 'check', facts: '废水排放口 COD 超标', sanction: { kind: 'fine', amountYuan: 50000 } },
  })
  facts: Record<string, unknown>;
}

/**
 * A supervision case opened like a licence (API.md "Tasks": GET /api/v1/cases/:caseId, which the gateway routes
 * here first): the view of an application with the check's, penalty's or alarm's facts in place of the project.
 */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/v1/supervision/cases')
export class SupervisionCasesController {
  constructor(private readonly queries: SupervisionCaseQueries) {}

  @Get(':id')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({
    summary: 'A supervision case (inspection, penalty, alarm verification) in the shape of an application view: openTasks, history, sla, facts (staff)',
  })
  @ApiOkResponse({
    type: SupervisionCaseDto,
    example: {
      ...CASE_VIEW_EXAMPLE,
      licenseType: 'other',
      subItemCode: 'supervision-penalty',
      caseKind: 'penalty',
      applicant: { creditCode: '91310000MA1FL0XX2K', name: '上海示例化工有限公司' },
      facts: { source: 'check' },
    },
  })
  @ApiErrors(400, 401, 403, 404)
  view(@CurrentUser() user: AuthUser, @Param() p: IdParam) {
    return this.queries.view(p.id, user);
  }

  @Get(':id/audit')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({ summary: "A supervision case's audit entries in order" })
  @ApiOkResponse({ type: AuditPageDto, example: AUDIT_PAGE_EXAMPLE })
  @ApiErrors(400, 401, 403, 404)
  audit(@CurrentUser() user: AuthUser, @Param() p: IdParam) {
    return this.queries.audit(p.id, user);
  }

  @Get(':id/diagram')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({ summary: "A supervision case's workflow as data (nodes, edges, current step) and as a Mermaid flowchart, its current and past steps marked" })
  @ApiOkResponse({
    type: CaseDiagramDto,
    example: {
      ...CASE_DIAGRAM_EXAMPLE,
      definitionKey: 'supervision_penalty',
      definitionVersion: 2,
      currentStepId: 'collective_review',
      pastStepIds: ['legal_review', 'notice', 'statement_period'],
    },
  })
  @ApiErrors(400, 401, 403, 404)
  diagram(@CurrentUser() user: AuthUser, @Param() p: IdParam): Promise<CaseDiagramDto> {
    return this.queries.diagram(p.id, user);
  }
}
