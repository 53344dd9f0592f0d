// The subset of Mermaid that mermaidDiagram (libs/workflow/src/definitions/diagram.ts) writes, read back for
// the console's own small SVG: no Mermaid bundle in the browser.

export interface DiagramNode {
  id: string;
  label: string;
  cls?: 'current' | 'done';
}

/** Nodes, edges and marks of the API's Mermaid flowchart (the subset mermaidDiagram writes). */
export function parseMermaid(text: string): { nodes: DiagramNode[]; edges: [string, string][] } {
  const nodes = new Map<string, DiagramNode>();
  const edges: [string, string][] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const edge = /^(\w+)\s+-\.?->(?:\|"[^"]*"\|)?\s+(\w+)$/.exec(line) ?? /^(\w+)\s+-->(?:\|"[^"]*"\|)?\s+(\w+)$/.exec(line);
    if (edge) {
      edges.push([edge[1], edge[2]]);
      continue;
    }
    const cls = /^class\s+([\w,]+)\s+(current|done)$/.exec(line);
    if (cls) {
      for (const id of cls[1].split(',')) {
        const n = nodes.get(id);
        if (n) n.cls = cls[2] as 'current' | 'done';
      }
      continue;
    }
    const node = /^(\w+)[[({>/\\]+"(.*?)"[\])}/\\]+$/.exec(line);
    if (node && !line.startsWith('classDef')) nodes.set(node[1], { id: node[1], label: node[2].split('<br')[0] });
  }
  return { nodes: [...nodes.values()], edges };
}
