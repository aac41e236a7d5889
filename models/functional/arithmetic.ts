import type { Hardware } from "../../arch/config/hardware";
import { fmValues } from "../../arch/crossbar/fm-values";
import { fcValues } from "../../arch/layers/fc-layer";
import type { Arithmetic } from "./evaluate";

/** Exact integer arithmetic in plain TypeScript: the reference. */
export const exactArithmetic: Arithmetic = {
  matvec: (w, x) => {
    const outputs = w.length === 0 ? 0 : w[0]!.length;
    const y = new Array<number>(outputs).fill(0);
    w.forEach((row, i) => {
      const xi = x[i]!;
      if (xi !== 0) for (let j = 0; j < outputs; j++) y[j]! += row[j]! * xi;
    });
    return y;
  },
  gram: (rows) => {
    const z: number[] = [];
    for (let i = 1; i < rows.length; i++) {
      for (let j = 0; j < i; j++) z.push(rows[i]!.reduce((s, v, d) => s + v * rows[j]![d]!, 0));
    }
    return z;
  },
  fm: (rows) => {
    const dims = rows.length === 0 ? 0 : rows[0]!.length;
    return Array.from({ length: dims }, (_, d) => {
      const sum = rows.reduce((s, r) => s + r[d]!, 0);
      return sum * sum - rows.reduce((s, r) => s + r[d]! * r[d]!, 0);
    });
  },
};

/** Statistics of the crossbar arithmetic: conversions made and saturated. */
export interface ConversionTally {
  conversions: number;
  clipped: number;
}

/**
 * The chip's arithmetic: every product through the crossbar models, bit
 * slices, DAC digits, row groups and ADC included. FC-like layers on weight
 * crossbars (arch/layers/fc-layer.ts), the DP's X X^T on crossbars holding
 * X^T (written as weights of the activation's bits) streamed with each row of
 * X, the FM on transposed-write crossbars with the MBSA (arch/crossbar/fm-values.ts).
 */
export function crossbarArithmetic(hw: Hardware, tally: ConversionTally): Arithmetic {
  const a = hw.config.precision.activationBits;
  const count = (r: { conversions: number; clipped: number }) => {
    tally.conversions += r.conversions;
    tally.clipped += r.clipped;
  };
  return {
    matvec: (w, x, bits) => {
      const r = fcValues(hw, w, x, bits);
      count(r);
      return r.outputs;
    },
    gram: (rows) => {
      const e = rows[0]!.length;
      const xt = Array.from({ length: e }, (_, d) => rows.map((r) => r[d]!)); // X^T: e x (k + 1)
      const z: number[] = [];
      for (let i = 1; i < rows.length; i++) {
        const r = fcValues(hw, xt, rows[i]!, a); // row i of X X^T
        count(r);
        z.push(...r.outputs.slice(0, i));
      }
      return z;
    },
    fm: (rows) => {
      const r = fmValues(hw, rows, a);
      count(r);
      return r.interaction;
    },
  };
}
