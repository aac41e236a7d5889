import type { LayerDecl } from "./operator-kind";

/**
 * The primitives an operator's computation is written in, interpreted by
 * each domain: the mapping onto the chip (D, S: the operations producing a
 * value, models/mapping/lowering-algebra.ts), the integer reference and the
 * crossbar model (number arrays, models/functional/integer-algebra.ts), the
 * float model (tfjs, models/compare), the supernet (fake-quantised tfjs,
 * models/supernet/quant-algebra.ts) and model info's counts (sizes,
 * models/inspect/counting-algebra.ts). D is a dense value (a vector), S a
 * sparse one (rows of e elements). Every primitive names where it happens
 * (`name`: the layer, "block1.dp", ...), as the chip, the weights and the
 * supernet's activation ranges are keyed by these names.
 */
export interface Algebra<D, S> {
  /** The embedding width e: the length of every sparse row. */
  readonly embeddingDim: number;
  /** A layer on one vector: x [inputs] -> [outputs], ReLU when the layer says, requantised. */
  linear(name: string, layer: LayerDecl, x: D): D;
  /** A layer along the rows (EFC): on each of the e elements, [inputs rows] -> [outputs rows]. */
  alongRows(name: string, layer: LayerDecl, y: S): S;
  /** A layer whose outputs are rows (DSI): x [inputs] -> [rows, e], outputs = rows e. */
  linearToRows(name: string, layer: LayerDecl, x: D, rows: number): S;
  /** A vector's elements as rows: [rows e] -> [rows, e], row i holding elements i e to (i + 1) e - 1. */
  toRows(x: D, rows: number): S;
  /**
   * DP's interaction at engine `name`: T = [x; Y] (x of e elements, then the
   * `rows` - 1 rows of Y), the strict lower triangle of T T^T row by row
   * (T1.T0, T2.T0, T2.T1, ...), requantised: rows (rows - 1) / 2 values.
   */
  gram(name: string, x: D, y: S, rows: number): D;
  /** FM at engine `name`: per element, (sum of the rows)^2 - sum of the squared rows, requantised: e values. */
  fm(name: string, y: S, rows: number): D;
  /** x + term, element by element, requantised (FM's term added to a block's dense output). */
  add(name: string, x: D, term: D): D;
  /** Dense values one after the other. */
  concat(parts: D[]): D;
  /** Sparse rows one after the other. */
  concatRows(parts: S[]): S;
  /** The rows flattened row-major: element c of row r at r e + c. */
  flatten(y: S): D;
}
