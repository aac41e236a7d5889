import { getHeapStatistics } from "node:v8";
import type { HwConfig } from "../../arch/config/hw-config";
import { InputError } from "../../sim/kernel/input-error";
import { modelInfo } from "../inspect/model-info";
import type { ModelSpec } from "../spec/model-spec";

/**
 * What a simulation of a model will hold in memory, estimated from its
 * layer sizes before anything is built, so that a model too large for the
 * machine is refused with the estimate instead of crashing V8 after a
 * minute ("Reached heap limit"). Measured here (figure-6 and a model with
 * two FC layers of 100,000, 9.8 M crossbars in 620 MB): the mapping holds about 60 bytes per crossbar;
 * the functional check keeps every weight as a JavaScript number (8 bytes,
 * plus its array) and every stationary layer programmed onto its crossbars
 * (arch/layers/programmed-layer.ts: a 32-bit integer per cell, size^2 per
 * crossbar). The constants round those up.
 */
const BYTES_PER_CROSSBAR = 100;
const BYTES_PER_CHECKED_WEIGHT = 16;
const BYTES_PER_PROGRAMMED_CELL = 4;
/** Node, the kernel and a trace's statistics before any model. */
const BASE_MB = 150;

export interface MemoryEstimate {
  mb: number;
  weights: number;
  crossbars: number;
}

/** The estimate for one model on one chip (crossbars: each layer's tiles of crossbar size at the cells its bits need). */
export function estimateMemory(
  spec: ModelSpec,
  hw: HwConfig,
  functionalChecks: number,
): MemoryEstimate {
  const size = hw.crossbar.size;
  let crossbars = 0;
  let weights = 0;
  const cells = Math.ceil(hw.precision.weightBits / hw.crossbar.cellBits);
  for (const layer of modelInfo(spec).layers) {
    crossbars += Math.ceil(layer.inputs / size) * Math.ceil((layer.outputs * cells) / size);
    weights += layer.params - layer.biasParams;
  }
  const bytes =
    crossbars * BYTES_PER_CROSSBAR +
    (functionalChecks > 0
      ? weights * BYTES_PER_CHECKED_WEIGHT + crossbars * size * size * BYTES_PER_PROGRAMMED_CELL
      : 0);
  return { mb: BASE_MB + bytes / 2 ** 20, weights, crossbars };
}

/** The default limit: three quarters of this process's V8 heap limit. */
export function defaultMemoryLimitMb(): number {
  return Math.floor((0.75 * getHeapStatistics().heap_size_limit) / 2 ** 20);
}

/** Refuses a run whose estimate exceeds `limitMb`, saying what it needs and how to change the limit. */
export function checkMemory(
  spec: ModelSpec,
  hw: HwConfig,
  functionalChecks: number,
  limitMb: number,
): void {
  const e = estimateMemory(spec, hw, functionalChecks);
  if (e.mb <= limitMb) return;
  const functional =
    functionalChecks > 0
      ? `, ${e.weights.toExponential(2)} weights kept for the functional check`
      : "";
  throw new InputError(
    `${spec.name}: simulating it needs about ${Math.round(e.mb)} MB (${e.crossbars} crossbars${functional}), over the limit of ${limitMb} MB (--max-memory-mb; default 3/4 of Node's heap limit, raised with NODE_OPTIONS=--max-old-space-size=MB)`,
  );
}
