/** A baseline's per-request latencies summarised as its reports give them. */
export interface LatencySummary {
  mean: number;
  p50: number;
  p99: number;
}

/** Mean and nearest-rank percentiles (p50, p99) of `values`; zeros when there are none. */
export function latencySummary(values: readonly number[]): LatencySummary {
  if (values.length === 0) return { mean: 0, p50: 0, p99: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
  const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return { mean, p50: at(0.5), p99: at(0.99) };
}
