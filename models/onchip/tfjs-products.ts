import * as tf from "@tensorflow/tfjs";
import type { DenseProduct, IntMatrix } from "../../arch/layers/fc-batch";
import { ACTIVATION_BITS } from "../supernet/quantisation";

/** Float32 holds every integer up to 2^24 exactly; a sum that stays below it is exact. */
const EXACT_FLOAT32 = 2 ** 24;

/**
 * Exact integer products X W on the tfjs backend (WASM's matmul is
 * several times faster than a JavaScript loop here). Exact by construction: every
 * partial sum of a column is bounded by max|x| x sum_i |W[i][j]|, and when
 * that bound could pass 2^24 the inputs are split as x = 16 hi + lo (|hi|
 * <= 8, 0 <= lo < 16), two products each well inside it, added in float64.
 * Weight tensors are kept per matrix until `dispose`.
 */
export class TfjsExactProducts {
  private readonly weights = new Map<IntMatrix, { tensor: tf.Tensor2D; split: boolean }>();

  multiply(m: IntMatrix, x: Float32Array, batch: number): Float32Array | Float64Array {
    const { tensor, split } = this.weightsOf(m);
    const product = (values: Float32Array) => times(values, batch, m.inputs, tensor);
    if (!split) return product(x); // every sum below 2^24: float32 holds it exactly
    const hi = new Float32Array(x.length);
    const lo = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      hi[i] = Math.floor(x[i]! / 16);
      lo[i] = x[i]! - 16 * hi[i]!;
    }
    const high = product(hi);
    const low = product(lo);
    return Float64Array.from(high, (h, i) => 16 * h + low[i]!);
  }

  private readonly operands = new Map<Float32Array, tf.Tensor2D>();

  /**
   * The partial sums of a lossy chip's reads (fc-batch.ts): DAC digits by
   * cell digits, each sum at most rows x (2^dac - 1)(2^cell - 1), far
   * below 2^24, so float32 is exact. The cells stay as a tensor per group.
   */
  readonly product: DenseProduct = (a, rows, inner, b, cols) => {
    let right = this.operands.get(b);
    if (right === undefined) {
      right = tf.tensor2d(b, [inner, cols]);
      this.operands.set(b, right);
    }
    return times(a, rows, inner, right);
  };

  dispose(): void {
    for (const { tensor } of this.weights.values()) tensor.dispose();
    for (const tensor of this.operands.values()) tensor.dispose();
    this.weights.clear();
    this.operands.clear();
  }

  /** The matrix's weight tensor, made on first use (call ahead to keep it out of a timed pass). */
  weightsOf(m: IntMatrix): { tensor: tf.Tensor2D; split: boolean } {
    let w = this.weights.get(m);
    if (w === undefined) {
      let largestColumn = 0;
      for (let j = 0; j < m.outputs; j++) {
        let sum = 0;
        for (let i = 0; i < m.inputs; i++) sum += Math.abs(m.values[i * m.outputs + j]!);
        largestColumn = Math.max(largestColumn, sum);
      }
      const tensor = tf.tensor2d(Float32Array.from(m.values), [m.inputs, m.outputs]);
      w = { tensor, split: 2 ** (ACTIVATION_BITS - 1) * largestColumn > EXACT_FLOAT32 }; // max |x|
      this.weights.set(m, w);
    }
    return w;
  }
}

/** A (rows x inner, row-major) times the tensor `right`, read back. */
function times(a: Float32Array, rows: number, inner: number, right: tf.Tensor2D): Float32Array {
  // tidy returns the tensor: given a typed array, it would walk every element
  const result = tf.tidy(() => tf.matMul(tf.tensor2d(a, [rows, inner]), right));
  const data = result.dataSync() as Float32Array;
  result.dispose();
  return data;
}
