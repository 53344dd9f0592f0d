// A definition drawn from its data (never by hand): as a graph (nodes, edges, the case's current and past steps)
// that a client lays out itself, and as a Mermaid flowchart derived from that graph, kept as an export format.
import { describeCondition } from '../engine/condition';
import type { StepDef, StepKind, WorkflowDefinition } from '../engine/definition';

export interface DiagramMarks {
  /** The step the case is at now. */
  current?: string;
  /** Steps the case has been through. */
  past?: Iterable<string>;
}

/** The id of the graph's start node: `@` never begins a step id of a valid definition's graph we draw. */
export const DIAGRAM_START = '@start';

export interface DiagramNode {
  /** The step id (DIAGRAM_START for the start). */
  id: string;
  kind: StepKind | 'start';
  /** The step id, or `key vN` for the start: clients translate step ids through the labels. */
  label: string;
  /** What the step does, in the definition's own terms (task kind and department, wait days, job, …). */
  detail?: string;
  /** Where the case stands: at this step now, been through it, or not (yet). Without marks: all `pending`. */
  state: 'current' | 'done' | 'pending';
}

export interface DiagramEdge {
  from: string;
  to: string;
  /** The outcome (`approve`), countersign result (`approved`), `otherwise`, `failed`, or a gateway's condition in words. */
  label?: string;
  /** A gateway route's condition, as the definition holds it (the one condition language). */
  condition?: unknown;
  /** A system step's failure exit (drawn dotted). */
  failure?: boolean;
}

export interface DiagramGraph {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  /** The steps the case is at now (one; empty without marks or once the step is unknown to the definition). */
  current: string[];
}

function detail(step: StepDef): string | undefined {
  switch (step.kind) {
    case 'task':
      return `${step.taskKind} · ${step.dept}`;
    case 'countersign': {
      const who = step.signersFrom
        ? `${step.signersFrom.field}@${step.signersFrom.dept}`
        : step.signers.map((s) => (typeof s === 'string' ? s : `${s.user}@${s.dept}`)).join(', ');
      return `${step.taskKind} (${step.policy.type}${step.veto ? ', veto' : ''}): ${who}`;
    }
    case 'wait':
      return `wait ${step.days} ${step.unit} days${step.pausesClock ? ` · clock paused: ${step.pausesClock}` : ''}`;
    case 'system':
      return step.job;
    case 'gateway':
    case 'end':
      return undefined;
  }
}

function exits(step: StepDef): Omit<DiagramEdge, 'from'>[] {
  switch (step.kind) {
    case 'task':
      return Object.entries(step.outcomes).flatMap(([outcome, to]) => (to ? [{ to, label: outcome }] : []));
    case 'countersign':
      return [
        { to: step.onApproved, label: 'approved' },
        { to: step.onRejected, label: 'rejected' },
        ...(step.onSplit ? [{ to: step.onSplit, label: 'split' }] : []),
      ];
    case 'gateway':
      return [...step.routes.map((r) => ({ to: r.to, label: describeCondition(r.when), condition: r.when })), { to: step.otherwise, label: 'otherwise' }];
    case 'wait':
      return [{ to: step.next }];
    case 'system':
      return [{ to: step.next }, ...(step.onFailure ? [{ to: step.onFailure, label: 'failed', failure: true }] : [])];
    case 'end':
      return [];
  }
}

/**
 * The definition as a graph: a start node, one node per step, one edge per exit (to a step the definition
 * has), labelled with the outcome or condition that takes it; with marks, each node's state.
 */
export function diagramGraph(def: WorkflowDefinition, marks: DiagramMarks = {}): DiagramGraph {
  const known = new Set(def.steps.map((s) => s.id));
  const past = new Set(marks.past ?? []);
  const current = marks.current !== undefined && known.has(marks.current) ? [marks.current] : [];
  const state = (id: string): DiagramNode['state'] => (current.includes(id) ? 'current' : past.has(id) ? 'done' : 'pending');
  const nodes: DiagramNode[] = [
    { id: DIAGRAM_START, kind: 'start', label: `${def.key} v${def.version}`, state: 'pending' },
    ...def.steps.map((s): DiagramNode => {
      const d = detail(s);
      return { id: s.id, kind: s.kind, label: s.id, ...(d === undefined ? {} : { detail: d }), state: state(s.id) };
    }),
  ];
  const edges: DiagramEdge[] = known.has(def.start) ? [{ from: DIAGRAM_START, to: def.start }] : [];
  for (const step of def.steps) for (const e of exits(step)) if (known.has(e.to)) edges.push({ from: step.id, ...e });
  return { nodes, edges, current };
}

/** Mermaid text is quoted: a `"` or `|` of our own must not end the label. */
function text(s: string): string {
  return s.replace(/[&"|<>#]/g, (c) => `#${c.charCodeAt(0)};`);
}

const SHAPES: Record<DiagramNode['kind'], [string, string]> = {
  start: ['((', '))'],
  task: ['[', ']'],
  countersign: ['[[', ']]'],
  gateway: ['{', '}'],
  wait: ['([', '])'],
  system: ['[/', '/]'],
  end: ['((', '))'],
};

/**
 * The graph as Mermaid `flowchart TD` (shape by kind: task box, countersign subroutine, gateway rhombus, wait
 * stadium, system parallelogram, end circle), each edge labelled. Node ids are `start`, `s0`, `s1`, … (step ids
 * may be Mermaid keywords such as `end`); each step's label starts with its step id. Marked graphs colour the
 * steps with classes `current` and `done`.
 */
export function mermaidOfGraph(graph: DiagramGraph): string {
  const ids = new Map<string, string>();
  let n = 0;
  for (const node of graph.nodes) ids.set(node.id, node.kind === 'start' ? 'start' : `s${n++}`);
  const lines = ['flowchart TD'];
  for (const node of graph.nodes) {
    const [open, close] = SHAPES[node.kind];
    lines.push(`  ${ids.get(node.id)}${open}"${text(node.label)}${node.detail === undefined ? '' : `<br/>${text(node.detail)}`}"${close}`);
  }
  for (const e of graph.edges) lines.push(`  ${ids.get(e.from)} ${e.failure ? '-.->' : '-->'}${e.label ? `|"${text(e.label)}"|` : ''} ${ids.get(e.to)}`);
  const done = graph.nodes.filter((x) => x.state === 'done');
  const current = graph.nodes.filter((x) => x.state === 'current');
  if (done.length || current.length) {
    lines.push('  classDef done fill:#d1fae5,stroke:#059669,color:#064e3b');
    lines.push('  classDef current fill:#fde68a,stroke:#d97706,stroke-width:3px,color:#78350f');
    if (done.length) lines.push(`  class ${done.map((x) => ids.get(x.id)).join(',')} done`);
    if (current.length) lines.push(`  class ${current.map((x) => ids.get(x.id)).join(',')} current`);
  }
  return lines.join('\n');
}

/** The definition as a Mermaid flowchart (see mermaidOfGraph), optionally with a case's current and past steps marked. */
export function mermaidDiagram(def: WorkflowDefinition, marks: DiagramMarks = {}): string {
  return mermaidOfGraph(diagramGraph(def, marks));
}
