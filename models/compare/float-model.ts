import * as tf from "@tensorflow/tfjs";
import { dpProjectionRows } from "../spec/model-graph";
import { DSI_ROWS, type ModelGraph } from "../spec/model-spec";

/**
 * A model spec as a plain float32 tfjs model with random weights: the CPU
 * baseline's workload (no quantisation, no training). Operators as in
 * models/functional/evaluate.ts and NASRec: FC, EFC and DSI end in ReLU; the
 * DP and FM projections and the final layer are linear. Sparse tensors are
 * [B, e, rows] (rows last), so EFC is one matmul of [B e, rows] by [rows, s].
 */
export class FloatModel {
  /** Each layer's weights [inputs, outputs] and biases, by name (as models/functional names them). */
  readonly weights = new Map<string, { w: tf.Tensor2D; b: tf.Tensor1D }>();
  /** Embedding tables [rows, e], one per sparse feature. */
  readonly tables: tf.Tensor2D[];
  /** Lower-triangle indices of the DP's (k+1) x (k+1) Gram matrix, by k. */
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
    const layer = (name: string, inputs: number, outputs: number) => {
      const scale = Math.sqrt(2 / inputs);
      this.weights.set(name, {
        w: tf.randomNormal([inputs, outputs], 0, scale, "float32", s++),
        b: tf.zeros([outputs]),
      });
    };
    for (const block of graph.blocks) {
      if (!block.live) continue;
      const spec = graph.spec.blocks[block.index]!;
      const name = `block${block.index}`;
      layer(`${name}.efc`, block.sparseInRows, block.efcOutRows);
      if (spec.dense.op === "fc") layer(`${name}.fc`, block.denseInWidth, block.denseOut);
      else {
        const k = dpProjectionRows(block.denseOut);
        if (block.denseInWidth !== e) layer(`${name}.dp.dense`, block.denseInWidth, e);
        if (block.sparseInRows !== k) layer(`${name}.dp.rows`, block.sparseInRows, k);
        layer(`${name}.dp.out`, (k * (k + 1)) / 2, block.denseOut);
        if (!this.triangles.has(k)) this.triangles.set(k, lowerTriangleIndices(k + 1));
      }
      if (spec.dsi) layer(`${name}.dsi`, block.denseOut, DSI_ROWS * e);
      if (spec.fm && block.denseOut !== e) layer(`${name}.fm.proj`, e, block.denseOut);
    }
    layer("final", graph.finalInWidth, 1);
  }

  /** Logits of a batch: dense [B, denseFeatures], rows [B, sparseFeatures] (one row per feature). */
  predict(dense: tf.Tensor2D, rows: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      const g = this.graph;
      const e = g.embeddingDim;
      const batch = dense.shape[0];
      const lookups = this.tables.map((table, f) =>
        tf.gather(table, tf.squeeze(tf.slice(rows, [0, f], [batch, 1]), [1])),
      );
      // [B, F, e] -> [B, e, F]
      const sparseIn = tf.transpose(tf.stack(lookups, 1), [0, 2, 1]) as tf.Tensor3D;
      const tensors: Array<{ dense: tf.Tensor2D | null; sparse: tf.Tensor3D | null }> = [
        { dense, sparse: sparseIn },
      ];
      for (const block of g.blocks) {
        if (!block.live) {
          tensors.push({ dense: null, sparse: null });
          continue;
        }
        const spec = g.spec.blocks[block.index]!;
        const name = `block${block.index}`;
        const x = concat(
          block.denseInputs.map((i) => tensors[i]!.dense!),
          1,
        );
        const y = concat(
          block.sparseInputs.map((i) => tensors[i]!.sparse!),
          2,
        );
        const efc = this.alongRows(`${name}.efc`, y, true);
        let denseOut: tf.Tensor2D;
        if (spec.dense.op === "fc") denseOut = this.linear(`${name}.fc`, x, true);
        else {
          const k = dpProjectionRows(block.denseOut);
          const xe = block.denseInWidth === e ? x : this.linear(`${name}.dp.dense`, x, false);
          const yk = block.sparseInRows === k ? y : this.alongRows(`${name}.dp.rows`, y, false);
          const t = tf.concat([tf.reshape(xe, [batch, e, 1]), yk], 2) as tf.Tensor3D;
          const gram = tf.matMul(t, t, true, false); // [B, k+1, k+1]
          const z = tf.gather(
            tf.reshape(gram, [batch, (k + 1) * (k + 1)]),
            this.triangles.get(k)!,
            1,
          );
          denseOut = this.linear(`${name}.dp.out`, z as tf.Tensor2D, false);
        }
        let sparseOut = efc;
        if (spec.dsi) {
          const flat = this.linear(`${name}.dsi`, denseOut, true); // column r e + c: row r, element c
          const rowsFirst = tf.reshape(flat, [batch, DSI_ROWS, e]);
          sparseOut = tf.concat([efc, tf.transpose(rowsFirst, [0, 2, 1])], 2) as tf.Tensor3D;
        }
        if (spec.fm) {
          const sum = tf.sum(efc, 2);
          const interaction = tf.sub(tf.square(sum), tf.sum(tf.square(efc), 2)) as tf.Tensor2D;
          const term =
            block.denseOut === e ? interaction : this.linear(`${name}.fm.proj`, interaction, false);
          denseOut = tf.add(denseOut, term);
        }
        tensors.push({ dense: denseOut, sparse: sparseOut });
      }
      const last = tensors[tensors.length - 1]!;
      const flatSparse = tf.reshape(tf.transpose(last.sparse!, [0, 2, 1]), [batch, -1]);
      const finalIn = tf.concat([last.dense!, flatSparse], 1) as tf.Tensor2D;
      const logits = this.linear("final", finalIn, false);
      return tf.reshape(logits, [batch]) as tf.Tensor1D;
    });
  }

  dispose(): void {
    for (const { w, b } of this.weights.values()) tf.dispose([w, b]);
    tf.dispose([...this.tables, ...this.triangles.values()]);
  }

  private linear(name: string, x: tf.Tensor2D, relu: boolean): tf.Tensor2D {
    const { w, b } = this.weights.get(name)!;
    return tf.fused.matMul({
      a: x,
      b: w,
      bias: b,
      activation: relu ? "relu" : "linear",
    }) as tf.Tensor2D;
  }

  /** The same layer on every embedding element: [B, e, N] -> [B, e, s]. */
  private alongRows(name: string, y: tf.Tensor3D, relu: boolean): tf.Tensor3D {
    const [batch, e, rows] = y.shape;
    const out = this.linear(name, tf.reshape(y, [batch * e, rows]), relu);
    return tf.reshape(out, [batch, e, out.shape[1]]);
  }
}

function concat<T extends tf.Tensor>(parts: T[], axis: number): T {
  return parts.length === 1 ? parts[0]! : (tf.concat(parts, axis) as T);
}

/** Flat indices of the strict lower triangle of an n x n matrix, row by row: (1,0), (2,0), (2,1), ... */
export function lowerTriangleIndices(n: number): tf.Tensor1D {
  const indices: number[] = [];
  for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) indices.push(i * n + j);
  return tf.tensor1d(indices, "int32");
}
