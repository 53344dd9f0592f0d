import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Clock } from '@permits/clock';
import { shanghaiDate } from '@permits/workflow/calendar';
import { classify, ClassificationInputError } from './index';
import { ClassificationDto, ClassifyDto } from './dto';

/** EIA classification (API.md "EIA"): which EIA document a project needs, by the directory in force today. */
@ApiTags('eia')
@ApiBearerAuth()
@Controller('api/v1/eia')
export class ClassificationController {
  constructor(private readonly clock: Clock) {}

  @Post('classify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Classify a project by the EIA classification directory in force today (any authenticated user)' })
  @ApiOkResponse({ type: ClassificationDto })
  async classify(@Body() body: ClassifyDto): Promise<ClassificationDto> {
    const today = shanghaiDate(await this.clock.now());
    try {
      const c = classify({ industryCode: body.industryCode, attributes: body.attributes ?? {} }, { today });
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
      throw err;
    }
  }
}
