import * as tf from "@tensorflow/tfjs";
import { ACTIVATION_BITS, BIAS_BITS, fakeQuant, quantiseInteger } from "./quantisation";
import type { ScalePolicy } from "./scales";

/**
 * The operators of AutoRAC's space (paper section 3.2; NASRec's modules,
 * ../shared/reference/nasrec/README.md) on fake-quantised tfjs tensors, with
 * the integer semantics of the chip's reference (models/functional/
 * evaluate.ts): FC, EFC and DSI end in ReLU, the DP and FM projections and
 * the final layer are linear, every layer's output is requantised to 8 bits.
 *
 * Layout: a dense tensor is [B, d]; a sparse tensor is kept transposed as
 * [B, e, rows] (rows last), so that EFC, which mixes rows, is one matmul of
 * [B e, rows] by [rows, s] without a transpose, and concatenating sparse
 * inputs along rows is a concat on the last axis.
 */

/** A fake-quantised tensor and its grid step: every value is an integer times `scale`. */
export interface QTensor {
  tensor: tf.Tensor;
  scale: number;
}

/** A layer's weights as used by one subnet: already fake-quantised, [in, out]. */
export interface LayerTensors {
  /** Weights on the grid `weightScale`. */
  weight: tf.Tensor2D;
  /** The same weights transposed, [out, in], for the input gradient. */
  weightT: tf.Tensor2D;
  weightScale: number;
  /** Float biases; quantised onto the accumulator's grid (input step x weight step) when used. */
  bias: tf.Tensor1D;
  /** The biases' values (the quantisation is computed from them). */
  biasValues: Float32Array;
}

/** Quantises activation points with the steps a ScalePolicy gives, and measures them. */
export class QuantContext {
  private readonly maxima: Array<{ point: string; max: tf.Tensor }> = [];

  constructor(readonly policy: ScalePolicy) {}

  /**
   * x at activation point `point`, fake-quantised to 8 bits. When the policy
   * is observing, the point's largest |x| is measured too (readMaxima).
   * `nonNegative`: x is a ReLU output, so its largest value is its largest |x|.
   */
  activation(x: tf.Tensor, point: string, nonNegative = false): QTensor {
    if (this.policy.quantising === false) return { tensor: x, scale: 1 };
    const largest = () => (nonNegative ? tf.max(x) : tf.max(tf.abs(x)));
    const scale = this.policy.activation(point, () => largest().dataSync()[0]!);
    if (this.policy.observing) this.maxima.push({ point, max: largest() });
    return { tensor: fakeQuant(x, scale, ACTIVATION_BITS), scale };
  }

  /** The maxima measured so far, read back at once; call inside the pass (before its tidy ends). */
  readMaxima(): Array<[string, number]> {
    if (this.maxima.length === 0) return [];
    const values = tf.stack(this.maxima.map((m) => m.max)).dataSync();
    return this.maxima.map((m, i) => [m.point, values[i]!]);
  }

  /**
   * Parts concatenated along `axis` onto one grid: the coarsest step among
   * them (a crossbar's input vector has one fixed-point format), the finer
   * parts rounded onto it. Parts already on it pass unchanged.
   */
  join(parts: readonly QTensor[], axis: number): QTensor {
    if (parts.length === 0) throw new Error("join: no parts");
    const scale = Math.max(...parts.map((p) => p.scale));
    const tensors = parts.map((p) =>
      p.scale === scale || this.policy.quantising === false
        ? p.tensor
        : fakeQuant(p.tensor, scale, ACTIVATION_BITS),
    );
    return { tensor: tensors.length === 1 ? tensors[0]! : tf.concat(tensors, axis), scale };
  }
}

/**
 * The bias on the accumulator's grid (input step x weight step, 32 bits),
 * as the constant shift q(b) - b that the affine map adds to b: the
 * straight-through estimator, so the gradient reaches b unchanged.
 */
function biasShift(layer: LayerTensors, inputScale: number): tf.Tensor1D {
  const step = inputScale * layer.weightScale;
  const values = layer.biasValues;
  const shift = new Float32Array(values.length);
  for (let j = 0; j < values.length; j++) {
    shift[j] = quantiseInteger(values[j]!, step, BIAS_BITS) * step - values[j]!;
  }
  return tf.tensor1d(shift);
}

/**
 * [M, n] -> [M, d]: x W + b (+ the bias shift), ReLU when `relu`, with its
 * own gradient: dx = g W^T (W^T transposed in JS) and dW = x^T g, by
 * explicit transposes and plain matmuls. tfjs's stock matMul gradient uses
 * the transpose flags, which the WASM backend runs 2-4 times slower.
 */
