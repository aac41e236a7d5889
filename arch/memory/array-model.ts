import type { Hardware } from "../config/hardware";
import { digitCount } from "../crossbar/offset-encoding";
import { muxStages } from "../mnsim/fc-mapping";
import { tech } from "../tech/tables";
import { memoryArrayTable } from "./memory-array-table";

/**
 * The array model of a memory tile: a ReRAM array read one row at a time as
 * a read-only memory, priced part by part as MNSIM 2.0 prices a digitally
 * read array (PIM_Type = 1). Sources are in memory-array.json and
 * arch/tech; docs/memory.md derives every figure.
 *
 * A read passes, in series: the row decoder (a 1:rows demultiplexer that
 * routes the driver to one word line), the word-line driver (MNSIM's 1-bit
 * DAC in digital-PIM mode), the cells of the row, the bit-line sense
 * amplifiers, and the column multiplexer that picks the embedding row out
 * of the several sharing a word line. Energy of a part is its power times
 * its delay (MNSIM's rule); the read's latency is the sum of the delays.
 */

/** The array's parts, in the order a read passes them. */
export const ARRAY_PARTS = [
  "rowDecoder",
  "wordLineDriver",
  "cells",
  "senseAmps",
  "columnMux",
] as const;
export type ArrayPart = (typeof ARRAY_PARTS)[number];
/** A lookup's parts: the array's, then the link from the memory tile to a compute tile. */
export type LookupPart = ArrayPart | "transfer";

/** How one embedding row is laid out in the memory tiles' subarrays. */
export interface RowLayout {
  /** Bits one lookup returns: e x activation bits. */
  bitsPerRow: number;
  /** Cells of one embedding row: ceil(bits / cell bits). */
  cellsPerRow: number;
  /** Word lines of a subarray (memory-array.json, MNSIM's default array). */
  subarrayRows: number;
  /** Bit lines of a subarray. */
  subarrayColumns: number;
  /** Subarrays side by side that one read opens together: ceil(cells per row / columns). */
  subarraysPerRead: number;
  /** Embedding rows sharing a word line, one picked by the column multiplexer (its ways). */
  rowsPerWordLine: number;
  /** Sense amplifiers per sensed column: 2^cellBits - 1, a flash reading of the cell's levels. */
  senseAmpsPerColumn: number;
  /** Embedding rows a group of `subarraysPerRead` subarrays holds: word lines x rows per word line. */
  rowsPerGroup: number;
}

/** The layout of a row of e activations on the config's cells. */
export function rowLayout(hw: Hardware, embeddingDim: number): RowLayout {
  const { rows, columns } = memoryArrayTable.subarray;
  const bitsPerRow = embeddingDim * hw.config.precision.activationBits;
  const cellsPerRow = digitCount(bitsPerRow, hw.config.memory.cellBits);
  const subarraysPerRead = Math.ceil(cellsPerRow / columns);
  const rowsPerWordLine = subarraysPerRead > 1 ? 1 : Math.floor(columns / cellsPerRow);
  return {
    bitsPerRow,
    cellsPerRow,
    subarrayRows: rows,
    subarrayColumns: columns,
    subarraysPerRead,
    rowsPerWordLine,
    senseAmpsPerColumn: 2 ** hw.config.memory.cellBits - 1,
    rowsPerGroup: rows * rowsPerWordLine,
  };
}

/**
 * Transistors of an n-way decoder or multiplexer, by MNSIM's counts
 * (PE.py; arch/tech/digital.json): n rounds up to a power of two (2 at
 * least); past 64 ways each doubling triples the count, MNSIM's own
 * recursion, where MNSIM's table stops. One way needs none.
 */
export function decoderTransistors(ways: number): number {
  if (ways <= 1) return 0;
  const byWays = tech.digital.mux.transistorsByWays;
  const doublings = Math.max(1, Math.ceil(Math.log2(ways) - 1e-9));
  if (doublings <= 6) return byWays[String(2 ** doublings)]!;
  const growth = memoryArrayTable.rowDecoder.transistorGrowthPerDoubling;
  return byWays["64"]! * growth ** (doublings - 6);
}

