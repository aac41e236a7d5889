import type { Batch } from "../data/batch";
import type { AdagradStep } from "./parameters";

/** A batch's embedding gradient summed per (table, row): torch's coalesced sparse gradient. */
export interface RowGradients {
  /** Per table: row -> summed gradient (e values). */
  tables: Array<Map<number, Float32Array>>;
  sumOfSquares: number;
}

/**
 * The embedding tables as Float32Arrays outside tfjs, one per sparse
 * feature. A lookup copies the batch's rows into one tensor; its gradient
 * comes back per row and only those rows are updated (sparse Adagrad, as
 * torch's with `sparse=True` embeddings): a step costs the rows it touches,
 * not the table.
 *
 * Rows are initialised on first touch, Xavier-normal over the table's shape
 * (std sqrt(2 / (rows + e)), NASRec's `init_weights`) from a hash of (seed,
 * table, row, element), so a row's start does not depend on which rows came
 * before it. Untouched rows are never written: the arrays' pages stay
 * unallocated, so NASRec's uncapped Criteo tables (33.8 M rows) cost memory
 * only for the rows a run sees.
 */
export class EmbeddingTables {
  readonly tables: Float32Array[];
  readonly squares: Float32Array[];
  readonly touched: Uint8Array[];
  private readonly stds: number[];

  constructor(
    readonly tableRows: readonly number[],
    readonly dim: number,
    readonly seed: number,
  ) {
    this.tables = tableRows.map((rows) => new Float32Array(rows * dim));
    this.squares = tableRows.map((rows) => new Float32Array(rows * dim));
    this.touched = tableRows.map((rows) => new Uint8Array(rows));
    this.stds = tableRows.map((rows) => Math.sqrt(2 / (rows + dim)));
  }

  /** Row `row` of table `f` (a view), initialised if this is its first touch. */
  row(f: number, row: number): Float32Array {
    const rows = this.tableRows[f]!;
    if (!(row >= 0 && row < rows)) {
      throw new RangeError(`embedding table ${f}: row ${row} outside 0..${rows - 1}`);
    }
    const e = this.dim;
    const table = this.tables[f]!;
    if (this.touched[f]![row] === 0) {
      this.touched[f]![row] = 1;
      for (let c = 0; c < e; c++) {
        table[row * e + c] = this.stds[f]! * hashGaussian(this.seed, f, row, c);
      }
    }
    return table.subarray(row * e, (row + 1) * e);
  }

  /** The batch's embeddings as [B, e, F] (element-major, the supernet's sparse layout). */
  lookup(batch: Batch): Float32Array {
    const F = batch.sparseFeatures;
    const e = this.dim;
    const out = new Float32Array(batch.size * e * F);
    for (let b = 0; b < batch.size; b++) {
      for (let f = 0; f < F; f++) {
        const values = this.row(f, batch.sparse[b * F + f]!);
        const base = b * e * F + f;
        for (let c = 0; c < e; c++) out[base + c * F] = values[c]!;
      }
    }
    return out;
  }

  /** Sums the [B, e, F] gradient of a lookup per (table, row), leaving out values marked in `skip`. */
  rowGradients(batch: Batch, grad: Float32Array, skip?: Uint8Array): RowGradients {
    const F = batch.sparseFeatures;
    const e = this.dim;
    const tables = Array.from({ length: F }, () => new Map<number, Float32Array>());
    for (let b = 0; b < batch.size; b++) {
      for (let f = 0; f < F; f++) {
        const row = batch.sparse[b * F + f]!;
        let sum = tables[f]!.get(row);
        if (sum === undefined) {
          sum = new Float32Array(e);
          tables[f]!.set(row, sum);
        }
        const base = b * e * F + f;
        for (let c = 0; c < e; c++) {
          const at = base + c * F;
          if (skip === undefined || skip[at] === 0) sum[c] = sum[c]! + grad[at]!;
        }
      }
    }
    let sumOfSquares = 0;
    for (const table of tables) {
      for (const g of table.values()) for (let c = 0; c < e; c++) sumOfSquares += g[c]! * g[c]!;
    }
    return { tables, sumOfSquares };
  }

  /** Sparse Adagrad on the rows that have a gradient. */
  adagrad(gradients: RowGradients, step: AdagradStep): void {
    const e = this.dim;
    const { learningRate: lr, epsilon: eps, gradientScale: scale } = step;
    gradients.tables.forEach((rows, f) => {
      const table = this.tables[f]!;
      const squares = this.squares[f]!;
      for (const [row, g] of rows) {
        const base = row * e;
        for (let c = 0; c < e; c++) {
          const gc = g[c]! * scale;
          const s = squares[base + c]! + gc * gc;
          squares[base + c] = s;
          table[base + c] = table[base + c]! - (lr * gc) / (Math.sqrt(s) + eps);
        }
      }
    });
  }

  /** The rows of table f that have been touched, ascending. */
  touchedRows(f: number): Int32Array {
    const marks = this.touched[f]!;
    let count = 0;
    for (let r = 0; r < marks.length; r++) count += marks[r]!;
    const rows = new Int32Array(count);
    let k = 0;
    for (let r = 0; r < marks.length; r++) if (marks[r] === 1) rows[k++] = r;
    return rows;
  }
}

/** A standard normal from a hash of (seed, table, row, element), by Box-Muller. */
function hashGaussian(seed: number, f: number, row: number, c: number): number {
  const a = mix(seed, f, row, 2 * c);
  const b = mix(seed, f, row, 2 * c + 1);
  const u1 = (a + 1) / 4294967297; // in (0, 1)
  const u2 = b / 4294967296;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

function mix(seed: number, f: number, row: number, k: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(f + 1, 0xc2b2ae35);
  h ^= Math.imul(row % 0x100000000 ^ Math.floor(row / 0x100000000), 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) ^ Math.imul(k + 1, 0x165667b1);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
