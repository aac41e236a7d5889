import { WeightCrossbar, type CrossbarShape } from "../crossbar/weight-crossbar";
import { mapFc, tileExtent, type FcMapping } from "./fc-mapping";

/** One crossbar of a layer: where its block sits in the weight matrix. */
export interface ProgrammedTile {
  crossbar: WeightCrossbar;
  /** First input (row) and first output (column) of the block. */
  r0: number;
  c0: number;
  rows: number;
  outputs: number;
}

export interface ProgrammedLayer {
  mapping: FcMapping;
  tiles: ProgrammedTile[];
}

/**
 * Programmed layers, by weight matrix: a stationary layer is programmed
 * once and read for every input, as on the chip. Keyed by the matrix
 * object, so the matrix must not change after its first use (the
 * functional model's weights never do; a DP's X^T is a new matrix per
 * request and is programmed afresh, as the chip writes it).
 */
const programmed = new WeakMap<object, Map<string, ProgrammedLayer>>();

/** The layer's weights (inputs x outputs, signed weightBits) tiled and programmed onto crossbars. */
export function programLayer(
  weights: readonly (readonly number[])[],
  weightBits: number,
  shape: CrossbarShape,
): ProgrammedLayer {
  const key = `${shape.size}/${shape.cellBits}/${weightBits}`;
  let byShape = programmed.get(weights);
  const cached = byShape?.get(key);
  if (cached !== undefined) return cached;
  const inputs = weights.length;
  const outputs = inputs === 0 ? 0 : weights[0]!.length;
  const mapping = mapFc(inputs, outputs, weightBits, shape);
  const tiles: ProgrammedTile[] = [];
  for (let rt = 0; rt < mapping.rowTiles; rt++) {
    for (let ct = 0; ct < mapping.columnTiles; ct++) {
      const extent = tileExtent(mapping, inputs, outputs, shape.size, rt, ct);
      const r0 = rt * shape.size;
      const c0 = ct * mapping.outputsPerCrossbar;
      const block = weights
        .slice(r0, r0 + extent.rows)
        .map((row) => row.slice(c0, c0 + extent.outputs));
      const crossbar = new WeightCrossbar(shape, block, weightBits);
      tiles.push({ crossbar, r0, c0, rows: extent.rows, outputs: extent.outputs });
    }
  }
  const layer = { mapping, tiles };
  if (byShape === undefined) {
    byShape = new Map();
    programmed.set(weights, byShape);
  }
  byShape.set(key, layer);
  return layer;
}
