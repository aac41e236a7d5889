import { bitSerialRead, type ReadResult } from "./bit-serial-read";
import { CrossbarArray } from "./crossbar-array";
import { digitCount, digitsOf, toOffset } from "./offset-encoding";

export interface CrossbarShape {
  size: number;
  cellBits: number;
}

export interface ReadSettings {
  inputBits: number;
  dacBits: number;
  rowsPerRead: number;
  adcBits: number;
}

/**
 * A crossbar holding a block of a weight matrix: `rows` x `columns` signed
 * weights of `weightBits` bits, each offset-encoded and split into
 * ceil(weightBits / cellBits) cell digits placed in adjacent physical
 * columns (least significant first).
 */
export class WeightCrossbar {
  readonly array: CrossbarArray;
  readonly rows: number;
  readonly columns: number;
  readonly slices: number;
  /** Per logical column, the sum of w' over its rows (fixed at programming time). */
  readonly offsetWeightSums: Float64Array;

  constructor(
    shape: CrossbarShape,
    weights: ReadonlyArray<ArrayLike<number>>,
    readonly weightBits: number,
  ) {
    this.rows = weights.length;
    this.columns = this.rows === 0 ? 0 : weights[0]!.length;
    this.slices = digitCount(weightBits, shape.cellBits);
    if (this.rows > shape.size || this.columns * this.slices > shape.size) {
      throw new RangeError(
        `a ${this.rows}x${this.columns} block of ${weightBits}-bit weights needs ${this.rows} rows and ` +
          `${this.columns * this.slices} columns; the crossbar has ${shape.size}`,
      );
    }
    this.array = new CrossbarArray(shape.size, shape.cellBits);
    this.offsetWeightSums = new Float64Array(this.columns);
    const rowDigits = new Array<number>(this.columns * this.slices);
    weights.forEach((row, r) => {
      for (let j = 0; j < this.columns; j++) {
        const w = toOffset(row[j]!, weightBits);
        this.offsetWeightSums[j]! += w;
        const digits = digitsOf(w, shape.cellBits, this.slices);
        for (let s = 0; s < this.slices; s++) rowDigits[j * this.slices + s] = digits[s]!;
      }
      this.array.programRow(r, rowDigits);
    });
  }

  /** Physical columns in use. */
  get physicalColumns(): number {
    return this.columns * this.slices;
  }

  /** The analog MVM of offset-encoded inputs x' (one per row), through DAC digits, reads and the ADC. */
  mvm(offsetInputs: ArrayLike<number>, settings: ReadSettings): ReadResult {
    return bitSerialRead(this.array, {
      ...settings,
      drive: offsetInputs,
      rows: this.rows,
      fromColumn: 0,
      toColumn: this.columns,
      slices: this.slices,
    });
  }
}
