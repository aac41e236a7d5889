import type { Numbers } from "../../arch/layers/fc-batch";
import { ACTIVATION_BITS } from "../supernet/quantisation";

/**
 * A batch of quantised values as integers and the exponent of their grid:
 * each value is v[i] x 2^exp. The supernet's steps are all powers of two
 * (supernet/quantisation.ts), so every rescaling is exact in float64.
 */
export interface IntDense {
  /** batch x width, row-major (8-bit integers: float32 holds them exactly). */
  v: Float32Array;
  width: number;
  exp: number;
}

/** Sparse rows as the supernet keeps them: [batch, e, rows] (rows last), integers x 2^exp. */
export interface IntRows {
  v: Float32Array;
  rows: number;
  exp: number;
}

const TOP = 2 ** (ACTIVATION_BITS - 1) - 1;

/** Every value of `v` (on grid 2^from) onto grid 2^to; the same array when the grids agree. */
export function regrid(v: Float32Array, from: number, to: number): Float32Array {
  return from === to ? v : requantiseAll(v, from, to);
}

/**
 * Values on grid 2^from as integers on grid 2^to, as the supernet's
 * fakeQuant computes them: floor(x / step + 1/2), saturated to 8 bits;
 * `offset[i % offset.length]` added first (a layer's biases) and negatives
 * zeroed when `relu`. One pass: the functional model's hottest loop.
 */
export function requantiseAll(
  v: Numbers,
  from: number,
  to: number,
  offset?: Float64Array,
  relu = false,
): Float32Array {
  const factor = 2 ** (from - to);
  const out = new Float32Array(v.length);
  const width = offset?.length ?? 0;
  for (let i = 0, j = 0; i < v.length; i++) {
    let x = v[i]!;
    if (offset !== undefined) {
      x += offset[j]!;
      if (++j === width) j = 0;
    }
    if (relu && x < 0) x = 0;
    const q = Math.floor(x * factor + 0.5);
    out[i] = q > TOP ? TOP : q < -TOP - 1 ? -TOP - 1 : q;
  }
  return out;
}

/**
 * Dense parts side by side ([batch, w1 + w2 + ...]) on the coarsest grid
 * among them, the finer parts rounded onto it (QuantContext.join): the
 * rows' join with one line per example.
 */
export function joinDense(parts: readonly IntDense[]): IntDense {
  const joined = joinRows(parts.map((p) => ({ v: p.v, rows: p.width, exp: p.exp })));
  return { v: joined.v, width: joined.rows, exp: joined.exp };
}

/**
 * Sparse parts concatenated along the rows ([batch, e, r1 + r2 + ...]) on
 * the coarsest grid: each part's lines (batch x e of them) side by side.
 */
export function joinRows(parts: readonly IntRows[]): IntRows {
  const exp = Math.max(...parts.map((p) => p.exp));
  if (parts.length === 1) return { ...parts[0]!, v: regrid(parts[0]!.v, parts[0]!.exp, exp) };
  const lines = parts[0]!.v.length / parts[0]!.rows;
  const rows = parts.reduce((s, p) => s + p.rows, 0);
  const v = new Float32Array(lines * rows);
  let at = 0;
  for (const p of parts) {
    const values = regrid(p.v, p.exp, exp);
    for (let line = 0; line < lines; line++) {
      v.set(values.subarray(line * p.rows, (line + 1) * p.rows), line * rows + at);
    }
    at += p.rows;
  }
  return { v, rows, exp };
}
