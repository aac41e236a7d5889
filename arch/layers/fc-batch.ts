import type { Hardware } from "../config/hardware";
import { adcTop } from "../crossbar/crossbar-array";
import { digitCount, offsetOf } from "../crossbar/offset-encoding";
import { mapFc, tileExtent } from "./fc-mapping";

/** A layer's weights as signed `bits`-bit integers, inputs x outputs, row-major. */
export interface IntMatrix {
  values: Float64Array;
  inputs: number;
  outputs: number;
  bits: number;
}

/** Integers in a typed array: float32 holds the 8-bit activations and sums below 2^24 exactly. */
export type Numbers = Float64Array | Float32Array;

/** A batch of MVMs of one layer on the crossbars. */
export interface BatchProducts {
  /** batch x outputs: sum_i W[i][j] x[i] after conversion (clipping included). */
  sums: Numbers;
  /** The same products computed exactly. */
  exact: Numbers;
  conversions: number;
  clipped: number;
}

/** X W for `batch` rows of X (batch x inputs, row-major), exactly (float64 holds every sum). */
export function exactProducts(m: IntMatrix, x: Numbers, batch: number): Float64Array {
  return multiplyInto(new Float64Array(batch * m.outputs), x, batch, m.inputs, m.values, m.outputs);
}

/** out = A B (A: rows x inner, B: inner x cols, row-major), in plain JavaScript. */
function multiplyInto<T extends Numbers>(
  out: T,
  a: Numbers,
  rows: number,
  inner: number,
  b: Numbers,
  cols: number,
): T {
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < inner; k++) {
      const v = a[i * inner + k]!;
      if (v === 0) continue; // ReLU outputs and low DAC digits are often 0: their rows add nothing
      for (let j = 0; j < cols; j++) out[i * cols + j]! += v * b[k * cols + j]!;
    }
  }
  return out;
}

/**
 * ADC conversions one input vector costs on the layer's crossbars, as
 * bitSerialRead counts them: every DAC digit of every row group converts
 * each used physical column of its tile, clipped or not.
 */
export function conversionsPerVector(hw: Hardware, m: Omit<IntMatrix, "values">): number {
  const { size, cellBits } = hw.config.crossbar;
  const mapping = mapFc(m.inputs, m.outputs, m.bits, { size, cellBits });
  const digits = digitCount(hw.config.precision.activationBits, hw.config.dac.bits);
  let groups = 0;
  for (let rt = 0; rt < mapping.rowTiles; rt++) {
    const rows = tileExtent(mapping, m.inputs, m.outputs, size, rt, 0).rows;
    groups += Math.ceil(rows / hw.rowsPerRead);
  }
  return digits * groups * m.outputs * mapping.slices;
}

/** Row groups of a layer in which some (output, cell slice) can exceed the ADC's range. */
interface RiskyGroup {
  r0: number;
  rows: number;
  /** Cells of the risky (output, slice) pairs, rows x pairs (row-major): a read's right operand. */
  cells: Float32Array;
  /** The largest of those cells. */
  maxCell: number;
  /** Per risky pair: its output j, and its slice's place 2^(cellBits s). */
  outputOf: Int32Array;
  placeOf: Float64Array;
}

const riskyGroupsOf = new WeakMap<IntMatrix, Map<string, RiskyGroup[]>>();

/**
 * The row groups one read drives (tiles of `size` rows, reads of
 * rowsPerRead within a tile), keeping the (output, slice) columns whose
 * largest possible partial sum, (2^dac - 1) x the sum of their cells over
 * the group, exceeds the ADC's top: only those can ever clip.
 */
function riskyGroups(hw: Hardware, m: IntMatrix): RiskyGroup[] {
  const { size, cellBits } = hw.config.crossbar;
  const key = `${size}/${cellBits}/${hw.rowsPerRead}/${hw.config.dac.bits}/${hw.config.adc.bits}`;
  let byHw = riskyGroupsOf.get(m);
  const cached = byHw?.get(key);
  if (cached !== undefined) return cached;
  const slices = digitCount(m.bits, cellBits);
  const base = 2 ** cellBits;
  const top = adcTop(hw.config.adc.bits);
  const maxDigit = 2 ** hw.config.dac.bits - 1;
  const offset = offsetOf(m.bits);
  const groups: RiskyGroup[] = [];
  const cellOf = (r: number, pair: number) => {
    const j = Math.floor(pair / slices);
    const s = pair % slices;
    return Math.floor((m.values[r * m.outputs + j]! + offset) / base ** s) % base;
  };
  for (let t0 = 0; t0 < m.inputs; t0 += size) {
    const tileEnd = Math.min(m.inputs, t0 + size);
    for (let r0 = t0; r0 < tileEnd; r0 += hw.rowsPerRead) {
      const rows = Math.min(hw.rowsPerRead, tileEnd - r0);
      const pairs: number[] = [];
      for (let pair = 0; pair < m.outputs * slices; pair++) {
        let sum = 0;
        for (let r = r0; r < r0 + rows; r++) sum += cellOf(r, pair);
        if (maxDigit * sum > top) pairs.push(pair);
      }
      if (pairs.length === 0) continue;
      const cells = new Float32Array(rows * pairs.length);
      pairs.forEach((pair, p) => {
        for (let r = 0; r < rows; r++) cells[r * pairs.length + p] = cellOf(r0 + r, pair);
      });
      const maxCell = cells.reduce((a, c) => (c > a ? c : a), 0);
      groups.push({
        r0,
        rows,
        cells,
        maxCell,
        outputOf: Int32Array.from(pairs, (pair) => Math.floor(pair / slices)),
        placeOf: Float64Array.from(pairs, (pair) => base ** (pair % slices)),
      });
    }
  }
  if (byHw === undefined) {
    byHw = new Map();
    riskyGroupsOf.set(m, byHw);
  }
  byHw.set(key, groups);
  return groups;
}

