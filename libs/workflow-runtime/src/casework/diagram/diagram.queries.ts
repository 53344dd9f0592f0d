import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@permits/auth';
import { DomainError } from '@permits/core';
import { mermaidDiagram } from '@permits/workflow/definitions';
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
    const def = this.runtime.definition(row.definitionKey, row.definitionVersion);
    if (!def) throw new DomainError('NOT_FOUND', `workflow ${row.definitionKey} v${row.definitionVersion} not found`);
    const current = row.state.currentStepId;
    const pastStepIds = Object.keys(row.state.rounds ?? {}).filter((s) => s !== current);
    return {
      applicationId: row.id,
      definitionKey: def.key,
      definitionVersion: def.version,
      currentStepId: current,
      pastStepIds,
      mermaid: mermaidDiagram(def, { current, past: pastStepIds }),
    };
  }
}
