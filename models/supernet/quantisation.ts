import * as tf from "@tensorflow/tfjs";

/**
 * Fake quantisation with power-of-two scales, so that every rescaling the
 * chip does is a shift (models/functional/quantisation.ts: `requantise`).
 *
 * A value x on a grid of step s and b bits becomes
 *   q = clamp(floor(x / s + 1/2), -2^(b-1), 2^(b-1) - 1),   x~ = q s,
 * round-half-up as `requantise` rounds. Training sees x~ in the forward pass
 * and passes gradients straight through (the straight-through estimator,
 * Bengio et al. 2013, arXiv 1308.3432), zeroed where the clamp saturates.
 */

/** Activations are signed 8-bit (the chip's `activationBits`). */
export const ACTIVATION_BITS = 8;

/** Biases are added in the 32-bit accumulator, on the grid of input step x weight step. */
export const BIAS_BITS = 32;

/**
 * The finest power of two s with maxAbs / s <= 2^(bits-1) - 1: the largest
 * magnitude just fits. An all-zero tensor gets 2^-24 (any step would do).
 */
export function powerOfTwoScale(maxAbs: number, bits: number): number {
  if (!(maxAbs > 0) || !Number.isFinite(maxAbs)) return 2 ** -24;
  const top = 2 ** (bits - 1) - 1;
  return 2 ** Math.ceil(Math.log2(maxAbs / top));
}

/** The integer q of x on a grid of step `scale` and `bits` bits (round half up, saturate). */
export function quantiseInteger(value: number, scale: number, bits: number): number {
  const top = TOPS[bits] ?? 2 ** (bits - 1) - 1;
  const q = Math.floor(value / scale + 0.5);
  return q > top ? top : q < -top - 1 ? -top - 1 : q;
}

/** 2^(b-1) - 1 for the widths in use. */
const TOPS: Record<number, number> = { 4: 7, 8: 127, 32: 2147483647 };

/** The largest magnitude in `values` (0 for none). */
export function maxAbs(values: Float32Array): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v > m) m = v;
    else if (-v > m) m = -v;
  }
  return m;
}

/**
 * Replaces each value by its fake-quantised value q s, in place; returns
 * the array. With `saturated`, marks the values the clamp cut off.
 */
export function fakeQuantiseArray(
  values: Float32Array,
  scale: number,
  bits: number,
  saturated?: Uint8Array,
): Float32Array {
  const top = TOPS[bits] ?? 2 ** (bits - 1) - 1;
  const bottom = -top - 1;
  const inverse = 1 / scale; // exact: scale is a power of two
  for (let i = 0; i < values.length; i++) {
    const v = values[i]! * inverse;
    let q = Math.floor(v + 0.5);
    if (q > top) q = top;
    else if (q < bottom) q = bottom;
    if (saturated !== undefined && (v > top || v < bottom)) saturated[i] = 1;
    values[i] = q * scale;
  }
  return values;
}

/**
 * x~ = clamp(floor(x / s + 1/2), lo, hi) s in the graph, with the
 * straight-through gradient: dy where the rounded value was inside the
 * range, 0 where the clamp cut it. Every op used has a kernel on the WASM
 * backend; the mask is built only when a gradient is asked for.
 */
export function fakeQuant<T extends tf.Tensor>(x: T, scale: number, bits: number): T {
  const hi = 2 ** (bits - 1) - 1;
  const lo = -hi - 1;
  const quantise = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const input = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    const rounded = tf.floor(tf.add(tf.mul(input, 1 / scale), 0.5));
    const q = tf.clipByValue(rounded, lo, hi);
    save([rounded, q]);
    return {
      value: tf.mul(q, scale),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.mul(dy, tf.cast(tf.equal(saved[0]!, saved[1]!), "float32")),
    };
  });
  return quantise(x) as T;
}
