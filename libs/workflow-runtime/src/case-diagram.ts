// GET …/diagram: a case's workflow as data (nodes, edges, current step) with the Mermaid text kept for export.
import { diagramGraph, mermaidOfGraph } from '@permits/workflow/definitions';
import type { WorkflowDefinition } from '@permits/workflow';
import type { CaseDiagramDto } from './dto';
import type { DiagramEdgeDto } from './diagram.dto';
import type { CaseRow } from './entities';
import { DomainError } from '@permits/core';

/** The case's diagram: its definition's graph with the current step and the steps it has been through marked. */
export function caseDiagram(row: Pick<CaseRow, 'id' | 'definitionKey' | 'definitionVersion' | 'state'>, def: WorkflowDefinition | undefined): CaseDiagramDto {
  if (!def) throw new DomainError('NOT_FOUND', `workflow ${row.definitionKey} v${row.definitionVersion} not found`);
  const current = row.state.currentStepId;
  const pastStepIds = Object.keys(row.state.rounds ?? {}).filter((s) => s !== current);
  const graph = diagramGraph(def, { current, past: pastStepIds });
  return {
    applicationId: row.id,
    definitionKey: def.key,
    definitionVersion: def.version,
    currentStepId: current,
    pastStepIds,
    currentStepIds: graph.current,
    nodes: graph.nodes,
    edges: graph.edges as DiagramEdgeDto[],
    mermaid: mermaidOfGraph(graph),
  };
}
