import type { Hardware } from "../../arch/config/hardware";
import { maxPartialSum } from "../../arch/config/precision";
import { fmBatchValues, fmConversionsPerExample } from "../../arch/crossbar/fm-batch";
import { adcTop } from "../../arch/crossbar/crossbar-array";
import {
  conversionsPerVector,
  exactProducts,
  fcBatchValues,
  jsDenseProduct,
  type DenseProduct,
  type IntMatrix,
  type Numbers,
} from "../../arch/layers/fc-batch";
import type { ConversionTally } from "../functional/arithmetic";

/** Products of a batch, and the exact products of the same inputs (the same array when exact). */
export interface Computed {
  sums: Numbers;
  exact: Numbers;
}

/**
 * The integer products a quantised model needs for a batch, done exactly
 * (the reference) or through the crossbar models (the chip). `name` is
 * the layer or engine, for the chip's per-layer tallies.
 */
export interface Products {
  /** X W: x is batch x inputs; the result batch x outputs. */
  matmul(name: string, m: IntMatrix, x: Float32Array, batch: number): Computed;
  /** Per example, T [e, n] (rows last): the strict lower triangle of T^T T, row by row: batch x n(n-1)/2. */
  gram(name: string, t: Float32Array, batch: number, e: number, n: number): Computed;
  /** Per example, Y [e, n]: (sum over the n rows)^2 - sum of squares, per element: batch x e. */
  fm(name: string, y: Float32Array, batch: number, e: number, n: number): Computed;
}

function exactGram(t: Float32Array, batch: number, e: number, n: number): Float64Array {
  const pairs = (n * (n - 1)) / 2;
  const z = new Float64Array(batch * pairs);
  for (let b = 0; b < batch; b++) {
    const base = b * e * n;
    let k = b * pairs;
    for (let i = 1; i < n; i++) {
      for (let j = 0; j < i; j++) {
        let s = 0;
        for (let c = 0; c < e; c++) s += t[base + c * n + i]! * t[base + c * n + j]!;
        z[k++] = s;
      }
    }
  }
  return z;
}

function exactFm(y: Float32Array, batch: number, e: number, n: number): Float64Array {
  const out = new Float64Array(batch * e);
  for (let line = 0; line < batch * e; line++) {
    let sum = 0;
    let squares = 0;
    for (let r = 0; r < n; r++) {
      const v = y[line * n + r]!;
      sum += v;
      squares += v * v;
    }
    out[line] = sum * sum - squares;
  }
  return out;
}

/** X W exactly, for `batch` rows of X: a JavaScript loop, or faster on tfjs (tfjs-products.ts). */
export type Multiply = (m: IntMatrix, x: Float32Array, batch: number) => Numbers;

/** The reference: plain integer arithmetic. */
export class ExactProducts implements Products {
  constructor(private readonly multiply: Multiply = exactProducts) {}

  matmul(_name: string, m: IntMatrix, x: Float32Array, batch: number): Computed {
    const sums = this.multiply(m, x, batch);
    return { sums, exact: sums };
  }

  gram(_name: string, t: Float32Array, batch: number, e: number, n: number): Computed {
    const sums = exactGram(t, batch, e, n);
    return { sums, exact: sums };
  }

  fm(_name: string, y: Float32Array, batch: number, e: number, n: number): Computed {
    const sums = exactFm(y, batch, e, n);
    return { sums, exact: sums };
  }
}

/**
 * The chip: every product through the crossbar models, with conversions
 * and clips tallied per layer or engine, as the functional model computes
 * them (models/functional/arithmetic.ts): FC-like layers by fcBatchValues;
 * DP's gram on crossbars holding each example's X^T (fcBatchValues again),
 * FM on transposed-write crossbars (fmBatchValues). When no read of an
 * engine can clip, its products are the exact ones, with the same count.
 */
export class ChipProducts implements Products {
  readonly tallies = new Map<string, ConversionTally>();

  constructor(
    readonly hw: Hardware,
    private readonly multiply: Multiply = exactProducts,
    /** The partial sums of reads that can clip (default: in JavaScript). */
    private readonly product?: DenseProduct,
  ) {}

  matmul(name: string, m: IntMatrix, x: Float32Array, batch: number): Computed {
    const r = fcBatchValues(this.hw, m, x, batch, {
      exact: this.multiply(m, x, batch),
      ...(this.product !== undefined && { product: this.product }),
    });
    this.count(name, r.conversions, r.clipped);
    return { sums: r.sums, exact: r.exact };
  }

  gram(name: string, t: Float32Array, batch: number, e: number, n: number): Computed {
    const exact = exactGram(t, batch, e, n);
    const a = this.hw.config.precision.activationBits;
    if (this.cannotClip(e)) {
      // n - 1 reads of X^T (e x n, a-bit "weights"), one per row of X after the first
      const perRead = conversionsPerVector(this.hw, { inputs: e, outputs: n, bits: a });
      this.count(`${name}.gram`, batch * (n - 1) * perRead, 0);
      return { sums: exact, exact };
    }
    // Example by example: X^T written as the crossbar's weights, rows 1..n-1 of X read through
    // it as a batch (the functional model's gram, models/functional/arithmetic.ts, row by row).
    const sums = new Float64Array(exact.length);
    let k = 0;
    for (let b = 0; b < batch; b++) {
      const xt = { values: new Float64Array(e * n), inputs: e, outputs: n, bits: a };
      const rows = new Float32Array((n - 1) * e);
      for (let c = 0; c < e; c++) {
        for (let i = 0; i < n; i++) {
          const v = t[(b * e + c) * n + i]!;
          xt.values[c * n + i] = v;
          if (i > 0) rows[(i - 1) * e + c] = v;
        }
      }
      // small and new for every example: summed in JavaScript (tfjs would keep a tensor of each)
      const read = fcBatchValues(this.hw, xt, rows, n - 1, { product: jsDenseProduct });
      this.count(`${name}.gram`, read.conversions, read.clipped);
      for (let i = 1; i < n; i++)
        for (let j = 0; j < i; j++) sums[k++] = read.sums[(i - 1) * n + j]!;
    }
    return { sums, exact };
  }

  fm(name: string, y: Float32Array, batch: number, e: number, n: number): Computed {
    const exact = exactFm(y, batch, e, n);
    const a = this.hw.config.precision.activationBits;
    if (this.cannotClip(n)) {
      this.count(name, batch * fmConversionsPerExample(this.hw, e, n, a), 0);
      return { sums: exact, exact };
    }
    const r = fmBatchValues(this.hw, y, batch, e, n, a);
    this.count(name, r.conversions, r.clipped);
    return { sums: r.interaction, exact };
  }

  /** Whether no read driving at most `rows` rows can exceed the ADC (the precision rule, per engine). */
  private cannotClip(rows: number): boolean {
    const { size, cellBits } = this.hw.config.crossbar;
    const driven = Math.min(rows, size, this.hw.rowsPerRead);
    const max = maxPartialSum(driven, this.hw.config.dac.bits, cellBits);
    return max <= adcTop(this.hw.config.adc.bits);
  }

  private tally(name: string): ConversionTally {
    let t = this.tallies.get(name);
    if (t === undefined) {
      t = { conversions: 0, clipped: 0 };
      this.tallies.set(name, t);
    }
    return t;
  }

  private count(name: string, conversions: number, clipped: number): void {
    const t = this.tally(name);
    t.conversions += conversions;
    t.clipped += clipped;
  }
}
