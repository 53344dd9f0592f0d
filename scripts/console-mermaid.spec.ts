// The staff console draws a case's workflow from the API's Mermaid text with its own small parser
// (apps/console/src/mermaid.ts): checked here against what the engine really writes, for every definition.
import { DEFAULT_DEFINITIONS, DISCHARGE_PERMIT, mermaidDiagram } from '@permits/workflow/definitions';
import { parseMermaid } from '../apps/console/src/mermaid';

describe(parseMermaid.name, () => {
  it('reads every step and every edge of each workflow definition', () => {
    for (const def of DEFAULT_DEFINITIONS) {
      const { nodes, edges } = parseMermaid(mermaidDiagram(def));
      expect(nodes.map((n) => n.label).slice(1)).toEqual(def.steps.map((s) => s.id));
      const drawn = mermaidDiagram(def)
        .split('\n')
        .filter((l) => /-\.?->/.test(l)).length;
      expect(edges).toHaveLength(drawn);
    }
  });

  it('marks the current step and the past ones', () => {
    const { nodes } = parseMermaid(mermaidDiagram(DISCHARGE_PERMIT, { current: 'countersign', past: ['review'] }));
    expect(nodes.find((n) => n.label === 'countersign')?.cls).toBe('current');
    expect(nodes.find((n) => n.label === 'review')?.cls).toBe('done');
    expect(
      nodes
        .filter((n) => n.cls)
        .map((n) => n.label)
        .sort(),
    ).toEqual(['countersign', 'review']);
  });
});
