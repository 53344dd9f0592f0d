import { exitsOf, type WorkflowDefinition } from '../engine/definition';
import { DIAGRAM_START, diagramGraph, mermaidDiagram, mermaidOfGraph } from './diagram';
import { DEFAULT_DEFINITIONS, DISCHARGE_PERMIT } from './index';

/** The node id a step got, read back from the diagram by its label. */
function nodeIdOf(diagram: string, stepId: string): string {
  const m = new RegExp(`^  (s\\d+)[\\[({/]+"${stepId.replace(/[-]/g, '\\-')}(<br/>|")`, 'm').exec(diagram);
  if (!m) throw new Error(`no node for ${stepId}`);
  return m[1];
}

describe('mermaidDiagram', () => {
  it.each(DEFAULT_DEFINITIONS.map((d) => [`${d.key} v${d.version}`, d] as const))(
    'draws %s: a node per step, an edge per exit, from the start',
    (_name, def) => {
      const diagram = mermaidDiagram(def);
      expect(diagram.split('\n')[0]).toBe('flowchart TD');
      for (const step of def.steps) {
        const from = nodeIdOf(diagram, step.id);
        for (const to of exitsOf(step)) expect(diagram).toMatch(new RegExp(`^  ${from} -(-|\\.-)>(\\|"[^"]*"\\|)? ${nodeIdOf(diagram, to)}$`, 'm'));
      }
      expect(diagram).toContain(`start --> ${nodeIdOf(diagram, def.start)}`);
      expect(diagram).not.toContain('classDef');
    },
  );

  it('labels outcomes and gateway conditions on the edges', () => {
    const diagram = mermaidDiagram(DISCHARGE_PERMIT);
    const gw = nodeIdOf(diagram, 'management-category');
    expect(diagram).toContain(`${gw} -->|"data.managementCategory = registration"| ${nodeIdOf(diagram, 'issue-registration')}`);
    expect(diagram).toContain(`${gw} -->|"otherwise"| ${nodeIdOf(diagram, 'review')}`);
    expect(diagram).toContain(`${nodeIdOf(diagram, 'review')} -->|"approve"| ${nodeIdOf(diagram, 'countersign')}`);
  });

  it('marks the current step and the past ones with classes', () => {
    const diagram = mermaidDiagram(DISCHARGE_PERMIT, { current: 'countersign', past: ['management-category', 'review', 'countersign'] });
    expect(diagram).toContain('classDef current');
    expect(diagram).toContain('classDef done');
    expect(diagram).toContain(`class ${nodeIdOf(diagram, 'management-category')},${nodeIdOf(diagram, 'review')} done`);
    expect(diagram).toContain(`class ${nodeIdOf(diagram, 'countersign')} current`);
  });

  it('keeps quotes and pipes of step ids and conditions inside their labels, and survives a step called end', () => {
    const def: WorkflowDefinition = {
      key: 'odd',
      version: 2,
      start: 'end',
      steps: [
        { id: 'end', kind: 'gateway', routes: [{ when: { field: 'data.x', eq: 'a"|b' }, to: 'done' }], otherwise: 'done' },
        { id: 'done', kind: 'end', result: 'approved' },
      ],
    };
    const diagram = mermaidDiagram(def);
    expect(diagram).toContain('s0 -->|"data.x = a#34;#124;b"| s1');
    expect(diagram).not.toMatch(/^\s*end\b/m);
  });
});

describe('diagramGraph', () => {
  it.each(DEFAULT_DEFINITIONS.map((d) => [`${d.key} v${d.version}`, d] as const))('has a node per step and an edge per exit: %s', (_name, def) => {
    const g = diagramGraph(def);
    expect(g.nodes.map((n) => n.id)).toEqual([DIAGRAM_START, ...def.steps.map((s) => s.id)]);
    expect(g.nodes.slice(1).map((n) => n.kind)).toEqual(def.steps.map((s) => s.kind));
    expect(g.edges[0]).toEqual({ from: DIAGRAM_START, to: def.start });
    for (const step of def.steps)
      expect(g.edges.filter((e) => e.from === step.id).map((e) => e.to)).toEqual(exitsOf(step).filter((to) => def.steps.some((s) => s.id === to)));
    expect(g.current).toEqual([]);
    expect(g.nodes.every((n) => n.state === 'pending')).toBe(true);
    // JSON-safe: what the API sends is what the function gave
    expect(JSON.parse(JSON.stringify(g))).toEqual(g);
  });

  it('labels outcomes, countersign results and gateway conditions, with the condition as data', () => {
    const g = diagramGraph(DISCHARGE_PERMIT);
    const route = g.edges.find((e) => e.from === 'management-category' && e.to === 'issue-registration');
    expect(route).toEqual({
      from: 'management-category',
      to: 'issue-registration',
      label: 'data.managementCategory = registration',
      condition: { field: 'data.managementCategory', eq: 'registration' },
    });
    expect(g.edges).toContainEqual({ from: 'management-category', to: 'review', label: 'otherwise' });
    expect(g.edges).toContainEqual(expect.objectContaining({ from: 'review', to: 'countersign', label: 'approve' }));
    expect(g.edges).toContainEqual(expect.objectContaining({ from: 'countersign', label: 'approved' }));
    expect(g.nodes.find((n) => n.id === 'review')).toMatchObject({ kind: 'task', detail: 'review · pollution' });
  });

  it('marks the current step (not also done) and the past ones; unknown steps are ignored', () => {
    const g = diagramGraph(DISCHARGE_PERMIT, { current: 'countersign', past: ['management-category', 'review', 'countersign', 'nowhere'] });
    expect(g.current).toEqual(['countersign']);
    const state = Object.fromEntries(g.nodes.map((n) => [n.id, n.state]));
    expect(state).toMatchObject({ 'management-category': 'done', review: 'done', countersign: 'current', [DIAGRAM_START]: 'pending' });
    expect(g.nodes.some((n) => n.id === 'nowhere')).toBe(false);
    expect(diagramGraph(DISCHARGE_PERMIT, { current: 'gone' }).current).toEqual([]);
  });

  it('draws a failure exit of a system step as failure, and Mermaid dotted', () => {
    const def: WorkflowDefinition = {
      key: 'jobby',
      version: 1,
      start: 'issue',
      steps: [
        { id: 'issue', kind: 'system', job: 'issue-permit', next: 'done', onFailure: 'manual' },
        { id: 'manual', kind: 'task', taskKind: 'review', dept: 'pollution', outcomes: { approve: 'done' } },
        { id: 'done', kind: 'end', result: 'approved' },
      ],
    };
    const g = diagramGraph(def);
    expect(g.edges).toContainEqual({ from: 'issue', to: 'manual', label: 'failed', failure: true });
    expect(mermaidOfGraph(g)).toContain('s0 -.->|"failed"| s1');
    expect(mermaidOfGraph(g)).toBe(mermaidDiagram(def));
  });
});