function affine(x: tf.Tensor, layer: LayerTensors, shift: tf.Tensor1D, relu: boolean): tf.Tensor2D {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [input, weight, bias] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
    const save = args[3] as tf.GradSaveFunc;
    const y = tf.fused.matMul({
      a: input,
      b: weight,
      bias: tf.add(bias, shift),
      activation: relu ? "relu" : "linear",
    });
    save(relu ? [input, y] : [input]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const g = relu ? tf.mul(dy, tf.step(saved[1]!)) : dy;
        return [
          tf.matMul(g as tf.Tensor2D, layer.weightT),
          tf.matMul(tf.transpose(saved[0]!) as tf.Tensor2D, g as tf.Tensor2D),
          tf.sum(g, 0),
        ];
      },
    };
  });
  return op(x, layer.weight, layer.bias) as tf.Tensor2D;
}

/** [B, n] -> [B, d]: x W + b, ReLU when `relu`, requantised at `point`. FC, DSI, projections. */
export function linear(
  ctx: QuantContext,
  x: QTensor,
  layer: LayerTensors,
  relu: boolean,
  point: string,
): QTensor {
  const shift =
    ctx.policy.quantising === false ? tf.zerosLike(layer.bias) : biasShift(layer, x.scale);
  const y = affine(x.tensor, layer, shift, relu);
  return ctx.activation(y, point, relu);
}

/**
 * [B, e, N] -> [B, e, s]: the same Linear(N -> s) on every embedding
 * element (EFC, DP's row projection): `linear` on the B e rows, reshaped.
 */
export function linearRows(...args: Parameters<typeof linear>): QTensor {
  const [ctx, x, layer, relu, point] = args;
  const [batch, e, rows] = x.tensor.shape as [number, number, number];
  const flat = { tensor: tf.reshape(x.tensor, [batch * e, rows]), scale: x.scale };
  const y = linear(ctx, flat, layer, relu, point);
  return { tensor: tf.reshape(y.tensor, [batch, e, layer.weight.shape[1]]), scale: y.scale };
}

/**
 * DSI: Linear(d -> rows e) as `rows` more sparse rows [B, e, rows]. The
 * weight's columns arrive permuted (layout.ts) so that column c * rows + r
 * of the product is element c of row r: a reshape, no transpose.
 */
export function denseToSparse(
  ctx: QuantContext,
  dense: QTensor,
  layer: LayerTensors,
  rows: number,
  relu: boolean,
  point: string,
): QTensor {
  const flat = linear(ctx, dense, layer, relu, point);
  const batch = flat.tensor.shape[0]!;
  const e = layer.weight.shape[1] / rows;
  return { tensor: tf.reshape(flat.tensor, [batch, e, rows]), scale: flat.scale };
}

/** The flattened sparse rows [B, e * rows]: element c of row r at c * rows + r. */
export function flattenSparse(sparse: QTensor): QTensor {
  const [batch, e, rows] = sparse.tensor.shape as [number, number, number];
  return { tensor: tf.reshape(sparse.tensor, [batch, e * rows]), scale: sparse.scale };
}

const triangleIndices = new Map<number, { forward: tf.Tensor1D; backward: tf.Tensor1D }>();

/**
 * [B, n, n] -> [B, n (n - 1) / 2]: Z[i][j] for i >= 1, j < i, row by row.
 * A gather with its own gradient (a gather of the upstream gradient by the
 * inverse map), since tf.gather's stock gradient needs UnsortedSegmentSum,
 * which the WASM backend lacks.
 */
export function lowerTriangle(z: tf.Tensor, n: number): tf.Tensor2D {
  const batch = z.shape[0]!;
  const m = (n * (n - 1)) / 2;
  let indices = triangleIndices.get(n);
  if (indices === undefined) {
    const forward = new Int32Array(m);
    const backward = new Int32Array(n * n).fill(m); // m: an appended zero column
    let k = 0;
    for (let i = 1; i < n; i++) {
      for (let j = 0; j < i; j++) {
        forward[k] = i * n + j;
        backward[i * n + j] = k++;
      }
    }
    indices = {
      forward: tf.keep(tf.tensor1d(forward, "int32")),
      backward: tf.keep(tf.tensor1d(backward, "int32")),
    };
    triangleIndices.set(n, indices);
  }
  const { forward, backward } = indices;
  const select = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => ({
    value: tf.gather(args[0] as tf.Tensor, forward, 1),
    gradFunc: (dy: tf.Tensor) => tf.gather(tf.concat([dy, tf.zeros([batch, 1])], 1), backward, 1),
  }));
  return select(tf.reshape(z, [batch, n * n])) as tf.Tensor2D;
}
