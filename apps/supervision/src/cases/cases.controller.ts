import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AuthUser, CurrentUser, Roles } from '@permits/auth';
import { ApiErrors } from '@permits/http';
import {
  AUDIT_PAGE_EXAMPLE,
  AuditPageDto,
  CASE_DIAGRAM_EXAMPLE,
  caseDiagram,
  CASE_VIEW_EXAMPLE,
  CaseDiagramDto,
  CaseRow,
  CaseRuntime,
  CaseViewDto,
  CaseworkQueries,
  IdParam,
} from '@permits/workflow-runtime';
import { checkView } from '../checks/checks.service';
import { CheckRow, PenaltyRow, RegulatedEntityRow } from '../entities';
import { penaltyView } from '../penalties/penalties.service';
import { DomainError } from '@permits/core';

const KIND_OF: Record<string, 'inspection' | 'penalty' | 'alarm_verification'> = {
  supervision_check: 'inspection',
  supervision_penalty: 'penalty',
  alarm_verification: 'alarm_verification',
};

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
  constructor(
    private readonly queries: CaseworkQueries,
    private readonly runtime: CaseRuntime,
    private readonly db: DataSource,
  ) {}

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
  async view(@CurrentUser() user: AuthUser, @Param() p: IdParam) {
    const row = await this.supervisionCase(p.id, user);
    const entity = await this.db.getRepository(RegulatedEntityRow).findOne({ where: { creditCode: row.applicantCreditCode } });
    return {
      ...(await this.queries.view(row, user)),
      caseKind: KIND_OF[row.definitionKey],
      applicant: { creditCode: row.applicantCreditCode, name: entity?.name ?? row.applicantCreditCode },
      facts: await this.facts(row),
    };
  }

  @Get(':id/audit')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({ summary: "A supervision case's audit entries in order" })
  @ApiOkResponse({ type: AuditPageDto, example: AUDIT_PAGE_EXAMPLE })
  @ApiErrors(400, 401, 403, 404)
  async audit(@CurrentUser() user: AuthUser, @Param() p: IdParam) {
    await this.supervisionCase(p.id, user);
    return { items: await this.queries.audit(p.id), nextCursor: null };
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
  async diagram(@CurrentUser() user: AuthUser, @Param() p: IdParam): Promise<CaseDiagramDto> {
    const row = await this.supervisionCase(p.id, user);
    return caseDiagram(row, this.runtime.definition(row.definitionKey, row.definitionVersion));
  }

  private async supervisionCase(id: string, user: AuthUser): Promise<CaseRow> {
    const row = await this.queries.visibleCase(id, user);
    if (!KIND_OF[row.definitionKey]) throw new DomainError('NOT_FOUND', 'case not found');
    return row;
  }

  private async facts(row: CaseRow): Promise<Record<string, unknown>> {
    if (row.definitionKey === 'supervision_check') {
      const c = await this.db.getRepository(CheckRow).findOne({ where: { id: row.id } });
      return c ? { ...checkView(c), findings: c.findings, results: c.results } : {};
    }
    if (row.definitionKey === 'supervision_penalty') {
      const p = await this.db.getRepository(PenaltyRow).findOne({ where: { id: row.id } });
      return p ? penaltyView(p, true) : {};
    }
    return { creditCode: row.applicantCreditCode, ...row.state.data };
  }
}
