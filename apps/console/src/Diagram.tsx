import { useMemo } from 'react';
import type { CaseDiagram } from './api';
import { useI18n } from './i18n';
import { layoutGraph, NODE_H, NODE_W } from './layout';
import type { GraphNode } from './layout';

const FILL = { current: '#fde68a', done: '#d1fae5', pending: '#fff' };
const STROKE = { current: '#b45309', done: '#047857', pending: '#6b7280' };

/** The case's workflow as an SVG laid out by dagre from the API's graph: the current step amber, past ones green. */
export function Diagram({ diagram }: { diagram: CaseDiagram }) {
  const { l, t, lang } = useI18n();
  const laid = useMemo(() => layoutGraph(diagram.nodes as GraphNode[], diagram.edges), [diagram]);
  // the start node is labelled with the definition's key and version ("acceptance v1"): a start, in words
  const name = (n: GraphNode) => (n.kind === 'start' ? t('start') : l('step', n.label));
  const current = diagram.currentStepIds.map((s) => l('step', s)).join(', ');
  return (
    // focusable: on a phone the drawing is wider than the screen and scrolls, and a keyboard must reach it
    <figure
      style={{ margin: 0, overflowX: 'auto' }}
      tabIndex={0}
      aria-label={t('diagram')}
      data-testid="diagram"
      data-current={diagram.currentStepIds.join(' ')}
    >
      <svg width={laid.width} height={laid.height} role="img" aria-label={`${t('diagram')}: ${t('currentStep')} ${current}`}>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto">
            <path d="M0,0 L10,5 L0,10 z" fill="#6b7280" />
          </marker>
        </defs>
        {laid.edges.map((e, i) => (
          <polyline
            key={i}
            data-edge={`${e.item.from}>${e.item.to}`}
            points={e.points.map((p) => `${p.x},${p.y}`).join(' ')}
            fill="none"
            stroke="#9ca3af"
            strokeDasharray={e.item.failure ? '4 3' : undefined}
            markerEnd="url(#arrow)"
          >
            {e.item.label ? <title>{l('outcome', e.item.label)}</title> : null}
          </polyline>
        ))}
        {laid.nodes.map(({ item: n, x, y }) => (
          <g key={n.id} data-step={n.kind === 'start' ? '' : n.id} data-mark={n.state === 'pending' ? '' : n.state}>
            <rect
              x={x}
              y={y}
              width={NODE_W}
              height={NODE_H}
              rx={n.kind === 'start' || n.kind === 'end' ? 17 : n.kind === 'gateway' ? 12 : 4}
              fill={FILL[n.state]}
              stroke={STROKE[n.state]}
              strokeWidth={n.state === 'current' ? 3 : 1}
            />
            <text x={x + NODE_W / 2} y={y + NODE_H / 2 + 5} textAnchor="middle" fontSize="12" fill="#111">
              {name(n).slice(0, lang === 'en' ? 22 : 12)}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
