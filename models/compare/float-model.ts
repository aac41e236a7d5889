import * as tf from "@tensorflow/tfjs";
import { CountingAlgebra } from "../inspect/counting-algebra";
import { walkModel } from "../operators/walk";
import type { ModelGraph } from "../spec/model-spec";
import { FloatAlgebra } from "./float-algebra";

/**
 * A model spec as a plain float32 tfjs model with random weights: the CPU
 * baseline's workload (no quantisation, no training), the operators
 * (models/operators) through the float algebra (float-algebra.ts).
 */
export class FloatModel {
  /** Each layer's weights [inputs, outputs] and biases, by name (as models/functional names them). */
  readonly weights = new Map<string, { w: tf.Tensor2D; b: tf.Tensor1D }>();
  /** Embedding tables [rows, e], one per sparse feature. */
  readonly tables: tf.Tensor2D[];
  /** Lower-triangle indices of the DP's (k+1) x (k+1) Gram matrix, by k + 1. */
  private readonly triangles = new Map<number, tf.Tensor1D>();

  /**
   * @param maxRowsPerTable embedding rows kept per table (the full Criteo
   *   tables hold 2 GB of float32; a lookup costs the same in a smaller one,
   *   cache effects apart)
   */
  constructor(
    readonly graph: ModelGraph,
    readonly maxRowsPerTable: number,
    seed = 1,
  ) {
    let s = seed;
    const e = graph.embeddingDim;
    this.tables = graph.dataset.tableRows.map((rows) =>
      tf.randomNormal([Math.min(rows, maxRowsPerTable), e], 0, 0.1, "float32", s++),
    );
    // The layers in the order the model runs them, each seeded in turn.
    const shapes = new CountingAlgebra(e);
    walkModel(graph, shapes, {
      dense: graph.dataset.denseFeatures,
      sparse: graph.dataset.sparseFeatures,
    });
    for (const layer of shapes.layers) {
      if (layer.kind === "bmm") {
        const n = Math.sqrt(layer.outputs);
        if (!this.triangles.has(n)) this.triangles.set(n, lowerTriangleIndices(n));
        continue;
      }
      const scale = Math.sqrt(2 / layer.inputs);
      this.weights.set(layer.name, {
        w: tf.randomNormal([layer.inputs, layer.outputs], 0, scale, "float32", s++),
        b: tf.zeros([layer.outputs]),
      });
    }
  }

  /** Logits of a batch: dense [B, denseFeatures], rows [B, sparseFeatures] (one row per feature). */
  predict(dense: tf.Tensor2D, rows: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      const batch = dense.shape[0];
      const lookups = this.tables.map((table, f) =>
        tf.gather(table, tf.squeeze(tf.slice(rows, [0, f], [batch, 1]), [1])),
      );
      // [B, F, e] -> [B, e, F]
      const sparse = tf.transpose(tf.stack(lookups, 1), [0, 2, 1]) as tf.Tensor3D;
      return this.predictFromEmbeddings(dense, sparse);
    });
  }

  /**
   * Logits from embeddings already looked up and pooled, [B, e, F]: the
   * part a host runs when the lookups happen elsewhere (RecNMP's DIMMs).
   */
  predictFromEmbeddings(dense: tf.Tensor2D, sparse: tf.Tensor3D): tf.Tensor1D {
    return tf.tidy(() => {
      const alg = new FloatAlgebra(this.graph.embeddingDim, this.weights, this.triangles);
      const logits = walkModel(this.graph, alg, { dense, sparse });
      return tf.reshape(logits, [dense.shape[0]]) as tf.Tensor1D;
    });
  }

  dispose(): void {
    for (const { w, b } of this.weights.values()) tf.dispose([w, b]);
    tf.dispose([...this.tables, ...this.triangles.values()]);
  }
}

/** Flat indices of the strict lower triangle of an n x n matrix, row by row: (1,0), (2,0), (2,1), ... */
export function lowerTriangleIndices(n: number): tf.Tensor1D {
  const indices: number[] = [];
  for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) indices.push(i * n + j);
  return tf.tensor1d(indices, "int32");
}
