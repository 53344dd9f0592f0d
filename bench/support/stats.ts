/** Percentile of a sample (nearest rank); undefined for an empty one. */
export function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function summary(values: number[]): { n: number; p50: number | null; p99: number | null; max: number | null; mean: number | null } {
  const r = (n: number | undefined) => (n === undefined ? null : Math.round(n * 10) / 10);
  return {
    n: values.length,
    p50: r(percentile(values, 50)),
    p99: r(percentile(values, 99)),
    max: r(values.length ? Math.max(...values) : undefined),
    mean: r(values.length ? values.reduce((a, b) => a + b, 0) / values.length : undefined),
  };
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
