import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '@permits/http';
import { ClassificationQueries } from './classification.queries';
import { ClassificationDto, ClassifyDto, EiaQuestionDto, QuestionsQueryDto } from './dto';

/**
 * EIA classification (API.md "EIA"): which EIA document a project needs, by the directory version in force on its
 * declaration date, and the questions a portal asks to find out. 400 for input it cannot read (an industry code
 * GB/T 4754-2017 does not have) or questions left unanswered, each named; 422 where the loaded data cannot answer
 * (a date before every version, an industry a partial version does not cover): never a guess. An industry the whole
 * 2021 directory does not list is `exempt` (名录第五条).
 */
@ApiTags('eia')
@ApiBearerAuth()
@Controller('api/v1/eia')
export class ClassificationController {
  constructor(private readonly queries: ClassificationQueries) {}

  @Post('classify')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Classify a project by the EIA classification directory in force on declaredOn (default today; any authenticated user)',
    description:
      'An unanswered question (GET /api/v1/eia/questions) answers 400 INVALID_INPUT naming it (`attributes.<name>: unanswered question <name> (why)`); an industry code GB/T 4754-2017 does not have answers 400; an industry no item lists is `exempt` with 名录第五条 as its rule.',
  })
  @ApiOkResponse({
    type: ClassificationDto,
    example: {
      category: 'report_table',
      catalogVersion: '2021',
      rule: '二十三、化学原料和化学制品制造业 44：其他（单纯物理分离、物理提纯、混合、分装的除外）',
      declaredOn: '2026-11-30',
      basis: { row: 44, column: 'report_table' },
    },
  })
  @ApiErrors(400, 401, 422)
  async classify(@Body() body: ClassifyDto): Promise<ClassificationDto> {
    const c = await this.queries.classify(body);
    return {
      category: c.category,
      catalogVersion: c.catalogVersion,
      rule: c.rule,
      declaredOn: c.declaredOn,
      ...(c.exemptionList ? { exemptionList: c.exemptionList } : {}),
      basis: { ...c.basis },
      ...(c.parts ? { parts: c.parts.map((p) => ({ ...p, basis: { ...p.basis } })) } : {}),
    };
  }

  @Get('questions')
  @ApiOperation({
    summary: 'The questions the classification of an industry can ask, typed, in Chinese and English (any authenticated user)',
    description:
      'By the directory in force on declaredOn (default today): which item it is (where items share a code), industrial building (codes marked "*"), then each threshold of the item and of the local exemption list. Empty for an industry no item lists (exempt). 400 for a code GB/T 4754-2017 does not have.',
  })
  @ApiOkResponse({
    type: EiaQuestionDto,
    isArray: true,
    example: [
      {
        name: 'powerKind',
        type: 'enum',
        values: ['onshore_wind', 'photovoltaic', 'geothermal_or_solar_thermal', 'other'],
        question: '4415/4416/4419 的发电方式',
        questionEn: 'How does the plant generate (4415/4416/4419)?',
      },
      { name: 'installedKw', type: 'number', unit: 'kW', question: '总装机容量（千瓦）', questionEn: 'What is the total installed capacity?' },
    ],
  })
  @ApiErrors(400, 401, 422)
  async questions(@Query() query: QuestionsQueryDto): Promise<EiaQuestionDto[]> {
    return (await this.queries.questions(query)).map(({ values, ...q }) => ({ ...q, ...(values ? { values: [...values] } : {}) }));
  }
}
