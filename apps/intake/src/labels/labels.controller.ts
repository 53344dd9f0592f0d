import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { Roles } from '@permits/auth';
import { ApiErrors } from '@permits/http';
import { DEFAULT_DEFINITIONS, findDefinition, mermaidDiagram, WorkflowDefinition } from '@permits/workflow';
import { Language, LANGUAGES, labels } from './labels';
import { notFound } from '@permits/core';

export class LabelsQuery {
  @ApiPropertyOptional({ enum: LANGUAGES, default: 'zh-CN' })
  @IsOptional()
  @IsIn(LANGUAGES)
  lang?: Language;
}

export class LabelsDto {
  @ApiProperty({ example: 'zh-CN', enum: LANGUAGES }) lang: Language;
  @ApiProperty({
    description:
      'category → enum value → label; categories: status, dept, role, licenseType, subItemKind, limitUnit, taskKind, step, outcome, pauseReason, clock, slaLevel, notificationKind, eiaCategory, managementCategory, permitStatus, taskStatus, errorCode',
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'string' } },
    example: { status: { approved: '已批准' }, dept: { pollution: '污染防治科' } },
  })
  labels: Record<string, Record<string, string>>;
}

export class WorkflowParams {
  @ApiProperty({ pattern: '^[a-z][a-z0-9_-]{0,63}$', example: 'discharge_permit' }) @Matches(/^[a-z][a-z0-9_-]{0,63}$/) key: string;
  @ApiProperty({ type: 'integer', minimum: 1, example: 1 }) @Type(() => Number) @IsInt() @Min(1) version: number;
}

export class WorkflowDto {
  @ApiProperty({ example: 'discharge_permit' }) key: string;
  @ApiProperty({ example: 1 }) version: number;
  @ApiPropertyOptional({ example: 'discharge_permit', description: 'absent on the shared acceptance flow' }) licenseType?: string;
  @ApiProperty({ example: 'management-category' }) start: string;
  @ApiProperty({
    description: 'the steps as data (kinds task, countersign, gateway, wait, system, end)',
    type: 'array',
    items: { type: 'object' },
    example: [{ id: 'review', kind: 'task', taskKind: 'review', dept: 'pollution', outcomes: { approve: 'countersign', reject: 'denied' } }],
  })
  steps: unknown[];
  @ApiProperty({
    description: 'Mermaid flowchart generated from the steps',
    example: 'flowchart TD\n  start(("discharge_permit v1"))\n  s0{"management-category"}\n  start --> s0',
  })
  mermaid: string;
}

const WORKFLOW_EXAMPLE = {
  key: 'discharge_permit',
  version: 1,
  licenseType: 'discharge_permit',
  start: 'management-category',
  steps: [{ id: 'review', kind: 'task', taskKind: 'review', dept: 'pollution', outcomes: { approve: 'countersign', reject: 'denied' } }],
  mermaid: 'flowchart TD\n  start(("discharge_permit v1"))\n  s0{"management-category"}\n  start --> s0',
};

export class WorkflowPageDto {
  @ApiProperty({ type: [WorkflowDto] }) items: WorkflowDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}

const asDto = (d: WorkflowDefinition): WorkflowDto => ({
  key: d.key,
  version: d.version,
  ...(d.licenseType ? { licenseType: d.licenseType } : {}),
  start: d.start,
  steps: d.steps,
  mermaid: mermaidDiagram(d),
});

/** What a portal needs to show enum values and workflows to people. */
@ApiTags('labels')
@ApiBearerAuth()
@Controller('api/v1')
export class LabelsController {
  @Get('labels')
  @ApiOperation({ summary: 'A label for every enum value the API returns, in Chinese (default) or English' })
  @ApiOkResponse({
    type: LabelsDto,
    example: {
      lang: 'zh-CN',
      labels: {
        status: { approved: '已批准', in_review: '审查中' },
        dept: { pollution: '污染防治科' },
        errorCode: { STALE_VERSION: '数据已被他人修改，请刷新后重试' },
      },
    },
  })
  @ApiErrors(400, 401)
  labels(@Query() q: LabelsQuery): LabelsDto {
    const lang = q.lang ?? 'zh-CN';
    return { lang, labels: labels(lang) };
  }

  @Get('workflows')
  @Roles('officer', 'head', 'admin')
  @ApiOperation({ summary: 'The workflow definitions in force, as data, each with a Mermaid diagram' })
  @ApiOkResponse({ type: WorkflowPageDto, example: { items: [WORKFLOW_EXAMPLE], nextCursor: null } })
  @ApiErrors(401, 403)
  workflows(): WorkflowPageDto {
    return { items: DEFAULT_DEFINITIONS.map(asDto), nextCursor: null };
  }

  @Get('workflows/:key/:version')
  @Roles('officer', 'head', 'admin')
  @ApiOperation({ summary: 'One workflow definition with its Mermaid diagram' })
  @ApiOkResponse({ type: WorkflowDto, example: WORKFLOW_EXAMPLE })
  @ApiErrors(400, 401, 403, 404)
  workflow(@Param() p: WorkflowParams): WorkflowDto {
    const d = findDefinition(p.key, p.version); // a superseded version too: an older case's diagram
    if (!d) throw notFound('workflow');
    return asDto(d);
  }
}
