// The staff console lays the API's workflow graph out with dagre (apps/console/src/layout.ts): checked here
// on every definition the engine runs, drawn from the same graph the API answers (diagramGraph).
import { DEFAULT_DEFINITIONS, DISCHARGE_PERMIT, diagramGraph } from '@permits/workflow/definitions';
import { layoutGraph, NODE_H, NODE_W } from '../apps/console/src/layout';

describe(layoutGraph.name, () => {
  it.each(DEFAULT_DEFINITIONS.map((d) => [`${d.key} v${d.version}`, d] as const))('places every step of %s without overlap, inside the drawing', (_n, def) => {
    const g = diagramGraph(def);
    const laid = layoutGraph(g.nodes, g.edges);
    expect(laid.nodes.map((n) => n.item.id)).toEqual(g.nodes.map((n) => n.id));
    for (const a of laid.nodes) {
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.y).toBeGreaterThanOrEqual(0);
      expect(a.x + NODE_W).toBeLessThanOrEqual(laid.width);
      expect(a.y + NODE_H).toBeLessThanOrEqual(laid.height);
      for (const b of laid.nodes) if (a !== b) expect(a.x + NODE_W <= b.x || b.x + NODE_W <= a.x || a.y + NODE_H <= b.y || b.y + NODE_H <= a.y).toBe(true);
    }
    expect(laid.edges).toHaveLength(g.edges.length);
    for (const e of laid.edges) expect(e.points.length).toBeGreaterThanOrEqual(2);
  });

  it('draws the start above the first step, and a step above the one its outcome leads to', () => {
    const laid = layoutGraph(diagramGraph(DISCHARGE_PERMIT).nodes, diagramGraph(DISCHARGE_PERMIT).edges);
    const y = (id: string) => laid.nodes.find((n) => n.item.id === id)?.y as number;
    expect(y('@start')).toBeLessThan(y(DISCHARGE_PERMIT.start));
    expect(y('review')).toBeLessThan(y('countersign'));
  });

  it('ignores an edge to a node it was not given', () => {
    const laid = layoutGraph([{ id: 'a', kind: 'task', label: 'a', state: 'pending' }], [{ from: 'a', to: 'ghost' }]);
    expect(laid.edges).toEqual([]);
    expect(laid.nodes).toHaveLength(1);
  });
});
