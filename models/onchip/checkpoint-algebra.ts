import type { IntMatrix } from "../../arch/layers/fc-batch";
import type { Algebra } from "../operators/algebra";
import type { LayerDecl } from "../operators/operator-kind";
import { fmShift } from "../supernet/quant-algebra";
import { joinDense, joinRows, requantiseAll, type IntDense, type IntRows } from "./int-tensors";
import type { Computed, Products } from "./products";

/** A layer of a checkpoint's subnet: its weights as integers on the grid 2^weightExp, and its biases. */
export interface QuantisedLayer {
  matrix: IntMatrix;
  weightExp: number;
  /** The biases as integers on the accumulator's grid 2^exp (input step x weight step, 32 bits). */
  biasOn(exp: number): Float64Array;
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
 * JavaScript integers, batch by batch (sizes come from the arrays): the same grids, the same rounding
 * (round half up, saturate to 8 bits), biases on the accumulator's grid
 * (input step x weight step, 32 bits), parts joined onto their coarsest
 * grid where they are read, FM scaled by 2^-fmShift. The products come
 * from `products`: exact, or through the crossbar models; at each point
 * where they differ, the error that reaches the point's output is tallied
 * (`errors`), measured against the exact products of the same inputs.
 */
export class CheckpointAlgebra implements Algebra<IntDense, Parts> {
  /** Over every batch run through it. */
  readonly errors = new Map<string, PointError>();

  constructor(
    readonly embeddingDim: number,
    private readonly model: QuantisedModel,
    private readonly products: Products,
  ) {}

  linear(name: string, layer: LayerDecl, x: IntDense): IntDense {
    return this.affine(name, layer, x.v, x.exp);
  }

  alongRows(name: string, layer: LayerDecl, y: Parts): Parts {
    const t = joinRows(y); // one input vector per (example, element)
    const out = this.affine(name, layer, t.v, t.exp);
    return [{ v: out.v, rows: out.width, exp: out.exp }];
  }

  linearToRows(name: string, layer: LayerDecl, x: IntDense, rows: number): Parts {
    const out = this.linear(name, layer, x); // columns permuted by the layout: [e, rows] already
    return [{ v: out.v, rows, exp: out.exp }];
  }

  toRows(x: IntDense, rows: number): Parts {
    const e = this.embeddingDim;
    const v = new Float32Array(x.v.length);
    for (let b = 0; b < x.v.length / (rows * e); b++) {
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < e; c++) v[(b * e + c) * rows + r] = x.v[b * rows * e + r * e + c]!;
      }
    }
    return [{ v, rows, exp: x.exp }];
  }

  gram(name: string, x: IntDense, y: Parts): IntDense {
    const e = this.embeddingDim;
    const column: IntRows = { v: x.v, rows: 1, exp: x.exp };
    const t = joinRows([column, joinRows(y)]);
    const z = this.products.gram(name, t.v, t.v.length / (e * t.rows), e, t.rows);
    return this.activation(`${name}.gram`, z, 2 * t.exp, (t.rows * (t.rows - 1)) / 2);
  }

  fm(name: string, y: Parts): IntDense {
    const e = this.embeddingDim;
    const t = joinRows(y);
    const interaction = this.products.fm(name, t.v, t.v.length / (e * t.rows), e, t.rows);
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
    return joinDense(parts);
  }

  concatRows(parts: Parts[]): Parts {
    return parts.flat();
  }

  flatten(y: Parts): IntDense {
    const t = joinRows(y);
    return { v: t.v, width: t.rows * this.embeddingDim, exp: t.exp }; // [e, rows] is the flat order
  }

  /** x W + b on every input vector of x, ReLU when the layer says, requantised at the layer's point. */
  private affine(name: string, layer: LayerDecl, x: Float32Array, xExp: number): IntDense {
    const q = this.model.layer(name);
    const lines = x.length / q.matrix.inputs;
    const accExp = xExp + q.weightExp;
    const products = this.products.matmul(name, q.matrix, x, lines);
    return this.activation(name, products, accExp, q.matrix.outputs, q.biasOn(accExp), layer.relu);
  }

  /**
   * Values on grid 2^exp (biases added, negatives zeroed when `relu`)
   * requantised onto point `point`'s grid; the chip's error there tallied.
   */
  private activation(
    point: string,
    values: Computed,
    exp: number,
    width: number,
    bias?: Float64Array,
    relu = false,
  ): IntDense {
    const to = this.model.activationExp(point);
    const v = requantiseAll(values.sums, exp, to, bias, relu);
    if (values.exact !== values.sums) {
      const exact = requantiseAll(values.exact, exp, to, bias, relu);
      let error = this.errors.get(point);
      if (error === undefined) {
        error = { outputs: 0, absErrorLsb: 0, exp: to };
        this.errors.set(point, error);
      }
      for (let i = 0; i < v.length; i++) error.absErrorLsb += Math.abs(v[i]! - exact[i]!);
      error.outputs += v.length;
    }
    return { v, width, exp: to };
  }
}
