import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Clock } from '@permits/clock';
import { ApiErrors } from '@permits/http';
import { shanghaiDate } from '@permits/workflow/calendar';
import { classify, ClassificationInputError, IndustryNotCoveredError, NoDirectoryInForceError } from './index';
import { ClassificationDto, ClassifyDto } from './dto';
import { DomainError } from '@permits/core';

/**
 * EIA classification (API.md "EIA"): which EIA document a project needs, by the directory version in force on its
 * declaration date. 400 for input it cannot read or facts it needs; 422 where the loaded data cannot answer (an
 * industry it does not cover, a date before every version): never a guess.
 */
@ApiTags('eia')
@ApiBearerAuth()
@Controller('api/v1/eia')
export class ClassificationController {
  constructor(private readonly clock: Clock) {}

  @Post('classify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Classify a project by the EIA classification directory in force on declaredOn (default today; any authenticated user)' })
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
    const today = shanghaiDate(await this.clock.now());
    try {
      const c = classify(
        { industryCode: body.industryCode, attributes: body.attributes ?? {}, ...(body.declaredOn !== undefined ? { declaredOn: body.declaredOn } : {}) },
        { today },
      );
      return {
        category: c.category,
        catalogVersion: c.catalogVersion,
        rule: c.rule,
        declaredOn: c.declaredOn,
        ...(c.exemptionList ? { exemptionList: c.exemptionList } : {}),
        basis: { ...c.basis },
        ...(c.parts ? { parts: c.parts.map((p) => ({ ...p, basis: { ...p.basis } })) } : {}),
      };
    } catch (err) {
      if (err instanceof ClassificationInputError) throw new BadRequestException([...err.problems]);
      if (err instanceof IndustryNotCoveredError || err instanceof NoDirectoryInForceError) throw new DomainError(err.code, err.message);
      throw err;
    }
  }
}
