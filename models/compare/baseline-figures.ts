import type { OwnPaperCheck } from "../../arch/baselines/own-paper-check";

/**
 * One baseline of table 3 as measured: what ran, its throughput, power and
 * area, and where its figures come from. The design's ratios against it are
 * computed from these (table3.ts).
 */
export interface BaselineFigures {
  /** What ran: the model, the dataset and trace, the platform. */
  workload: string;
  throughputPerSec: number;
  /** Per request, ns (null where the platform reports none). */
  latencyNs: { mean: number; p50: number; p99: number } | null;
  /** Null where the baseline has no area to compare (a CPU, DRAM DIMMs). */
  areaMm2: number | null;
  powerW: number;
  /** Energy of one inference, nJ (= powerW / throughputPerSec). */
  energyPerInferenceNj: number;
  /** Papers, datasheets and measurements its figures rest on. */
  sources: string[];
  /** The baseline reproducing a headline result of its own paper, where it has one. */
  ownPaperCheck: OwnPaperCheck | null;
  notes: string[];
}

/** A baseline's power from its energy per inference and throughput: P = E x X. */
export function powerOf(energyPerInferenceNj: number, throughputPerSec: number): number {
  return energyPerInferenceNj * 1e-9 * throughputPerSec;
}
