import type { LayerDecl } from "../operators/operator-kind";
import { SizeAlgebra } from "../operators/size-algebra";
import type { LayerCount } from "./model-info";

/**
 * Model info's counts as an algebra over sizes: every layer and DP product
 * is recorded with its parameters and, when `reaches` (set before each
 * operator), its multiply-accumulates, as NASRec counts them.
 */
export class CountingAlgebra extends SizeAlgebra {
  readonly layers: LayerCount[] = [];
  /** The operator about to run: its block and whether its work reaches the logit. */
  block: number | null = null;
  reaches = true;

  constructor(readonly embeddingDim: number) {
    super();
  }

  /** A Linear with bias, applied to `vectors` vectors per sample. */
  protected layer(name: string, layer: LayerDecl, inputs: number, vectors: number): void {
    const outputs = layer.outputs;
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
  }

  /** T T^T: T is rows x e, the product rows x rows, each entry e multiply-accumulates (the whole product). */
  override gram(name: string, x: number, y: number, rows: number): number {
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
    return super.gram(name, x, y, rows);
  }
}
