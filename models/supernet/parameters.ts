import { Rng } from "../../sim/kernel/rng";
import type { LayerPlan, LayerShape } from "./layout";

/** One layer's weights [rows, cols] (row-major), its bias [cols] and their Adagrad sums. */
export interface Parameter {
  name: string;
  rows: number;
  cols: number;
  weight: Float32Array;
  bias: Float32Array;
  weightSquares: Float32Array;
  biasSquares: Float32Array;
}

/** Adagrad as torch.optim.Adagrad (initial accumulator 0): s += g^2, w -= lr g / (sqrt(s) + eps). */
export interface AdagradStep {
  learningRate: number;
  epsilon: number;
  /** Gradient-norm clipping factor, min(1, maxNorm / norm), applied to every gradient. */
  gradientScale: number;
}

/**
 * The supernet's dense weights, held as Float32Arrays outside tfjs: a step
 * copies the slice its subnet uses into a tensor and writes the update back
 * into the same slice, so a layer's unused rows and columns cost nothing
 * (their gradient would be zero, and Adagrad leaves a zero-gradient weight
 * and its sum unchanged). Weights start Xavier-uniform over the layer's
 * largest shape and biases at 0, as NASRec's `init_weights`.
 */
export class ParameterStore {
  readonly layers = new Map<string, Parameter>();

  constructor(shapes: readonly LayerShape[], seed: number) {
    const root = new Rng(seed);
    for (const { name, rows, cols } of shapes) {
      const rng = root.stream(`weights:${name}`);
      const limit = Math.sqrt(6 / (rows + cols));
      const weight = new Float32Array(rows * cols);
      for (let i = 0; i < weight.length; i++) weight[i] = (2 * rng.float() - 1) * limit;
      this.layers.set(name, {
        name,
        rows,
        cols,
        weight,
        bias: new Float32Array(cols),
        weightSquares: new Float32Array(rows * cols),
        biasSquares: new Float32Array(cols),
      });
    }
  }

  get(name: string): Parameter {
    const p = this.layers.get(name);
    if (p === undefined) throw new Error(`no supernet layer ${name}`);
    return p;
  }

  /** The slice a subnet uses: weight [plan rows, plan cols] and bias [plan cols], copied. */
  slice(plan: LayerPlan): { weight: Float32Array; bias: Float32Array } {
    const p = this.get(plan.name);
    const { rows, cols } = plan;
    const n = cols.length;
    const weight = new Float32Array(rows.length * n);
    for (let i = 0; i < rows.length; i++) {
      const from = rows[i]! * p.cols;
      const to = i * n;
      for (let j = 0; j < n; j++) weight[to + j] = p.weight[from + cols[j]!]!;
    }
    const bias = new Float32Array(n);
    for (let j = 0; j < n; j++) bias[j] = p.bias[cols[j]!]!;
    return { weight, bias };
  }

  /** Writes `values` into the slice (used to load given weights, e.g. in tests). */
  setSlice(plan: LayerPlan, weight: ArrayLike<number>, bias?: ArrayLike<number>): void {
    const p = this.get(plan.name);
    const n = plan.cols.length;
    for (let i = 0; i < plan.rows.length; i++) {
      for (let j = 0; j < n; j++) {
        p.weight[plan.rows[i]! * p.cols + plan.cols[j]!] = weight[i * n + j]!;
      }
    }
    if (bias !== undefined) for (let j = 0; j < n; j++) p.bias[plan.cols[j]!] = bias[j]!;
  }

  /** One Adagrad step on the slice, from its gradients (same shapes as `slice` returns). */
  adagrad(plan: LayerPlan, weightGrad: Float32Array, biasGrad: Float32Array, step: AdagradStep) {
    const p = this.get(plan.name);
    const { rows, cols } = plan;
    const n = cols.length;
    const { learningRate: lr, epsilon: eps, gradientScale: scale } = step;
    for (let i = 0; i < rows.length; i++) {
      const base = rows[i]! * p.cols;
      for (let j = 0; j < n; j++) {
        const g = weightGrad[i * n + j]! * scale;
        if (g === 0) continue;
        const at = base + cols[j]!;
        const s = p.weightSquares[at]! + g * g;
        p.weightSquares[at] = s;
        p.weight[at] = p.weight[at]! - (lr * g) / (Math.sqrt(s) + eps);
      }
    }
    for (let j = 0; j < n; j++) {
      const g = biasGrad[j]! * scale;
      if (g === 0) continue;
      const at = cols[j]!;
      const s = p.biasSquares[at]! + g * g;
      p.biasSquares[at] = s;
      p.bias[at] = p.bias[at]! - (lr * g) / (Math.sqrt(s) + eps);
    }
  }
}

/** Sum of squares of an array (for the global gradient norm). */
export function sumOfSquares(values: Float32Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]! * values[i]!;
  return s;
}
