/**
 * The values of one ReRAM crossbar: a size x size grid of cells, each
 * holding a digit of `cellBits` bits (a conductance level). A read drives
 * some rows with DAC digits and returns, per column, the sum of digit x
 * cell over those rows (Kirchhoff's current law), before conversion.
 * Timing and energy live in mvm-cost.ts and write-cost.ts; this is values only.
 */
export class CrossbarArray {
  private readonly cells: Int32Array;
  readonly maxCell: number;

  constructor(
    readonly size: number,
    readonly cellBits: number,
  ) {
    this.cells = new Int32Array(size * size);
    this.maxCell = 2 ** cellBits - 1;
  }

  cell(row: number, col: number): number {
    return this.cells[row * this.size + col]!;
  }

  /** Programs `digits` into row `row` from column `fromCol`; returns the cells written. */
  programRow(row: number, digits: ArrayLike<number>, fromCol = 0): number {
    this.checkLine(row, fromCol, digits.length, "row");
    for (let i = 0; i < digits.length; i++)
      this.cells[row * this.size + fromCol + i] = this.level(digits[i]!);
    return digits.length;
  }

  /** Programs `digits` into column `col` from row `fromRow` (transposed write); returns the cells written. */
  programColumn(col: number, digits: ArrayLike<number>, fromRow = 0): number {
    this.checkLine(col, fromRow, digits.length, "column");
    for (let i = 0; i < digits.length; i++)
      this.cells[(fromRow + i) * this.size + col] = this.level(digits[i]!);
    return digits.length;
  }

  /**
   * One read: rows [fromRow, toRow) driven with `inputDigits[row]`; the
   * analog sum of each column in [fromCol, toCol) (default: every column)
   * is written to `columnSums` (the other entries are left as they were).
   */
  read(
    inputDigits: ArrayLike<number>,
    fromRow: number,
    toRow: number,
    columnSums: Float64Array,
    fromCol = 0,
    toCol = this.size,
  ): void {
    columnSums.fill(0, fromCol, toCol);
    const cells = this.cells;
    for (let row = fromRow; row < toRow; row++) {
      const x = inputDigits[row]!;
      if (x === 0) continue;
      const base = row * this.size;
      for (let col = fromCol; col < toCol; col++) columnSums[col]! += x * cells[base + col]!;
    }
  }

  private level(digit: number): number {
    if (!Number.isInteger(digit) || digit < 0 || digit > this.maxCell) {
      throw new RangeError(`cell level ${digit} does not fit a ${this.cellBits}-bit cell`);
    }
    return digit;
  }

  private checkLine(line: number, from: number, length: number, what: string): void {
    if (line < 0 || line >= this.size || from < 0 || from + length > this.size) {
      throw new RangeError(
        `${what} ${line} [${from}, ${from + length}) is outside a ${this.size}x${this.size} crossbar`,
      );
    }
  }
}

/**
 * An ADC of `bits` bits converting a column sum. Lossless while the sum fits
 * (the precision rule in arch/config/precision.ts); beyond, it saturates at
 * 2^bits - 1, the behaviour the lossy mode studies.
 */
export function convert(sum: number, bits: number): number {
  const top = adcTop(bits);
  return sum > top ? top : sum;
}

/** The largest value a `bits`-bit ADC converts: 2^bits - 1 (hot loops compare against it directly). */
export function adcTop(bits: number): number {
  return 2 ** bits - 1;
}
