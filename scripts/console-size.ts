// `node dist/scripts/console-size.js [dir]`: the gzip size of the JavaScript the staff console's first load
// fetches (the entry chunk and its static imports, per Vite's manifest; lazily loaded screens excluded).
// The bench calls consoleFirstLoad(); the staff budget is 300 KiB (issue 27; 500 KiB since issue 15).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const FIRST_LOAD_BUDGET_BYTES = 300 * 1024;

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

/** The first load of the built console in `dir` (default dist/console), gzip level 9 as a server would send it. */
export function consoleFirstLoad(dir = resolve(__dirname, '..', 'console')): FirstLoad {
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
  const files = [...new Set([...seen].map((k) => manifest[k].file))]
    .filter((f) => f.endsWith('.js'))
    .map((file) => {
      const content = readFileSync(join(dir, file));
      return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
    });
  const gzipBytes = files.reduce((n, f) => n + f.gzipBytes, 0);
  return {
    files,
    bytes: files.reduce((n, f) => n + f.bytes, 0),
    gzipBytes,
    budgetBytes: FIRST_LOAD_BUDGET_BYTES,
    withinBudget: gzipBytes <= FIRST_LOAD_BUDGET_BYTES,
  };
}

if (require.main === module) {
  const r = consoleFirstLoad(process.argv[2] ? resolve(process.argv[2]) : undefined);
  for (const f of r.files) console.log(`${f.file}\t${f.bytes} B\t${f.gzipBytes} B gzip`);
  console.log(`first load: ${(r.gzipBytes / 1024).toFixed(1)} KiB gzip of ${(r.budgetBytes / 1024).toFixed(0)} KiB budget${r.withinBudget ? '' : ' (OVER)'}`);
  process.exit(r.withinBudget ? 0 : 1);
}
