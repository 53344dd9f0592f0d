// `node dist/scripts/console-size.js [dir]`: the gzip size of the JavaScript each side of the console fetches on
// its first load, per Vite's manifest: the entry (main.tsx, which reads the token's role) and its static imports,
// plus the side's root module with its static imports (src/App.tsx for staff, src/enterprise/Root.tsx for an
// enterprise), both loaded at once; the screens each side loads lazily are excluded.
// The bench calls consoleFirstLoad(); the budgets are 300 KiB for staff (issue 27; 500 KiB since issue 15) and 250 KiB for an enterprise (issue 27).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const FIRST_LOAD_BUDGET_BYTES = 300 * 1024;
export const ENTERPRISE_FIRST_LOAD_BUDGET_BYTES = 250 * 1024;

export type Side = 'staff' | 'enterprise';
/** The module main.tsx loads for each side (lazily, right after the entry). */
export const SIDE_ROOTS: Record<Side, string> = { staff: 'src/App.tsx', enterprise: 'src/enterprise/Root.tsx' };

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

export interface FirstLoad {
  /** The first load's JavaScript files, relative to the console's directory. */
  files: { file: string; bytes: number; gzipBytes: number }[];
  bytes: number;
  gzipBytes: number;
  budgetBytes: number;
  withinBudget: boolean;
}

/**
 * The first load of one side of the built console in `dir` (default dist/console), gzip level 9 as a server would
 * send it. A build whose entry imports the staff shell statically (no side roots in the manifest) counts the entry alone.
 */
export function consoleFirstLoad(dir = resolve(__dirname, '..', 'console'), side: Side = 'staff'): FirstLoad {
  const manifest = JSON.parse(readFileSync(join(dir, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const entries = Object.keys(manifest).filter((k) => manifest[k].isEntry);
  if (entries.length === 0) throw new Error(`no entry chunk in ${dir}/.vite/manifest.json`);
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    for (const i of manifest[key].imports ?? []) visit(i); // static imports load with the page; dynamic ones later
  };
  entries.forEach(visit);
  visit(SIDE_ROOTS[side]);
  const files = [...new Set([...seen].map((k) => manifest[k].file))]
    .filter((f) => f.endsWith('.js'))
    .map((file) => {
      const content = readFileSync(join(dir, file));
      return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
    });
  const gzipBytes = files.reduce((n, f) => n + f.gzipBytes, 0);
  const budgetBytes = side === 'enterprise' ? ENTERPRISE_FIRST_LOAD_BUDGET_BYTES : FIRST_LOAD_BUDGET_BYTES;
  return { files, bytes: files.reduce((n, f) => n + f.bytes, 0), gzipBytes, budgetBytes, withinBudget: gzipBytes <= budgetBytes };
}

if (require.main === module) {
  let within = true;
  for (const side of ['staff', 'enterprise'] as const) {
    const r = consoleFirstLoad(process.argv[2] ? resolve(process.argv[2]) : undefined, side);
    for (const f of r.files) console.log(`${side}\t${f.file}\t${f.bytes} B\t${f.gzipBytes} B gzip`);
    console.log(
      `${side} first load: ${(r.gzipBytes / 1024).toFixed(1)} KiB gzip of ${(r.budgetBytes / 1024).toFixed(0)} KiB budget${r.withinBudget ? '' : ' (OVER)'}`,
    );
    within &&= r.withinBudget;
  }
  process.exit(within ? 0 : 1);
}
