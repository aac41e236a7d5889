import { InputError } from "../../sim/kernel/input-error";
import { tech, type BufferFigures } from "../tech/tables";
import { mapperWeightBits, type MnsimFcConfig, type MnsimFcLayer } from "./fc-config";
import { conversionNs, mnsimTables, type MnsimConverter } from "./mnsim-tables";
import { mergeHops } from "./placement";

const { chip } = mnsimTables;

/**
 * MNSIM 2.0's organisation (commit ca39ccb, SimConfig.ini defaults): a PE is
 * Group_Num crossbar groups of Xbar_Polarity crossbars (positive and
 * negative weights), a tile holds PE_Num PEs; buffers move one bus word per
 * 20 ns; the digital parts run on a 500 MHz clock.
 */
export const mnsim = {
  polarity: chip.xbarPolarity, // SimConfig.ini Xbar_Polarity
  groups: chip.groupsPerPe, // SimConfig.ini Group_Num
  pesPerTile: chip.pesPerTile, // SimConfig.ini PE_Num
  gridTiles: chip.tileGridSide ** 2, // SimConfig.ini Tile_Num
  jointModuleBits: chip.jointModuleBits, // JointModule.py default width
  bufferCycleNs: tech.buffers.mnsimCycleNs, // Buffer.py: buf_cycle = 20 (its sram_cycle table is unused)
  digitalPeriodNs: 1000 / tech.digital.mnsimDigitalClockMhz, // PE_latency.py: 1e3 / Digital_Frequency
  intraTileGbps: tech.digital.mnsimIntraTileBandwidthGbps, // SimConfig.ini Intra_Tile_Bandwidth
  interTileGbps: tech.digital.mnsimInterTileBandwidthGbps, // SimConfig.ini Inter_Tile_Bandwidth
};

/** A converter of MNSIM's tables with its conversion latency. */
export interface MnsimConverterUse extends MnsimConverter {
  choice: number;
  latencyNs: number;
}

/** How MNSIM maps one FC layer, with the converters and buffers it picks. */
export interface MnsimFcMapping {
  size: number;
  /** Weightbit given to MNSIM's mapper (mapperWeightBits). */
  mapperWeightBits: number;
  /** Crossbar groups per weight: Weightbit - 1 with polarity 2 (one group per magnitude bit). */
  weightGroups: number;
  pes: number;
  tiles: number;
  /** PEs used in a tile, max_PE. */
  pesUsed: number;
  /** Rows and columns used in one crossbar, max_row and max_column. */
  rows: number;
  columns: number;
  /** DAC_Num and ADC_Num per crossbar group. */
  dacs: number;
  adcs: number;
  /** input_demux and output_mux: rows per DAC, columns per ADC. */
  rowsPerDac: number;
  colsPerAdc: number;
  /** DACs and ADCs a read keeps busy: ceil(rows / rowsPerDac), ceil(columns / colsPerAdc). */
  activeDacs: number;
  activeAdcs: number;
  /** Turns of the DACs over the used rows and of the ADCs over the used columns. */
  rowTurns: number;
  columnTurns: number;
  /** Serial (DAC, crossbar, ADC) steps of one MVM, multiple_time. */
  steps: number;
  adc: MnsimConverterUse;
  dac: MnsimConverterUse;
  /** Buffer_Bitwidth. */
  busBits: number;
  inputBuffer: BufferFigures;
  outputBuffer: BufferFigures;
  /** Inter-tile hops of the merge (the layer's inLayer_distance). */
  mergeHops: number;
  /** True when the layer's tiles run past MNSIM's 64 x 64 tile grid (MNSIM refuses such a net). */
  overflowsGrid: boolean;
}

function converter(
  table: Record<string, MnsimConverter>,
  choice: number,
  kind: string,
): MnsimConverterUse {
  const entry = table[String(choice)];
  if (entry === undefined) throw new InputError(`MNSIM has no ${kind}_Choice ${choice}`);
  return { ...entry, choice, latencyNs: conversionNs(entry) };
}

