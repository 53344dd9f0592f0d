import type { CaseDiagram } from './api';
import { useI18n } from './i18n';

import { parseMermaid } from './mermaid';
import type { DiagramNode as Node } from './mermaid';

/** The case's workflow as a small SVG: one row per depth from the start, the current step amber, past ones green. */
export function Diagram({ diagram }: { diagram: CaseDiagram }) {
  const { l, t, lang } = useI18n();
  const { nodes, edges } = parseMermaid(diagram.mermaid);
  const depth = new Map<string, number>([['start', 0]]);
  const queue = ['start'];
  while (queue.length) {
    const at = queue.shift() as string;
    for (const [from, to] of edges)
      if (from === at && !depth.has(to)) {
        depth.set(to, (depth.get(at) as number) + 1);
        queue.push(to);
      }
  }
  const rows = new Map<number, Node[]>();
  for (const n of nodes) {
    const d = depth.get(n.id) ?? 0;
    rows.set(d, [...(rows.get(d) ?? []), n]);
  }
  const W = 150;
  const H = 34;
  const GX = 20;
  const GY = 30;
  const width = Math.max(...[...rows.values()].map((r) => r.length)) * (W + GX) + GX;
  const pos = new Map<string, { x: number; y: number }>();
  for (const [d, row] of rows) {
    const offset = (width - row.length * (W + GX) + GX) / 2;
    row.forEach((n, i) => pos.set(n.id, { x: offset + i * (W + GX), y: GY / 2 + d * (H + GY) }));
  }
  const height = (Math.max(...rows.keys()) + 1) * (H + GY);
  const fill = (n: Node) => (n.cls === 'current' ? '#fde68a' : n.cls === 'done' ? '#d1fae5' : '#fff');
  const stroke = (n: Node) => (n.cls === 'current' ? '#b45309' : n.cls === 'done' ? '#047857' : '#6b7280');
  // the start node is labelled with the definition's key and version ("acceptance v1"): a start, in words
  const name = (n: Node) => (n.id === 'start' ? t('start') : l('step', n.label));
  return (
    <figure style={{ margin: 0, overflowX: 'auto' }} data-testid="diagram" data-current={diagram.currentStepId}>
      <svg width={width} height={height} role="img" aria-label={`${t('diagram')}: ${t('currentStep')} ${l('step', diagram.currentStepId)}`}>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto">
            <path d="M0,0 L10,5 L0,10 z" fill="#6b7280" />
          </marker>
        </defs>
        {edges.map(([a, b], i) => {
          const p = pos.get(a);
          const q = pos.get(b);
          if (!p || !q) return null;
          const down = q.y > p.y;
          return (
            <line key={i} x1={p.x + W / 2} y1={down ? p.y + H : p.y} x2={q.x + W / 2} y2={down ? q.y : q.y + H} stroke="#9ca3af" markerEnd="url(#arrow)" />
          );
        })}
        {nodes.map((n) => {
          const p = pos.get(n.id) as { x: number; y: number };
          return (
            <g key={n.id} data-step={n.label} data-mark={n.cls ?? ''}>
              <rect
                x={p.x}
                y={p.y}
                width={W}
                height={H}
                rx={n.id === 'start' ? 17 : 4}
                fill={fill(n)}
                stroke={stroke(n)}
                strokeWidth={n.cls === 'current' ? 3 : 1}
              />
              <text x={p.x + W / 2} y={p.y + H / 2 + 5} textAnchor="middle" fontSize="12" fill="#111">
                {name(n).slice(0, lang === 'en' ? 22 : 12)}
              </text>
            </g>
          );
        })}
      </svg>
      <details>
        <summary>Mermaid</summary>
        <pre style={{ fontSize: 11 }}>{diagram.mermaid}</pre>
      </details>
    </figure>
  );
}
