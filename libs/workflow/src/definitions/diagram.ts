// A definition drawn as a Mermaid flowchart, generated from the data (never drawn by hand), optionally with a
// case's current and past steps marked.
import { describeCondition } from '../engine/condition';
import type { StepDef, WorkflowDefinition } from '../engine/definition';

export interface DiagramMarks {
  /** The step the case is at now. */
  current?: string;
  /** Steps the case has been through. */
  past?: Iterable<string>;
}

/** Mermaid text is quoted: a `"` or `|` of our own must not end the label. */
function text(s: string): string {
  return s.replace(/[&"|<>#]/g, (c) => `#${c.charCodeAt(0)};`);
}

function node(id: string, step: StepDef): string {
  switch (step.kind) {
    case 'task':
      return `${id}["${text(step.id)}<br/>${text(step.taskKind)} · ${text(step.dept)}"]`;
    case 'countersign':
      return `${id}[["${text(step.id)}<br/>${text(step.taskKind)} (${text(step.policy.type)}${step.veto ? ', veto' : ''}): ${text(step.signersFrom ? `${step.signersFrom.field}@${step.signersFrom.dept}` : step.signers.map((s) => (typeof s === 'string' ? s : `${s.user}@${s.dept}`)).join(', '))}"]]`;
    case 'gateway':
      return `${id}{"${text(step.id)}"}`;
    case 'wait':
      return `${id}(["${text(step.id)}<br/>wait ${step.days} ${step.unit} days${step.pausesClock ? ` · clock paused: ${text(step.pausesClock)}` : ''}"])`;
    case 'system':
      return `${id}[/"${text(step.id)}<br/>${text(step.job)}"/]`;
    case 'end':
      return `${id}(("${text(step.id)}"))`;
  }
}

function edges(step: StepDef): { to: string; label?: string; dotted?: boolean }[] {
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
      return [...step.routes.map((r) => ({ to: r.to, label: describeCondition(r.when) })), { to: step.otherwise, label: 'otherwise' }];
    case 'wait':
      return [{ to: step.next }];
    case 'system':
      return [{ to: step.next }, ...(step.onFailure ? [{ to: step.onFailure, label: 'failed', dotted: true }] : [])];
    case 'end':
      return [];
  }
}

/**
 * `flowchart TD` with one node per step (shape by kind: task box, countersign subroutine, gateway rhombus,
 * wait stadium, system parallelogram, end circle) and one edge per exit, labelled with the outcome or
 * condition that takes it. Node ids are `s0`, `s1`, … (step ids may be Mermaid keywords such as `end`);
 * each node's label starts with its step id. With marks, classes `current` and `done` colour the steps.
 */
export function mermaidDiagram(def: WorkflowDefinition, marks: DiagramMarks = {}): string {
  const ids = new Map(def.steps.map((s, i) => [s.id, `s${i}`]));
  const lines = ['flowchart TD', `  start(("${text(`${def.key} v${def.version}`)}"))`];
  for (const step of def.steps) lines.push(`  ${node(ids.get(step.id) as string, step)}`);
  const startId = ids.get(def.start);
  if (startId) lines.push(`  start --> ${startId}`);
  for (const step of def.steps) {
    for (const e of edges(step)) {
      const to = ids.get(e.to);
      if (!to) continue;
      const arrow = e.dotted ? '-.->' : '-->';
      lines.push(`  ${ids.get(step.id)} ${arrow}${e.label ? `|"${text(e.label)}"|` : ''} ${to}`);
    }
  }
  const past = [...new Set(marks.past ?? [])].filter((s) => s !== marks.current && ids.has(s));
  if (marks.current !== undefined || past.length) {
    lines.push('  classDef done fill:#d1fae5,stroke:#059669,color:#064e3b');
    lines.push('  classDef current fill:#fde68a,stroke:#d97706,stroke-width:3px,color:#78350f');
    if (past.length) lines.push(`  class ${past.map((s) => ids.get(s)).join(',')} done`);
    if (marks.current !== undefined && ids.has(marks.current)) lines.push(`  class ${ids.get(marks.current)} current`);
  }
  return lines.join('\n');
}