/** Tile_connection_graph.py (fc) and PE.py / PE_latency.py for one FC layer. */
export function mapMnsimFc(config: MnsimFcConfig, layer: MnsimFcLayer): MnsimFcMapping {
  const size = config.crossbarSize; // Xbar_Size = Subarray_Size (one subarray)
  const { inputs, outputs, inputBits, outputBits } = layer;
  const dacs = config.dacsPerCrossbar;
  const adcs = config.adcsPerCrossbar;
  const given = mapperWeightBits(layer.weightBits, config.cellBits);
  // Tile_connection_graph.py: weight_precision = Weightbit - 1 (MNSIM divides by
  // zero on a 1-bit weight; we keep one group, the sign alone)
  const weightGroups = Math.max(1, given - 1);
  // PEs = ceil(wp / G) ceil(out / columns) ceil(in / rows)
  const pes =
    Math.ceil(weightGroups / mnsim.groups) * Math.ceil(outputs / size) * Math.ceil(inputs / size);
  const tiles = Math.ceil(pes / mnsim.pesPerTile);
  const rows = Math.min(inputs, size);
  const columns = Math.min(outputs, size);
  const rowsPerDac = Math.ceil(size / dacs); // PE.py: input_demux = ceil(Subarray_Size / DAC_Num)
  const colsPerAdc = Math.ceil(size / adcs); // PE.py: output_mux = ceil(xbar_column / ADC_Num)
  const dac = converter(mnsimTables.interfaces.dacChoices, config.dacChoice, "DAC");
  const rowTurns = Math.ceil(rows / dacs); // ceil(read_row / DAC_Num)
  const columnTurns = Math.ceil(columns / adcs); // ceil(read_column / ADC_Num)
  const bus = config.busBits;
  return {
    size,
    mapperWeightBits: given,
    weightGroups,
    pes,
    tiles,
    pesUsed: Math.min(pes, mnsim.pesPerTile),
    rows,
    columns,
    dacs,
    adcs,
    rowsPerDac,
    colsPerAdc,
    activeDacs: Math.ceil(rows / rowsPerDac),
    activeAdcs: Math.ceil(columns / colsPerAdc),
    rowTurns,
    columnTurns,
    // PE_latency.py: multiple_time = ceil(Inputbit / DAC bits) ceil(read_row / DAC_Num) ceil(read_column / ADC_Num)
    steps: Math.ceil(inputBits / dac.bits) * rowTurns * columnTurns,
    adc: converter(mnsimTables.interfaces.adcChoices, config.adcChoice, "ADC"),
    dac,
    busBits: bus,
    // Tile_connection_graph.py: PE input buffer = 2^ceil(log2(input bytes / PEs)) bytes
    inputBuffer: mnsimBuffer((inputs * inputBits) / 8 / pes, bus),
    // Tile_connection_graph.py: tile output buffer = 2^ceil(log2(2 output bytes / tiles)) bytes (ping-pong)
    outputBuffer: mnsimBuffer((2 * outputs * outputBits) / 8 / tiles, bus),
    mergeHops: mergeHops(config.precedingTiles, tiles),
    overflowsGrid: config.precedingTiles + tiles > mnsim.gridTiles,
  };
}

/**
 * The CACTI entry Buffer.py picks for a buffer of `bytes` (rounded up to a
 * power of two): sizes round up to the next table size (2 KiB at least,
 * 512 KiB past 256 KiB), bus widths to the next of 64, 128, 256 (512 past).
 */
export function mnsimBuffer(bytes: number, busBits: number): BufferFigures {
  const kib = 2 ** Math.ceil(Math.log2(bytes)) / 1024;
  const sizeKiB = [2, 4, 8, 16, 32, 64, 128, 256].find((s) => kib <= s) ?? 512;
  const busClass = [64, 128, 256].find((b) => busBits <= b) ?? 512;
  const entry = tech.buffers.entries.find((e) => e.sizeKiB === sizeKiB && e.busBits === busClass);
  if (entry === undefined) {
    throw new InputError(
      `MNSIM has no ${sizeKiB} KiB buffer with a ${busClass}-bit bus (Buffer.py asserts on -1)`,
    );
  }
  return entry;
}

/** Transistors of an n-way (de)multiplexer: PE.py charges n <= 2 as a 2:1 (8), n > 32 as a 64:1. */
export function muxTransistors(ways: number): number {
  const bucket = [2, 4, 8, 16, 32].find((w) => ways <= w) ?? 64;
  return tech.digital.mux.transistorsByWays[String(bucket)]!;
}

/** Stages of MNSIM's decoder / mux delay: 1 + the base-8 digits of `ways` (PE_latency.py). */
export function muxStages(ways: number): number {
  let stages = 1;
  for (let rest = ways; rest > 0; rest = Math.floor(rest / 8)) stages++;
  return stages;
}

/** Joint modules of an H-tree over `pes` PEs, per ADC (Tile.py calculate_intra_PE_connection). */
export function hTreeNodes(pes: number): number {
  let nodes = 0;
  for (let level = pes; level / 2 >= 1; level = Math.floor(level / 2))
    nodes += Math.floor(level / 2) + (level % 2);
  return nodes;
}
