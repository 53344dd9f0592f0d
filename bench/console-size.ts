import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type ConsoleSizeResult =
  { gzipBytes: number; bytes: number; budgetBytes: number; withinBudget: boolean; files: number } | { skipped: string } | { error: string };

/**
 * The staff console's first-load JS (gzip bytes): `consoleFirstLoad()` of scripts/console-size.ts (compiled to
 * dist/scripts/console-size.js) over the built console (dist/console). Loaded at run time, so a build without it
 * reports `skipped` rather than failing; a build without the console bundle reports the error.
 */
export function measureConsoleSize(): ConsoleSizeResult {
  const script = join(__dirname, '..', 'scripts', 'console-size.js');
  if (!existsSync(script)) return { skipped: 'scripts/console-size.ts is not in this build' };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time (the build may lack it)
    const mod = require(script) as {
      consoleFirstLoad?: () => { gzipBytes: number; bytes: number; budgetBytes: number; withinBudget: boolean; files: unknown[] };
    };
    if (typeof mod.consoleFirstLoad !== 'function') return { skipped: 'scripts/console-size.js has no consoleFirstLoad()' };
    const r = mod.consoleFirstLoad();
    return { gzipBytes: r.gzipBytes, bytes: r.bytes, budgetBytes: r.budgetBytes, withinBudget: r.withinBudget, files: r.files.length };
  } catch (err) {
    return { error: (err as Error).message.slice(0, 500) };
  }
}