/** Word-line driver area per row: MNSIM's 65 nm figure scaled by (Transistor_Tech / 65)^2. */
export function wordLineDriverAreaUm2(): number {
  const d = memoryArrayTable.wordLineDriver;
  return d.areaUm2AtReferenceNode * (d.transistorTechnologyNm / d.referenceNodeNm) ** 2;
}

/** The 1-bit DAC MNSIM's digital PIM drives its rows with. */
function rowDriver() {
  const dac = tech.converters.dac.byBits["1"];
  if (dac === undefined) throw new Error("arch/tech/converters.json lacks the 1-bit DAC");
  return dac;
}

/** Delay of each part of one read, ns; the read's latency is their sum. */
export function readLatencyNs(layout: RowLayout): Record<ArrayPart, number> {
  const { mux } = tech.digital;
  return {
    rowDecoder: muxStages(layout.subarrayRows) * mux.decoderStageNs,
    wordLineDriver: rowDriver().latencyNs,
    // MNSIM's wire term (1.3e-5 ns for a 256 x 256 array, Crossbar.py) is left out
    cells: tech.reram.device.readLatencyNs,
    senseAmps: tech.converters.senseAmp.latencyNs,
    columnMux: layout.rowsPerWordLine > 1 ? muxStages(layout.rowsPerWordLine) * mux.muxStageNs : 0,
  };
}

/** Energy of each part of one read of one embedding row, pJ (power in mW x delay in ns). */
export function readEnergyPj(layout: RowLayout): Record<ArrayPart, number> {
  const ns = readLatencyNs(layout);
  const transistorMw = tech.digital.mux.transistorPowerMw;
  const cellMw = tech.reram.readPowerPerCellW * 1e3;
  const senseColumns = layout.cellsPerRow;
  return {
    rowDecoder:
      layout.subarraysPerRead *
      decoderTransistors(layout.subarrayRows) *
      transistorMw *
      ns.rowDecoder,
    wordLineDriver: layout.subarraysPerRead * rowDriver().powerMw * ns.wordLineDriver,
    // MNSIM charges only the cells on the selected row and columns (PE.py: read power / demux / mux)
    cells: layout.cellsPerRow * cellMw * ns.cells,
    senseAmps:
      senseColumns * layout.senseAmpsPerColumn * tech.converters.senseAmp.powerMw * ns.senseAmps,
    columnMux:
      senseColumns * decoderTransistors(layout.rowsPerWordLine) * transistorMw * ns.columnMux,
  };
}

/** Area of each part of one group of `subarraysPerRead` subarrays, um^2. */
export function groupAreaUm2(layout: RowLayout): Record<ArrayPart, number> {
  const transistorUm2 = tech.digital.mux.transistorAreaUm2;
  const subarrays = layout.subarraysPerRead;
  const senseColumns = layout.cellsPerRow;
  return {
    rowDecoder: subarrays * decoderTransistors(layout.subarrayRows) * transistorUm2,
    wordLineDriver:
      subarrays * (layout.subarrayRows * wordLineDriverAreaUm2() + rowDriver().areaUm2),
    cells: subarrays * layout.subarrayRows * layout.subarrayColumns * tech.reram.device.cellAreaUm2,
    senseAmps: senseColumns * layout.senseAmpsPerColumn * tech.converters.senseAmp.areaUm2,
    columnMux: senseColumns * decoderTransistors(layout.rowsPerWordLine) * transistorUm2,
  };
}

/**
 * Energy to carry one bit from the memory tile to a compute tile, pJ: the
 * wire of one network hop charged as booksim charges a flit's bit,
 * 0.5 x (2 Cw_cpl + 2 Cw_gnd) x length x Vdd^2, repeaters left out.
 */
export function transferEnergyPjPerBit(): number {
  const t = memoryArrayTable.transfer;
  const wireFPerMm = 2 * t.wireCouplingCapacitanceFPerMm + 2 * t.wireGroundCapacitanceFPerMm;
  return 0.5 * wireFPerMm * t.distanceMm * t.supplyV ** 2 * 1e12;
}

/** The sum of a breakdown's parts. */
export function total(parts: Readonly<Record<string, number>>): number {
  return Object.values(parts).reduce((s, v) => s + v, 0);
}
