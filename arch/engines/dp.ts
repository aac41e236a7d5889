import type { Cycles } from "../../sim/kernel/time";
import type { Hardware } from "../config/hardware";
import { total } from "../crossbar/unit-area";
import { programCycles, programEnergyPj } from "../crossbar/write-cost";
import { mvmLayerCost } from "../layers/fc-layer";
import { mapFc } from "../layers/fc-mapping";
import { FUNCTIONAL_UNIT_CYCLES, type EngineUnit, type OpCost } from "./engine-unit";

/**
 * The DP engine kind (paper section 3.2): X^T is written row by row into
 * crossbars of e rows and (k + 1) value columns as the rows are produced,
 * then each row of X is streamed through them, giving a row of X X^T. Its
 * crossbars hold one request's activations from the first write to the
 * last stream: a session.
 */
export interface DpEngine extends EngineUnit {
  /** Rows written: the embedding width e. */
  rows: number;
  /** Vectors in X: the projected dense vector plus k projected sparse rows. */
  vectors: number;
  rowWriteCycles: Cycles;
  rowWriteEnergyPj: number;
  streamCycles: Cycles;
  streamEnergyPj: number;
  /** The MVM layers whose outputs are X's rows (its row projection, or the EFCs it reads); none for raw embeddings. */
  rowsFrom: number[];
}

/** Writing row `row` of X^T (embedding position `row` of every vector). */
export interface DpWriteOperation {
  kind: "dpWrite";
  engine: number;
  row: number;
  deps: number[];
}

/** Streaming vector `vector` of X through X^T: the strict lower triangle's row `vector`. */
export interface DpStreamOperation {
  kind: "dpStream";
  engine: number;
  vector: number;
  deps: number[];
}

/** A DP engine for X of `vectors` rows of `rows` (= e) activations. */
export function dpEngine(
  hw: Hardware,
  id: number,
  name: string,
  rows: number,
  vectors: number,
): DpEngine {
  const a = hw.config.precision.activationBits;
  const { size, cellBits } = hw.config.crossbar;
  const mapping = mapFc(rows, vectors, a, { size, cellBits });
  const stream = mvmLayerCost(hw, {
    inputs: rows,
    outputs: vectors,
    weightBits: a,
    activationBits: a,
  });
  return {
    id,
    name,
    rows,
    vectors,
    crossbars: mapping.crossbars,
    copies: 1,
    tile: -1,
    lastTile: -1,
    // a row of X^T spans the column tiles, written in parallel
    rowWriteCycles: programCycles(hw, 1),
    rowWriteEnergyPj: programEnergyPj(vectors * mapping.slices),
    streamCycles: stream.mvmCycles + stream.adderTreeCycles + FUNCTIONAL_UNIT_CYCLES,
    streamEnergyPj: total(stream.energyPj),
    rowsFrom: [],
  };
}

/**
 * A row write reads the row's k + 1 activations from the buffer and
 * programs them, into every copy of X^T at once (each copy's own write
 * drivers: the same time, each copy's energy).
 */
export function dpWriteCost(
  d: DpEngine,
  o: DpWriteOperation,
  hw: Hardware,
  labels: boolean,
): OpCost {
  return {
    unit: { kind: "dp", index: d.id },
    tile: d.tile,
    readBits: d.vectors * hw.config.precision.activationBits,
    computeCycles: d.rowWriteCycles,
    writeBits: 0,
    energyPj: d.rowWriteEnergyPj * d.copies,
    gang: true,
    endsSession: false,
    label: labels ? `write row ${o.row}` : "",
  };
}

/** Streaming row i of X gives row i of X X^T below the diagonal: i values written back. */
export function dpStreamCost(
  d: DpEngine,
  o: DpStreamOperation,
  hw: Hardware,
  labels: boolean,
): OpCost {
  const a = hw.config.precision.activationBits;
  return {
    unit: { kind: "dp", index: d.id },
    tile: d.tile,
    readBits: d.rows * a,
    computeCycles: d.streamCycles,
    writeBits: o.vector * a,
    energyPj: d.streamEnergyPj,
    endsSession: false,
    label: labels ? `stream ${o.vector}` : "",
  };
}
