import type { IntMatrix } from "../../arch/layers/fc-batch";
import type { Algebra } from "../operators/algebra";
import type { LayerDecl } from "../operators/operator-kind";
import { fmShift } from "../supernet/quant-algebra";
import { BIAS_BITS, quantiseInteger } from "../supernet/quantisation";
import { joinDense, joinRows, requantiseAll, type IntDense, type IntRows } from "./int-tensors";
import type { Computed, Products } from "./products";

/** A layer of a checkpoint's subnet: its weights as integers on the grid 2^weightExp, and float biases. */
export interface QuantisedLayer {
  matrix: IntMatrix;
  weightExp: number;
  bias: Float32Array;
}

/** Where a pass's grids come from: the checkpoint's frozen activation steps and its layers. */
export interface QuantisedModel {
  /** log2 of the step of activation point `point` ("block1.fc", "block1.dp.gram", ...). */
  activationExp(point: string): number;
  layer(name: string): QuantisedLayer;
}

/** What the chip's arithmetic changed at one activation point, in its output's steps (LSBs). */
export interface PointError {
  outputs: number;
  /** Sum over outputs of |chip - exact| after requantisation, in LSBs. */
  absErrorLsb: number;
  /** The point's grid: an LSB is 2^exp. */
  exp: number;
}

type Parts = IntRows[];

/**
 * The supernet's quantised forward pass (supernet/quant-algebra.ts) on
 * JavaScript integers, for a batch: the same grids, the same rounding
 * (round half up, saturate to 8 bits), biases on the accumulator's grid
 * (input step x weight step, 32 bits), parts joined onto their coarsest
 * grid where they are read, FM scaled by 2^-fmShift. The products come
 * from `products`: exact, or through the crossbar models; at each point
 * where they differ, the error that reaches the point's output is tallied
 * (`errors`), measured against the exact products of the same inputs.
 */
export class CheckpointAlgebra implements Algebra<IntDense, Parts> {
  readonly errors = new Map<string, PointError>();
  private readonly biases = new Map<string, Float64Array>();

  constructor(
    readonly embeddingDim: number,
    readonly batch: number,
    private readonly model: QuantisedModel,
    private readonly products: Products,
  ) {}

  linear(name: string, layer: LayerDecl, x: IntDense): IntDense {
    return this.affine(name, layer, x.v, x.exp, this.batch);
  }

  alongRows(name: string, layer: LayerDecl, y: Parts): Parts {
    const t = joinRows(y, this.batch, this.embeddingDim);
    const out = this.affine(name, layer, t.v, t.exp, this.batch * this.embeddingDim);
    return [{ v: out.v, rows: out.width, exp: out.exp }];
  }

  linearToRows(name: string, layer: LayerDecl, x: IntDense, rows: number): Parts {
    const out = this.linear(name, layer, x); // columns permuted by the layout: [e, rows] already
    return [{ v: out.v, rows, exp: out.exp }];
  }

  toRows(x: IntDense, rows: number): Parts {
    const e = this.embeddingDim;
    const v = new Float32Array(x.v.length);
    for (let b = 0; b < this.batch; b++) {
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < e; c++) v[(b * e + c) * rows + r] = x.v[b * rows * e + r * e + c]!;
      }
    }
    return [{ v, rows, exp: x.exp }];
  }

  gram(name: string, x: IntDense, y: Parts): IntDense {
    const e = this.embeddingDim;
    const column: IntRows = { v: x.v, rows: 1, exp: x.exp };
    const t = joinRows([column, joinRows(y, this.batch, e)], this.batch, e);
    const z = this.products.gram(name, t.v, this.batch, e, t.rows);
    return this.activation(`${name}.gram`, z, 2 * t.exp, (t.rows * (t.rows - 1)) / 2);
  }

  fm(name: string, y: Parts): IntDense {
    const e = this.embeddingDim;
    const t = joinRows(y, this.batch, e);
    const interaction = this.products.fm(name, t.v, this.batch, e, t.rows);
    return this.activation(name, interaction, 2 * t.exp - fmShift(t.rows), e);
  }

  add(name: string, x: IntDense, term: IntDense): IntDense {
    const exp = Math.min(x.exp, term.exp);
    const [xScale, termScale] = [2 ** (x.exp - exp), 2 ** (term.exp - exp)];
    const sum = new Float64Array(x.v.length);
    for (let i = 0; i < sum.length; i++) sum[i] = x.v[i]! * xScale + term.v[i]! * termScale;
    return this.activation(`${name}.dense`, { sums: sum, exact: sum }, exp, x.width);
  }

  concat(parts: IntDense[]): IntDense {
    return joinDense(parts, this.batch);
  }

  concatRows(parts: Parts[]): Parts {
    return parts.flat();
  }

  flatten(y: Parts): IntDense {
    const t = joinRows(y, this.batch, this.embeddingDim);
    return { v: t.v, width: t.rows * this.embeddingDim, exp: t.exp }; // [e, rows] is the flat order
  }

  /** x W + b on `lines` input vectors, ReLU when the layer says, requantised at the layer's point. */
  private affine(
    name: string,
    layer: LayerDecl,
    x: Float32Array,
    xExp: number,
    lines: number,
  ): IntDense {
    const q = this.model.layer(name);
    const { outputs } = q.matrix;
    const accExp = xExp + q.weightExp;
    const bias = this.biasOf(name, q, accExp);
    const products = this.products.matmul(name, q.matrix, x, lines);
    const to = this.model.activationExp(name);
    const v = requantiseAll(products.sums, accExp, to, bias, layer.relu);
    if (products.exact !== products.sums) {
      this.tallyError(name, v, requantiseAll(products.exact, accExp, to, bias, layer.relu), to);
    }
    return { v, width: outputs, exp: to };
  }

  /** The biases as integers on the accumulator's grid 2^accExp (supernet/operators.ts biasShift). */
  private biasOf(name: string, q: QuantisedLayer, accExp: number): Float64Array {
    const key = `${name}@${accExp}`;
    let bias = this.biases.get(key);
    if (bias === undefined) {
      bias = Float64Array.from(q.bias, (b) => quantiseInteger(b, 2 ** accExp, BIAS_BITS));
      this.biases.set(key, bias);
    }
    return bias;
  }

  /** Values on grid 2^exp requantised onto point `point`'s grid; the chip's error there tallied. */
  private activation(point: string, values: Computed, exp: number, width: number): IntDense {
    const to = this.model.activationExp(point);
    const v = requantiseAll(values.sums, exp, to);
    if (values.exact !== values.sums) {
      this.tallyError(point, v, requantiseAll(values.exact, exp, to), to);
    }
    return { v, width, exp: to };
  }

  private tallyError(point: string, chip: Float32Array, exact: Float32Array, exp: number): void {
    let error = this.errors.get(point);
    if (error === undefined) {
      error = { outputs: 0, absErrorLsb: 0, exp };
      this.errors.set(point, error);
    }
    for (let i = 0; i < chip.length; i++) error.absErrorLsb += Math.abs(chip[i]! - exact[i]!);
    error.outputs += chip.length;
  }
}
