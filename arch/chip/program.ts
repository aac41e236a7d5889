import type { DpEngine, DpStreamOperation, DpWriteOperation } from "../engines/dp";
import type { FmEngine, FmOperation } from "../engines/fm";
import type { FmSquareOperation } from "../engines/mbsa";
import type { BufferMoveOperation, LookupOperation } from "../engines/memory";
import type { MvmLayer, MvmOperation } from "../engines/mvm";
import type { BuiltChip } from "../cost/chip-cost";
import { invert, type Csr } from "./csr";
import type { OverlapSwitches } from "./overlap-switches";

/**
 * What the chip runs: the compiled form of a (model, hardware) pair. The
 * mapping (models/mapping) produces it; the chip (arch/chip) executes it for
 * every request. Everything here is hardware vocabulary: layers of
 * stationary weights, DP and FM engines, memory lookups, and the operations
 * of one inference with their dependencies and costs.
 */

/** Where a sparse feature's embedding table lives. */
export interface TablePlacement {
  feature: number;
  memoryTile: number;
  /** Rows actually stored (tables larger than their share are hashed: id mod rows). */
  storedRows: number;
}

/** One operation of an inference: its kind names the engine kind that runs it (arch/engines). */
export type Operation =
  | MvmOperation
  | DpWriteOperation
  | DpStreamOperation
  | FmOperation
  | FmSquareOperation
  | LookupOperation
  | BufferMoveOperation;

/**
 * The operations that wait for each operation, in one array (CSR): those of
 * operation i are `list[first[i]]` to `list[first[i + 1] - 1]`, ascending.
 */
export function dependentsOf(ops: readonly Operation[]): Csr {
  const deps = ops.map((o) => o.deps);
  return invert(ops.length, deps);
}

export type { DpEngine, FmEngine, MvmLayer };

export interface Program {
  layers: MvmLayer[];
  dpEngines: DpEngine[];
  fmEngines: FmEngine[];
  tables: TablePlacement[];
  /** The operations of one inference, in a topological order; the last is the model's output. */
  operations: Operation[];
  computeTiles: number;
  /**
   * The compute tiles and engines the chip is built with: those the mapping
   * uses when the config sizes the chip to the model (computeTiles null),
   * else the config's whole chip.
   */
  built: BuiltChip;
  memoryTiles: number;
  switches: OverlapSwitches;
  /** Per operator (block and part): crossbars (copies included), the most copies of a unit, compute tiles and buffer bytes. */
  operators: Array<{
    name: string;
    crossbars: number;
    copies: number;
    tiles: number;
    bufferBytes: number;
  }>;
}
