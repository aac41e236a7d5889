import { Rng } from "../../sim/kernel/rng";
import { ZipfSampler } from "../../traces/zipf";
import type { Batch } from "../../models/data/batch";
import type { ModelSpec } from "../../models/spec/model-spec";
import type { DatasetDescriptor } from "../../traces/datasets";

/**
 * The benchmark's model: a DLRM-like Criteo-shaped subnet of the small
 * search space (26 tables of 16, 13 dense features), written so that
 * bench/peers/torch_train.py can build the same layers in PyTorch:
 *   block 0: FC 13 -> 64, ReLU                       (bottom MLP)
 *   block 1: FC 64 -> 16, ReLU
 *   block 2: DP on [block 1's 16; the 26 embeddings]: rows 26 -> k = 11
 *            (Linear along rows), T = 12 x 16, 66 dot products, Linear 66 -> 64
 *   block 3: FC [16 + 64] -> 64, ReLU; EFC 26 -> 16 rows, ReLU (top)
 *   final:   Linear(64 + 16 x 16 -> 1)
 * Blocks 0-2's EFCs are read by nothing, so they are not computed (nor in
 * PyTorch). All weights 8-bit here; the PyTorch peer trains in float32.
 */
export const BENCH_SPEC: ModelSpec = {
  name: "bench-dlrm-like",
  dataset: "criteo",
  embeddingDim: 16,
  blocks: [
    block("fc", 64, { dense: [0], sparse: [0] }),
    block("fc", 16, { dense: [1], sparse: [0] }),
    block("dp", 64, { dense: [2], sparse: [0] }),
    block("fc", 64, { dense: [2, 3], sparse: [0] }),
  ],
  final: { weightBits: 8 },
};

function block(op: "fc" | "dp", dim: number, inputs: { dense: number[]; sparse: number[] }) {
  return {
    dense: { op, dim, weightBits: 8 as const },
    sparse: { op: "efc" as const, dim: 16, weightBits: 8 as const },
    inputs,
  };
}

/**
 * Criteo's tables capped at 1,000,000 rows: 5.6 M rows of 16 in all (about
 * 360 MB of float32, the same again for Adagrad's sums), which PyTorch
 * allocates up front; NASRec's uncapped 33.8 M rows would need 4.3 GB.
 */
export const BENCH_TABLE_CAP = 1_000_000;

/** Random Criteo-shaped batches: log-normal counts, Zipf (s = 1.05) ids, 25 % clicks. */
export function benchBatches(
  dataset: DatasetDescriptor,
  count: number,
  size: number,
  seed: number,
): Batch[] {
  const rng = new Rng(seed).stream("bench-batches");
  const zipf = dataset.tableRows.map((rows) => new ZipfSampler(rows - 1, 1.05));
  const D = dataset.denseFeatures;
  const F = dataset.sparseFeatures;
  return Array.from({ length: count }, () => {
    const dense = new Float32Array(size * D);
    const sparse = new Int32Array(size * F);
    const labels = new Float32Array(size);
    for (let b = 0; b < size; b++) {
      for (let i = 0; i < D; i++)
        dense[b * D + i] = Math.log1p(Math.floor(Math.exp(3 * rng.float())));
      for (let f = 0; f < F; f++) sparse[b * F + f] = zipf[f]!.sample(rng);
      labels[b] = rng.float() < 0.25 ? 1 : 0;
    }
    return { size, denseFeatures: D, sparseFeatures: F, dense, sparse, labels };
  });
}
