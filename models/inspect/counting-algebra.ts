import type { Algebra } from "../operators/algebra";
import type { LayerDecl } from "../operators/operator-kind";
import type { LayerCount } from "./model-info";

/**
 * Model info's counts as an algebra: values are their sizes (a dense
 * value's width, a sparse value's rows), and every layer and DP product is
 * recorded with its parameters and, when `reaches` (set before each
 * operator), its multiply-accumulates, as NASRec counts them.
 */
export class CountingAlgebra implements Algebra<number, number> {
  readonly layers: LayerCount[] = [];
  /** The operator about to run: its block and whether its work reaches the logit. */
  block: number | null = null;
  reaches = true;

  constructor(readonly embeddingDim: number) {}

  linear(name: string, layer: LayerDecl, x: number): number {
    return this.record(name, x, layer.outputs, 1);
  }

  alongRows(name: string, layer: LayerDecl, y: number): number {
    return this.record(name, y, layer.outputs, this.embeddingDim);
  }

  linearToRows(name: string, layer: LayerDecl, x: number, rows: number): number {
    this.record(name, x, layer.outputs, 1);
    return rows;
  }

  toRows(_x: number, rows: number): number {
    return rows;
  }

  /** T T^T: T is rows x e, the product rows x rows, each entry e multiply-accumulates (the whole product). */
  gram(name: string, _x: number, _y: number, rows: number): number {
    const e = this.embeddingDim;
    this.layers.push({
      name: `${name}.gram`,
      block: this.block,
      reachesOutput: this.reaches,
      kind: "bmm",
      inputs: e,
      outputs: rows * rows,
      vectorsPerSample: 1,
      params: 0,
      biasParams: 0,
      flopsPerSample: this.reaches ? rows * rows * e : 0,
    });
    return (rows * (rows - 1)) / 2;
  }

  fm(): number {
    return this.embeddingDim; // sums and squares are not counted
  }

  add(_name: string, x: number): number {
    return x;
  }

  concat(parts: number[]): number {
    return parts.reduce((a, b) => a + b, 0);
  }

  concatRows(parts: number[]): number {
    return parts.reduce((a, b) => a + b, 0);
  }

  flatten(y: number): number {
    return y * this.embeddingDim;
  }

  /** A Linear with bias, applied to `vectors` vectors per sample. */
  private record(name: string, inputs: number, outputs: number, vectors: number): number {
    this.layers.push({
      name,
      block: this.block,
      reachesOutput: this.reaches,
      kind: "linear",
      inputs,
      outputs,
      vectorsPerSample: vectors,
      params: inputs * outputs + outputs,
      biasParams: outputs,
      flopsPerSample: this.reaches ? inputs * outputs * vectors : 0,
    });
    return outputs;
  }
}
