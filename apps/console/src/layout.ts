// The workflow graph the API answers (GET …/diagram: nodes, edges, current step), laid out with dagre for the
// console's own SVG: no Mermaid in the browser, no text parsed back.
import { Graph, layout } from '@dagrejs/dagre';

export interface GraphNode {
  id: string;
  kind: string;
  label: string;
  detail?: string;
  state: 'current' | 'done' | 'pending';
}
export interface GraphEdge {
  from: string;
  to: string;
  label?: string;
  failure?: boolean;
}
export interface Placed<T> {
  item: T;
  x: number;
  y: number;
}
export interface Layout {
  nodes: Placed<GraphNode>[];
  edges: { item: GraphEdge; points: { x: number; y: number }[] }[];
  width: number;
  height: number;
}

export const NODE_W = 150;
export const NODE_H = 34;

/** Top-down layered layout: every node a NODE_W × NODE_H box with its top-left corner at (x, y); edges as polylines. */
export function layoutGraph(nodes: GraphNode[], edges: GraphEdge[]): Layout {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 20, ranksep: 30, edgesep: 10, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: NODE_W, height: NODE_H });
  const known = new Set(nodes.map((n) => n.id));
  const kept = edges.filter((e) => known.has(e.from) && known.has(e.to));
  kept.forEach((e, i) => g.setEdge(e.from, e.to, {}, String(i)));
  layout(g);
  const graph = g.graph();
  return {
    nodes: nodes.map((n) => {
      const p = g.node(n.id);
      return { item: n, x: p.x - NODE_W / 2, y: p.y - NODE_H / 2 };
    }),
    edges: kept.map((e, i) => ({
      item: e,
      points: (g.edge({ v: e.from, w: e.to, name: String(i) }).points ?? []).map((p: { x: number; y: number }) => ({ x: p.x, y: p.y })),
    })),
    width: Math.ceil(graph.width ?? 0),
    height: Math.ceil(graph.height ?? 0),
  };
}
