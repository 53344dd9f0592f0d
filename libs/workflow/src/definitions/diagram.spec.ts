import { exitsOf, type WorkflowDefinition } from '../engine/definition';
import { mermaidDiagram } from './diagram';
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
