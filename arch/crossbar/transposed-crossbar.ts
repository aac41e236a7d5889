import { bitSerialRead, type ReadResult } from "./bit-serial-read";
import { CrossbarArray } from "./crossbar-array";
import { digitCount, digitsOf, toOffset } from "./offset-encoding";
import type { CrossbarShape } from "./weight-crossbar";

/**
 * A transposed-write crossbar (paper figure 3b). Incoming vectors are
 * programmed into columns: value column d holds the d-th element of every
 * vector, one vector per row, each value offset-encoded and split over
 * ceil(valueBits / cellBits) adjacent physical columns. Two reads follow:
 * - a ones vector on the word lines yields every column's sum, sum_i x'_i[d];
 * - driving column d's own values (bit-serially, through the DAC) and
 *   converting only column d yields sum_i x'_i[d]^2, the sum of squares.
 */
export class TransposedCrossbar {
  readonly array: CrossbarArray;
  readonly slices: number;
  private readonly stored: number[][] = []; // offset values by value column, for driving the rows

  constructor(
    shape: CrossbarShape,
    readonly valueBits: number,
  ) {
    this.array = new CrossbarArray(shape.size, shape.cellBits);
    this.slices = digitCount(valueBits, shape.cellBits);
  }

  /** Value columns that fit. */
  get capacity(): number {
    return Math.floor(this.array.size / this.slices);
  }

  /** Writes `values` (signed, one per row) into value column `d`; returns the physical columns written. */
  programColumn(d: number, values: readonly number[]): number {
    if (d < 0 || d >= this.capacity) {
      throw new RangeError(
        `value column ${d} does not fit: ${this.capacity} value columns of ${this.slices} cells`,
      );
    }
    const offsets = values.map((v) => toOffset(v, this.valueBits));
    const digits = offsets.map((v) => digitsOf(v, this.array.cellBits, this.slices));
    for (let s = 0; s < this.slices; s++) {
      this.array.programColumn(
        d * this.slices + s,
        digits.map((dg) => dg[s]!),
      );
    }
    this.stored[d] = offsets;
    return this.slices;
  }

  /** Ones on the first `rows` word lines: sum over rows of x' for each of the first `columns` value columns. */
  columnSums(
    rows: number,
    columns: number,
    settings: { rowsPerRead: number; adcBits: number },
  ): ReadResult {
    const ones = new Array<number>(rows).fill(1);
    return bitSerialRead(this.array, {
      ...settings,
      drive: ones,
      rows,
      inputBits: 1,
      dacBits: 1,
      fromColumn: 0,
      toColumn: columns,
      slices: this.slices,
    });
  }

  /** Drives value column d's own values into the rows and converts only column d: sum of x'^2. */
  sumOfSquares(
    d: number,
    rows: number,
    settings: { dacBits: number; rowsPerRead: number; adcBits: number },
  ): ReadResult {
    const offsets = this.stored[d];
    if (offsets === undefined) throw new RangeError(`value column ${d} was never programmed`);
    return bitSerialRead(this.array, {
      ...settings,
      drive: offsets,
      rows,
      inputBits: this.valueBits,
      fromColumn: d,
      toColumn: d + 1,
      slices: this.slices,
    });
  }
}
