import type { Algebra } from "../operators/algebra";
import type { LayerDecl } from "../operators/operator-kind";
import type { Arithmetic } from "./evaluate";
import type { ModelValues } from "./model-values";
import { layerShift, relu, requantise } from "./quantisation";

type Vector = number[];
type Rows = number[][];

/**
 * The quantised model's integer semantics as an algebra: signed
 * activations of `activationBits`, every layer's integer sum requantised
 * (quantisation.ts), weights from `values` by layer name, and the products
 * done by `arithmetic`: exactly (the reference) or through the crossbar
 * models (the simulated chip).
 */
export class IntegerAlgebra implements Algebra<Vector, Rows> {
  private readonly a: number;

  constructor(
    readonly embeddingDim: number,
    private readonly values: ModelValues,
    private readonly arithmetic: Arithmetic,
  ) {
    this.a = values.activationBits;
  }

  linear(name: string, layer: LayerDecl, x: Vector): Vector {
    const bits = layer.weightBits;
    const w = this.values.layer(name, x.length, layer.outputs, bits);
    const shift = layerShift(x.length, bits);
    return this.arithmetic.matvec(w, x, bits).map((s) => {
      const q = requantise(s, shift, this.a);
      return layer.relu ? relu(q) : q;
    });
  }

  alongRows(name: string, layer: LayerDecl, y: Rows): Rows {
    const out = Array.from({ length: layer.outputs }, () =>
      new Array<number>(this.embeddingDim).fill(0),
    );
    for (let d = 0; d < this.embeddingDim; d++) {
      const column = this.linear(
        name,
        layer,
        y.map((r) => r[d]!),
      );
      column.forEach((v, i) => (out[i]![d] = v));
    }
    return out;
  }

  linearToRows(name: string, layer: LayerDecl, x: Vector, rows: number): Rows {
    return this.toRows(this.linear(name, layer, x), rows);
  }

  toRows(x: Vector, rows: number): Rows {
    const e = this.embeddingDim;
    return Array.from({ length: rows }, (_, r) => x.slice(r * e, (r + 1) * e));
  }

  gram(_name: string, x: Vector, y: Rows): Vector {
    const shift = layerShift(this.embeddingDim, this.a);
    return this.arithmetic.gram([x, ...y]).map((s) => requantise(s, shift, this.a));
  }

  fm(_name: string, y: Rows): Vector {
    const shift = layerShift(y.length, this.a) + this.a - 1; // a square of a sum of a-bit values
    return this.arithmetic.fm(y).map((s) => requantise(s, shift, this.a));
  }

  add(_name: string, x: Vector, term: Vector): Vector {
    return x.map((v, j) => requantise(v + term[j]!, 0, this.a));
  }

  concat(parts: Vector[]): Vector {
    return parts.flat();
  }

  concatRows(parts: Rows[]): Rows {
    return parts.flat(1);
  }

  flatten(y: Rows): Vector {
    return y.flat();
  }
}