/**
 * A dense product A B of float32 matrices holding small integers (A: rows x
 * inner, B: inner x cols, row-major); every sum must come out exact. `B` is
 * the same array for every call on a layer, so an implementation may keep
 * it (tfjs: as a tensor).
 */
export type DenseProduct = (
  a: Float32Array,
  rows: number,
  inner: number,
  b: Float32Array,
  cols: number,
) => Float32Array;

/** A DenseProduct in plain JavaScript. */
export const jsDenseProduct: DenseProduct = (a, rows, inner, b, cols) =>
  multiplyInto(new Float32Array(rows * cols), a, rows, inner, b, cols);

export interface BatchOptions {
  /** The exact products, when the caller has them (computed faster elsewhere). */
  exact?: Numbers;
  /** How the partial sums of the reads that can clip are computed (default jsDenseProduct). */
  product?: DenseProduct;
}

/**
 * A batch of input vectors (signed activations, batch x inputs) through the
 * layer's crossbars, with the same values, conversions and clips as
 * fcValues (fc-layer.ts) gives vector by vector, computed faster: the exact
 * product first, then, for the partial sums that can exceed the ADC (none
 * on a lossless chip), the amount the ADC cut off. A clipped partial sum p
 * of DAC digit t and cell slice s loses (p - top) 2^(dac t + cell s) of the
 * offset-encoded sum, and so of the output (offset-encoding.ts: the offset
 * terms are digital and exact). The partial sums of a row group are one
 * product: the inputs' DAC digits (batch x digits rows) by the cells.
 */
export function fcBatchValues(
  hw: Hardware,
  m: IntMatrix,
  x: Numbers,
  batch: number,
  options: BatchOptions = {},
): BatchProducts {
  const exact = options.exact ?? exactProducts(m, x, batch);
  const conversions = batch * conversionsPerVector(hw, m);
  if (hw.precision.bitsLost === 0) return { sums: exact, exact, conversions, clipped: 0 };
  const groups = riskyGroups(hw, m);
  if (groups.length === 0) return { sums: exact, exact, conversions, clipped: 0 };
  const sums = Float64Array.from(exact);
  const product = options.product ?? jsDenseProduct;
  const dacBits = hw.config.dac.bits;
  const a = hw.config.precision.activationBits;
  const digits = digitCount(a, dacBits);
  const base = 2 ** dacBits;
  const top = adcTop(hw.config.adc.bits);
  const offset = offsetOf(a);
  let clipped = 0;
  for (const g of groups) {
    // DAC digit t of row r's drive, for example b: line b * digits + t of a (batch digits) x rows matrix
    const drive = new Float32Array(batch * digits * g.rows);
    const digitSums = new Float64Array(batch * digits);
    for (let b = 0; b < batch; b++) {
      for (let r = 0; r < g.rows; r++) {
        const driven = x[b * m.inputs + g.r0 + r]! + offset; // a non-negative a-bit integer
        for (let t = 0; t < digits; t++) {
          const digit = (driven >>> (dacBits * t)) & (base - 1);
          drive[(b * digits + t) * g.rows + r] = digit;
          digitSums[b * digits + t]! += digit;
        }
      }
    }
    // Only a read whose digits sum past top / (largest cell) can clip: the others are left out
    // (a ReLU output x drives x' = 128 + x, whose low digits are mostly 0).
    const lines: number[] = [];
    for (let line = 0; line < batch * digits; line++)
      if (digitSums[line]! * g.maxCell > top) lines.push(line);
    if (lines.length === 0) continue;
    const driven = new Float32Array(lines.length * g.rows);
    lines.forEach((line, k) =>
      driven.set(drive.subarray(line * g.rows, (line + 1) * g.rows), k * g.rows),
    );
    const pairs = g.outputOf.length;
    const raw = product(driven, lines.length, g.rows, g.cells, pairs);
    lines.forEach((line, k) => {
      const b = Math.floor(line / digits);
      const place = base ** (line % digits);
      for (let p = 0; p < pairs; p++) {
        const v = raw[k * pairs + p]!;
        if (v <= top) continue;
        clipped++;
        sums[b * m.outputs + g.outputOf[p]!]! -= (v - top) * g.placeOf[p]! * place;
      }
    });
  }
  return { sums, exact, conversions, clipped };
}
