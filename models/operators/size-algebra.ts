import type { Algebra } from "./algebra";
import type { LayerDecl } from "./operator-kind";

/**
 * An algebra over sizes (a dense value's width, a sparse value's rows) for
 * the domains that only record what the layers are: model info's counts and
 * the supernet's slices. `layer` is told of every weight layer a
 * computation runs, with the width of what it reads.
 */
export abstract class SizeAlgebra implements Algebra<number, number> {
  abstract readonly embeddingDim: number;

  /** A weight layer runs on `inputs` values (per vector), `vectors` times per inference. */
  protected abstract layer(name: string, layer: LayerDecl, inputs: number, vectors: number): void;

  linear(name: string, layer: LayerDecl, x: number): number {
    this.layer(name, layer, x, 1);
    return layer.outputs;
  }

  alongRows(name: string, layer: LayerDecl, y: number): number {
    this.layer(name, layer, y, this.embeddingDim);
    return layer.outputs;
  }

  linearToRows(name: string, layer: LayerDecl, x: number, rows: number): number {
    this.layer(name, layer, x, 1);
    return rows;
  }

  toRows(_x: number, rows: number): number {
    return rows;
  }

  gram(_name: string, _x: number, _y: number, rows: number): number {
    return (rows * (rows - 1)) / 2;
  }

  fm(): number {
    return this.embeddingDim;
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
}
