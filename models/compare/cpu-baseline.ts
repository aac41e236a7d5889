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

/** What part of the model the CPU runs. */
export type CpuPart =
  /** The whole inference: lookups in float32 tables, then every operator. */
  | "whole"
  /** The operators after the lookups, from pooled embeddings handed over (RecNMP's host side). */
  | "after-lookups";

/** The model's float32 inference timed with tfjs on this machine, per batch size. */
export async function measureCpuBaseline(
  graph: ModelGraph,
  options: CpuOptions,
  part: CpuPart = "whole",
): Promise<CpuBaseline> {
  const backend = await selectBackend(options.backend);
  const cores = backend === "node" ? cpus().length : 1;
  const model = new FloatModel(graph, options.maxRowsPerTable, options.seed);
  const rng = new Rng(options.seed).stream(part === "whole" ? "cpu-baseline" : "cpu-host-part");
  const measurements: CpuMeasurement[] = [];
  const { denseFeatures, sparseFeatures } = graph.dataset;
  try {
    for (const batch of options.batchSizes) {
      const dense = tf.tensor2d(
        Float32Array.from({ length: batch * denseFeatures }, () => rng.float()),
        [batch, denseFeatures],
      );
      const sparse =
        part === "whole"
          ? tf.tensor2d(
              Int32Array.from({ length: batch * sparseFeatures }, (_, i) => {
                const f = i % sparseFeatures;
                return rng.int(
                  0,
                  Math.min(graph.dataset.tableRows[f]!, options.maxRowsPerTable) - 1,
                );
              }),
              [batch, sparseFeatures],
              "int32",
            )
          : tf.randomNormal(
              [batch, graph.embeddingDim, sparseFeatures],
              0,
              0.1,
              "float32",
              options.seed,
            );
      // dataSync: wait for the result
      const once =
        part === "whole"
          ? () => model.predict(dense, sparse as tf.Tensor2D).dataSync()
          : () => model.predictFromEmbeddings(dense, sparse as tf.Tensor3D).dataSync();
      measurements.push({ batch, ...timeBatches(once, batch, options.seconds) });
      tf.dispose([dense, sparse]);
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

/** Runs `once` (one batch) after a warm-up until `seconds` have passed and at least 3 batches ran. */
function timeBatches(
  once: () => unknown,
  batch: number,
  seconds: number,
): Omit<CpuMeasurement, "batch"> {
  for (let i = 0; i < 3; i++) once(); // warm-up: kernels compiled, buffers allocated
  let batches = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < seconds || batches < 3) {
    once();
    batches++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return {
    throughput: (batch * batches) / elapsed,
    batchLatencyMs: (1000 * elapsed) / batches,
    batches,
  };
}

/** The measurement with the highest rate: the batch size a throughput-minded host would run. */
export function fastestBatch(cpu: CpuBaseline): CpuMeasurement {
  return cpu.measurements.reduce((a, b) => (b.throughput > a.throughput ? b : a));
}
