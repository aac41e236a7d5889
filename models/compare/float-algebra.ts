import * as tf from "@tensorflow/tfjs";
import type { Algebra } from "../operators/algebra";
import type { LayerDecl } from "../operators/operator-kind";

type Dense = tf.Tensor2D;
/** [B, e, rows]: rows last, so a layer along the rows is one matmul of [B e, rows] by [rows, s]. */
type Sparse = tf.Tensor3D;

/**
 * The model in float32 tfjs, no quantisation, as an algebra: the CPU
 * baseline's workload (models/compare). Call inside tf.tidy.
 */
export class FloatAlgebra implements Algebra<Dense, Sparse> {
  constructor(
    readonly embeddingDim: number,
    /** Each layer's weights [inputs, outputs] and biases, by name. */
    private readonly weights: ReadonlyMap<string, { w: tf.Tensor2D; b: tf.Tensor1D }>,
    /** Lower-triangle indices of an n x n product, by n. */
    private readonly triangles: ReadonlyMap<number, tf.Tensor1D>,
  ) {}

  linear(name: string, layer: LayerDecl, x: Dense): Dense {
    const { w, b } = this.weights.get(name)!;
    const activation = layer.relu ? "relu" : "linear";
    return tf.fused.matMul({ a: x, b: w, bias: b, activation }) as Dense;
  }

  alongRows(name: string, layer: LayerDecl, y: Sparse): Sparse {
    const [batch, e, rows] = y.shape;
    const out = this.linear(name, layer, tf.reshape(y, [batch * e, rows]));
    return tf.reshape(out, [batch, e, out.shape[1]]);
  }

  linearToRows(name: string, layer: LayerDecl, x: Dense, rows: number): Sparse {
    return this.toRows(this.linear(name, layer, x), rows); // column r e + c: row r, element c
  }

  toRows(x: Dense, rows: number): Sparse {
    const rowsFirst = tf.reshape(x, [x.shape[0], rows, this.embeddingDim]);
    return tf.transpose(rowsFirst, [0, 2, 1]) as Sparse;
  }

  gram(_name: string, x: Dense, y: Sparse, rows: number): Dense {
    const batch = x.shape[0];
    const t = tf.concat([tf.reshape(x, [batch, this.embeddingDim, 1]), y], 2) as tf.Tensor3D;
    const product = tf.matMul(t, t, true, false); // [B, rows, rows]
    const flat = tf.reshape(product, [batch, rows * rows]);
    return tf.gather(flat, this.triangles.get(rows)!, 1) as Dense;
  }

  fm(_name: string, y: Sparse): Dense {
    const sum = tf.sum(y, 2);
    return tf.sub(tf.square(sum), tf.sum(tf.square(y), 2)) as Dense;
  }

  add(_name: string, x: Dense, term: Dense): Dense {
    return tf.add(x, term);
  }

  concat(parts: Dense[]): Dense {
    return parts.length === 1 ? parts[0]! : (tf.concat(parts, 1) as Dense);
  }

  concatRows(parts: Sparse[]): Sparse {
    return parts.length === 1 ? parts[0]! : (tf.concat(parts, 2) as Sparse);
  }

  flatten(y: Sparse): Dense {
    return tf.reshape(tf.transpose(y, [0, 2, 1]), [y.shape[0], -1]);
  }
}
