import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@permits/auth';
import { caseDiagram } from '../../case-diagram';
import { CaseRuntime } from '../../case-runtime';
import { CaseworkQueries } from '../../casework.queries';
import type { CaseDiagramDto } from '../../dto';

/** A case's workflow drawn with where the case stands: its current step and the steps it went through. */
@Injectable()
export class DiagramQueries {
  constructor(
    private readonly runtime: CaseRuntime,
    private readonly queries: CaseworkQueries,
  ) {}

  async diagram(caseId: string, user: AuthUser): Promise<CaseDiagramDto> {
    const row = await this.queries.visibleCase(caseId, user);
    return caseDiagram(row, this.runtime.definition(row.definitionKey, row.definitionVersion));
  }
}
