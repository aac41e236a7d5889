import type { OracleMetrics } from "./oracle";

/**
 * Paper algorithm 1, line 11: criterion = loss + sum_i lambda_i metric_i / target_i
 * over the metrics [1 / throughput, area, power]. Lower is better.
 */
/** The weight λ of each metric when none is given (docs/search.md says why). */
export const DEFAULT_LAMBDA = 0.02;

export interface CriterionSettings {
  /** Targets: a throughput (inferences/s; its metric is 1 / throughput), an area (mm^2), a power (W). */
  targetThroughput: number;
  targetAreaMm2: number;
  targetPowerW: number;
  lambdaThroughput: number;
  lambdaArea: number;
  lambdaPower: number;
}

export function criterion(loss: number, m: OracleMetrics, s: CriterionSettings): number {
  return (
    loss +
    (s.lambdaThroughput * (1 / m.throughput)) / (1 / s.targetThroughput) +
    (s.lambdaArea * m.areaMm2) / s.targetAreaMm2 +
    (s.lambdaPower * m.powerW) / s.targetPowerW
  );
}
