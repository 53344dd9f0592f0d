import { existsSync } from 'node:fs';
import { join } from 'node:path';

interface SideSize {
  gzipBytes: number;
  bytes: number;
  budgetBytes: number;
  withinBudget: boolean;
  files: number;
}
/** The staff side's first load, and the enterprise side's (issue 27: ≤ 250 KiB) where the script measures it. */
export type ConsoleSizeResult = (SideSize & { enterprise?: SideSize }) | { skipped: string } | { error: string };

/**
 * The console's first-load JS (gzip bytes): `consoleFirstLoad()` of scripts/console-size.ts (compiled to
 * dist/scripts/console-size.js) over the built console (dist/console). Loaded at run time, so a build without it
 * reports `skipped` rather than failing; a build without the console bundle reports the error.
 */
export function measureConsoleSize(): ConsoleSizeResult {
  const script = join(__dirname, '..', 'scripts', 'console-size.js');
  if (!existsSync(script)) return { skipped: 'scripts/console-size.ts is not in this build' };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time (the build may lack it)
    const mod = require(script) as {
      consoleFirstLoad?: (
        dir?: string,
        side?: 'staff' | 'enterprise',
      ) => { gzipBytes: number; bytes: number; budgetBytes: number; withinBudget: boolean; files: unknown[] };
      SIDE_ROOTS?: Record<string, string>;
    };
    if (typeof mod.consoleFirstLoad !== 'function') return { skipped: 'scripts/console-size.js has no consoleFirstLoad()' };
    const size = (side: 'staff' | 'enterprise'): SideSize => {
      const r = (mod.consoleFirstLoad as NonNullable<typeof mod.consoleFirstLoad>)(undefined, side);
      return { gzipBytes: r.gzipBytes, bytes: r.bytes, budgetBytes: r.budgetBytes, withinBudget: r.withinBudget, files: r.files.length };
    };
    return { ...size('staff'), ...(mod.SIDE_ROOTS?.enterprise ? { enterprise: size('enterprise') } : {}) };
  } catch (err) {
    return { error: (err as Error).message.slice(0, 500) };
  }
}
