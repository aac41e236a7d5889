import { cpus } from "node:os";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../sim/kernel/rng";
import { selectBackend, type BackendChoice } from "../supernet/backend";
import type { ModelGraph } from "../spec/model-spec";
import { FloatModel } from "./float-model";

/**
 * Power of one core of the paper's CPU platform, an Intel Xeon Gold 6254
 * (18 cores, 200 W TDP: Intel ARK, product 193954): the CPU baseline's power
 * is this times the cores the backend computes on. TDP is an upper bound of
 * the package's power, so the CPU's power efficiency is a lower bound.
 */
export const XEON_6254_WATTS_PER_CORE = 200 / 18;

export interface CpuOptions {
  backend: BackendChoice;
  batchSizes: number[];
  /** Time each batch size runs for, after a warm-up, seconds. */
  seconds: number;
  /** Embedding rows kept per table (FloatModel). */
  maxRowsPerTable: number;
  /** Power charged to the CPU, W; default: cores used x XEON_6254_WATTS_PER_CORE. */
  powerW?: number;
  seed: number;
}

export interface CpuMeasurement {
  batch: number;
  /** Inferences per second. */
  throughput: number;
  /** Wall time of one batch, ms. */
  batchLatencyMs: number;
  batches: number;
}

export interface CpuBaseline {
  backend: string;
  /** Cores the backend computes on (WASM and CPU run one thread in Node). */
  cores: number;
  powerW: number;
  powerSource: string;
  measurements: CpuMeasurement[];
}

/** The model's float32 inference timed with tfjs on this machine, per batch size. */
export async function measureCpuBaseline(
  graph: ModelGraph,
  options: CpuOptions,
): Promise<CpuBaseline> {
  const backend = await selectBackend(options.backend);
  const cores = backend === "node" ? cpus().length : 1;
  const model = new FloatModel(graph, options.maxRowsPerTable, options.seed);
  const rng = new Rng(options.seed).stream("cpu-baseline");
  const measurements: CpuMeasurement[] = [];
  try {
    for (const batch of options.batchSizes) {
      const dense = tf.tensor2d(
        Float32Array.from({ length: batch * graph.dataset.denseFeatures }, () => rng.float()),
        [batch, graph.dataset.denseFeatures],
      );
      const rows = tf.tensor2d(
        Int32Array.from({ length: batch * graph.dataset.sparseFeatures }, (_, i) => {
          const f = i % graph.dataset.sparseFeatures;
          return rng.int(0, Math.min(graph.dataset.tableRows[f]!, options.maxRowsPerTable) - 1);
        }),
        [batch, graph.dataset.sparseFeatures],
        "int32",
      );
      const once = () => model.predict(dense, rows).dataSync(); // dataSync: wait for the result
      for (let i = 0; i < 3; i++) once(); // warm-up: kernels compiled, buffers allocated
      let batches = 0;
      const start = process.hrtime.bigint();
      let elapsed = 0;
      while (elapsed < options.seconds || batches < 3) {
        once();
        batches++;
        elapsed = Number(process.hrtime.bigint() - start) / 1e9;
      }
      tf.dispose([dense, rows]);
      measurements.push({
        batch,
        throughput: (batch * batches) / elapsed,
        batchLatencyMs: (1000 * elapsed) / batches,
        batches,
      });
    }
  } finally {
    model.dispose();
  }
  return {
    backend,
    cores,
    powerW: options.powerW ?? cores * XEON_6254_WATTS_PER_CORE,
    powerSource:
      options.powerW !== undefined
        ? "given"
        : `${cores} core(s) x 200 W / 18 cores (Xeon Gold 6254 TDP, the paper's CPU)`,
    measurements,
  };
}
