import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '@permits/auth';
import { ApiErrors } from '@permits/http';
import { CaseDiagramDto, IdParam } from '../../dto';
import { CASE_DIAGRAM_EXAMPLE } from '../../responses';
import { DiagramQueries } from './diagram.queries';

/** A case's workflow diagram. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/v1')
export class DiagramController {
  constructor(private readonly queries: DiagramQueries) {}

  @Get('applications/:id/diagram')
  @Roles('officer', 'head', 'admin')
  @ApiOperation({ summary: "The case's workflow as data (nodes, edges, current step) and as a Mermaid flowchart, its current and past steps marked" })
  @ApiOkResponse({ type: CaseDiagramDto, example: CASE_DIAGRAM_EXAMPLE })
  @ApiErrors(400, 401, 403, 404)
  diagram(@CurrentUser() user: AuthUser, @Param() p: IdParam): Promise<CaseDiagramDto> {
    return this.queries.diagram(p.id, user);
  }
}
