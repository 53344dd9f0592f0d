import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type ConsoleSizeResult = { gzipBytes: number; raw?: unknown } | { skipped: string } | { error: string };

/**
 * HOOK: the console's first-load JS, gzip bytes, from `scripts/console-size.ts` (written in parallel with this
 * bench; compiled to dist/scripts/console-size.js). Until the build has it, reported as skipped.
 */
export function measureConsoleSize(root: string): ConsoleSizeResult {
  const script = join(__dirname, '..', 'scripts', 'console-size.js');
  if (!existsSync(script)) return { skipped: 'scripts/console-size.ts is not in this build' };
  try {
    const out = execFileSync(process.execPath, [script], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
    const bytes = /(\d+)\s*(?:B|bytes)?\s*(?:gzip)?/i.exec(out.trim().split('\n').pop() ?? '');
    return bytes ? { gzipBytes: Number(bytes[1]), raw: out.trim().slice(-500) } : { error: `no byte count in its output: ${out.slice(-300)}` };
  } catch (err) {
    return { error: (err as Error).message.slice(0, 500) };
  }
}
