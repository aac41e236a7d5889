import type { Cycles } from "../../sim/kernel/time";
import type { MvmStages } from "../crossbar/mvm-timing";
import type { OverlapSwitches } from "./overlap-switches";

/**
 * What the chip runs: the compiled form of a (model, hardware) pair. The
 * mapping (models/mapping) produces it; the chip (arch/chip) executes it for
 * every request. Everything here is hardware vocabulary: layers of
 * stationary weights, DP and FM engines, memory lookups, and the operations
 * of one inference with their dependencies and costs.
 */

/** Weights stationary on MVM crossbars: FC, EFC, DSI and the projections inside DP and FM. */
export interface MvmLayer {
  id: number;
  /** Where it comes from, e.g. "block3.efc", "block1.dp.out", "final". */
  name: string;
  inputs: number;
  outputs: number;
  weightBits: number;
  /** MVMs per inference: 1 for a dense layer, the embedding width for a layer applied along rows (EFC). */
  vectorsPerInference: number;
  crossbars: number;
  /** MVM engines it occupies (crossbars / crossbarsPerEngine, rounded up). */
  engines: number;
  /** Compute tile whose buffer holds its inputs and outputs (its first engine's tile). */
  tile: number;
  /** Last compute tile its engines reach. */
  lastTile: number;
  /** Read/convert stages of the largest crossbar tile (bit fidelity steps through them). */
  stages: MvmStages;
  /** Cycles of one MVM: the stages' closed form, the adder tree and the functional unit (buffer transfers excluded). */
  mvmCycles: Cycles;
  /** Dynamic energy of one MVM on all its crossbars, adder tree included. */
  mvmEnergyPj: number;
  /** Bits read from the buffer before, and written after, one MVM. */
  inputBits: number;
  outputBits: number;
}

/** A DP engine: X^T written row by row into crossbars, then each row of X streamed through. */
export interface DpEngine {
  id: number;
  name: string;
  /** Rows written: the embedding width e. */
  rows: number;
  /** Vectors in X: the projected dense vector plus k projected sparse rows. */
  vectors: number;
  crossbars: number;
  tile: number;
  lastTile: number;
  rowWriteCycles: Cycles;
  rowWriteEnergyPj: number;
  streamCycles: Cycles;
  streamEnergyPj: number;
}

/** An FM engine: a transposed-write crossbar plus an MBSA. */
export interface FmEngine {
  id: number;
  name: string;
  /** Sparse rows summed over (n). */
  rows: number;
  /** Embedding width e: columns written, sums squared. */
  dims: number;
  crossbars: number;
  tile: number;
  lastTile: number;
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

/** Where a sparse feature's embedding table lives. */
export interface TablePlacement {
  feature: number;
  memoryTile: number;
  /** Rows actually stored (tables larger than their share are hashed: id mod rows). */
  storedRows: number;
}

/**
 * One operation of an inference. `deps` are indices of earlier operations
 * of the same inference; `after` optionally adds an ordering edge that is not
 * a data dependence (the naive DP waits for the whole EFC output).
 */
export type Operation =
  | { kind: "lookup"; feature: number; deps: number[] }
  | { kind: "mvm"; layer: number; vector: number; deps: number[] }
  | { kind: "dpWrite"; engine: number; row: number; deps: number[] }
  | { kind: "dpStream"; engine: number; vector: number; deps: number[] }
  | { kind: "fmWrite"; engine: number; line: number; deps: number[] }
  | { kind: "fmOnes"; engine: number; deps: number[] }
  | { kind: "fmSquare"; engine: number; deps: number[] }
  | { kind: "fmSumSquares"; engine: number; dim: number; deps: number[] }
  | { kind: "bufferMove"; tile: number; bits: number; label: string; deps: number[] };

/**
 * The operations that wait for each operation, in one array (CSR): those of
 * operation i are `list[first[i]]` to `list[first[i + 1] - 1]`.
 */
export function dependentsOf(ops: readonly Operation[]): { first: Int32Array; list: Int32Array } {
  const first = new Int32Array(ops.length + 1);
  for (const o of ops) for (const d of o.deps) first[d + 1]!++;
  for (let i = 0; i < ops.length; i++) first[i + 1]! += first[i]!;
  const list = new Int32Array(first[ops.length]!);
  const filled = first.slice(0, ops.length);
  ops.forEach((o, i) => {
    for (const d of o.deps) list[filled[d]!++] = i;
  });
  return { first, list };
}

export interface Program {
  layers: MvmLayer[];
  dpEngines: DpEngine[];
  fmEngines: FmEngine[];
  tables: TablePlacement[];
  /** The operations of one inference, in a topological order; the last is the model's output. */
  operations: Operation[];
  computeTiles: number;
  memoryTiles: number;
  switches: OverlapSwitches;
  /** Per operator (block and part): crossbars, compute tiles and buffer bytes it needs. */
  operators: Array<{ name: string; crossbars: number; tiles: number; bufferBytes: number }>;
}
