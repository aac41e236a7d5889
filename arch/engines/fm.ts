import type { Cycles } from "../../sim/kernel/time";
import type { Hardware } from "../config/hardware";
import { mvmEnergyPj } from "../crossbar/mvm-energy";
import { mvmCycles, mvmStages } from "../crossbar/mvm-timing";
import { digitCount } from "../crossbar/offset-encoding";
import { total } from "../crossbar/unit-area";
import { programCycles, programEnergyPj } from "../crossbar/write-cost";
import { mbsaCycles, mbsaEnergyPj } from "../digital/mbsa";
import type { EngineUnit, OpCost } from "./engine-unit";

/**
 * The FM engine kind (paper section 3.2): a transposed-write crossbar
 * holding the sparse rows (one column per embedding element), read with a
 * ones vector for the column sums, which its MBSA squares (mbsa.ts), and
 * with each element's column for the sums of squares. Like the DP engine it
 * holds one request's activations at a time: a session. The naive mapping
 * uses a standard crossbar written row by row from the buffer.
 */
export interface FmEngine extends EngineUnit {
  /** Sparse rows summed over (n). */
  rows: number;
  /** Embedding width e: columns written, sums squared. */
  dims: number;
  /** Transposed write of one column (autorac) or one row (naive). */
  lineWriteCycles: Cycles;
  lineWriteEnergyPj: number;
  /** Lines written per inference: e columns (autorac) or n rows (naive). */
  linesPerInference: number;
  /** Bits read from the buffer before each line write: 0 when the EFC output goes straight in (transposed). */
  lineReadBits: number;
  onesReadCycles: Cycles;
  onesReadEnergyPj: number;
  mbsaCycles: Cycles;
  mbsaEnergyPj: number;
  sumOfSquaresCycles: Cycles;
  sumOfSquaresEnergyPj: number;
}

export interface FmWriteOperation {
  kind: "fmWrite";
  engine: number;
  line: number;
  deps: number[];
}

export interface FmOnesOperation {
  kind: "fmOnes";
  engine: number;
  deps: number[];
}

export interface FmSumSquaresOperation {
  kind: "fmSumSquares";
  engine: number;
  dim: number;
  deps: number[];
}

export type FmOperation = FmWriteOperation | FmOnesOperation | FmSumSquaresOperation;

/**
 * An FM engine for `rows` sparse rows of `dims` (= e) activations.
 * Transposed layout (autorac): value column d, written as ceil(a / cell bits)
 * physical columns, as soon as the EFC produces it. Standard layout (naive):
 * one row per sparse row, once the whole EFC output is in the buffer.
 */
export function fmEngine(
  hw: Hardware,
  id: number,
  name: string,
  rows: number,
  dims: number,
  layout: "transposed" | "standard",
): FmEngine {
  const a = hw.config.precision.activationBits;
  const { size, cellBits } = hw.config.crossbar;
  const slices = digitCount(a, cellBits);
  const rowTiles = Math.ceil(rows / size);
  const columnTiles = Math.ceil((dims * slices) / size);
  const rowsPerTile = Math.min(rows, size);
  const accumulatorBits = a + Math.ceil(Math.log2(rows + 1));
  const onesStages = mvmStages(hw, {
    rows: rowsPerTile,
    physicalColumns: Math.min(dims * slices, size),
    inputBits: 1,
  });
  const squaresWork = { rows: rowsPerTile, physicalColumns: slices, inputBits: a };
  const transposed = layout === "transposed";
  const sumBits = a + Math.ceil(Math.log2(rows + 1));
  const mbsa = { lanes: dims, aBits: sumBits, bBits: sumBits };
  const perTile = (parts: Record<string, number>) => total(parts) * rowTiles;
  const mergeCycles = Math.ceil(Math.log2(rowTiles)) * hw.cycles.digitalStep;
  return {
    id,
    name,
    rows,
    dims,
    crossbars: rowTiles * columnTiles,
    copies: 1,
    tile: -1,
    lastTile: -1,
    lineWriteCycles: programCycles(hw, transposed ? slices : 1),
    lineWriteEnergyPj: programEnergyPj(transposed ? rows * slices : dims * slices),
    linesPerInference: transposed ? dims : rows,
    // the standard layout reads each sparse row back from the buffer ("idle buffers")
    lineReadBits: transposed ? 0 : dims * a,
    onesReadCycles: mvmCycles(onesStages) + mergeCycles,
    onesReadEnergyPj: perTile(
      mvmEnergyPj(
        hw,
        { rows: rowsPerTile, physicalColumns: dims * slices, inputBits: 1 },
        accumulatorBits,
      ),
    ),
    mbsaCycles: mbsaCycles(hw, sumBits),
    mbsaEnergyPj: mbsaEnergyPj(hw, mbsa),
    sumOfSquaresCycles: mvmCycles(mvmStages(hw, squaresWork)) + mergeCycles,
    sumOfSquaresEnergyPj: perTile(
      mvmEnergyPj(hw, squaresWork, 2 * a + Math.ceil(Math.log2(rows + 1))),
    ),
  };
}

/** The FM array's three steps: a line write, the ones read (column sums), a sum of squares. */
export function fmCost(f: FmEngine, o: FmOperation, labels: boolean): OpCost {
  const step = {
    fmWrite: {
      readBits: f.lineReadBits,
      computeCycles: f.lineWriteCycles,
      energyPj: f.lineWriteEnergyPj,
      label: () => `write ${(o as FmWriteOperation).line}`,
    },
    fmOnes: {
      readBits: 0,
      computeCycles: f.onesReadCycles,
      energyPj: f.onesReadEnergyPj,
      label: () => "ones read",
    },
    fmSumSquares: {
      readBits: 0,
      computeCycles: f.sumOfSquaresCycles,
      energyPj: f.sumOfSquaresEnergyPj,
      label: () => `sum of squares ${(o as FmSumSquaresOperation).dim}`,
    },
  }[o.kind];
  return {
    unit: { kind: "fm", index: f.id },
    tile: f.tile,
    readBits: step.readBits,
    computeCycles: step.computeCycles,
    writeBits: 0,
    energyPj: step.energyPj,
    endsSession: false,
    // the ones read carries its label on every run, a timeline or not
    label: labels || o.kind === "fmOnes" ? step.label() : "",
  };
}
