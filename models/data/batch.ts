import { denseTransform } from "./categorical";
import type { CtrExample } from "./ctr-example";

/**
 * A training batch in flat typed arrays, ready for the supernet: dense
 * features already transformed (NASRec's log(max(0, x) + 1)), one embedding
 * row per sparse feature.
 */
export interface Batch {
  size: number;
  denseFeatures: number;
  sparseFeatures: number;
  /** size x denseFeatures, row-major, transformed. */
  dense: Float32Array;
  /** size x sparseFeatures, row-major: embedding rows. */
  sparse: Int32Array;
  /** size labels, 0 or 1. */
  labels: Float32Array;
}

/** Collects examples into batches of a fixed size. */
export class BatchBuilder {
  private examples: CtrExample[] = [];

  constructor(
    readonly batchSize: number,
    readonly denseFeatures: number,
    readonly sparseFeatures: number,
  ) {}

  /** Adds an example; returns a full batch when this one completes it. */
  add(example: CtrExample): Batch | null {
    this.examples.push(example);
    if (this.examples.length < this.batchSize) return null;
    return this.flush();
  }

  /** The examples collected so far as a (possibly short) batch, or null when there are none. */
  flush(): Batch | null {
    if (this.examples.length === 0) return null;
    const batch = batchOf(this.examples, this.denseFeatures, this.sparseFeatures);
    this.examples = [];
    return batch;
  }
}

/** Packs examples into a Batch; each must have the given feature counts. */
export function batchOf(
  examples: readonly CtrExample[],
  denseFeatures: number,
  sparseFeatures: number,
): Batch {
  const size = examples.length;
  const dense = new Float32Array(size * denseFeatures);
  const sparse = new Int32Array(size * sparseFeatures);
  const labels = new Float32Array(size);
  examples.forEach((example, b) => {
    if (example.dense.length !== denseFeatures || example.sparse.length !== sparseFeatures) {
      throw new RangeError(
        `example ${b}: ${example.dense.length} dense and ${example.sparse.length} sparse ` +
          `features, expected ${denseFeatures} and ${sparseFeatures}`,
      );
    }
    for (let i = 0; i < denseFeatures; i++) {
      dense[b * denseFeatures + i] = denseTransform(example.dense[i]!);
    }
    sparse.set(example.sparse, b * sparseFeatures);
    labels[b] = example.label;
  });
  return { size, denseFeatures, sparseFeatures, dense, sparse, labels };
}

/** Splits a list of examples into batches of at most `batchSize`. */
export function batchesOf(
  examples: readonly CtrExample[],
  batchSize: number,
  denseFeatures: number,
  sparseFeatures: number,
): Batch[] {
  const batches: Batch[] = [];
  for (let i = 0; i < examples.length; i += batchSize) {
    batches.push(batchOf(examples.slice(i, i + batchSize), denseFeatures, sparseFeatures));
  }
  return batches;
}
