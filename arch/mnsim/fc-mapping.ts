import type { HwConfig } from "../config/hw-config";
import type { FcShape } from "../layers/fc-cost";
import { tech, type BufferFigures, type ConverterFigures } from "../tech/tables";

/**
 * MNSIM 2.0's organisation (commit ca39ccb, SimConfig.ini defaults), fixed
 * in the mnsim organisation: a PE is Group_Num crossbar groups of
 * Xbar_Polarity crossbars (positive and negative weights), a tile holds
 * PE_Num = 2 x 2 PEs.
 */
export const mnsim = {
  polarity: 2, // SimConfig.ini Xbar_Polarity = 2 (PE.py: PE_multiplex_xbar_num = [1, 2])
  groups: 1, // SimConfig.ini Group_Num = 1
  pesPerTile: 4, // SimConfig.ini PE_Num = 2,2
  bufferCycleNs: tech.buffers.mnsimCycleNs, // Buffer.py: buf_cycle = 20 (its sram_cycle table is unused)
  // PE_latency.py: digital_period = 1e3 / Digital_Frequency
  digitalPeriodNs: 1000 / tech.digital.mnsimDigitalClockMhz,
  intraTileGbps: tech.digital.mnsimIntraTileBandwidthGbps, // SimConfig.ini Intra_Tile_Bandwidth
  interTileGbps: tech.digital.mnsimInterTileBandwidthGbps, // SimConfig.ini Inter_Tile_Bandwidth
  // Tile_connection_graph.py: mapping_net never places a one-layer net, so inLayer_distance = 0
  mergeHops: 0,
};

/** How MNSIM maps one FC layer, with the converters and buffers it picks. */
export interface MnsimFcMapping {
  size: number;
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
  /** Serial (DAC, crossbar, ADC) steps of one MVM, multiple_time. */
  steps: number;
  adcBits: number;
  adc: ConverterFigures;
  dac: ConverterFigures;
  /** Buffer_Bitwidth. */
  busBits: number;
  inputBuffer: BufferFigures;
  outputBuffer: BufferFigures;
}

export function mapMnsimFc(config: HwConfig, shape: FcShape): MnsimFcMapping {
  const size = config.crossbar.size; // Xbar_Size
  const { inputs, outputs, weightBits, activationBits } = shape;
  const dacs = size; // DAC_Num: one DAC per row (docs/mnsim-organisation.md)
  const adcs = size / config.adc.colsPerAdc; // ADC_Num
  // Tile_connection_graph.py (fc): weight_precision = Weightbit - 1;
  // PEs = ceil(wp / G) ceil(out / cols) ceil(in / rows)
  const weightGroups = weightBits - 1;
  const pes =
    Math.ceil(weightGroups / mnsim.groups) * Math.ceil(outputs / size) * Math.ceil(inputs / size);
  const tiles = Math.ceil(pes / mnsim.pesPerTile);
  const rows = Math.min(inputs, size);
  const columns = Math.min(outputs, size);
  const rowsPerDac = Math.ceil(size / dacs); // PE.py: input_demux = ceil(xbar_row / DAC_Num)
  const colsPerAdc = Math.ceil(size / adcs); // PE.py: output_mux = ceil(xbar_column / ADC_Num)
  // PE_latency.py: multiple_time =
  //   ceil(inprecision / DAC bits) ceil(read_row / DAC_Num) ceil(read_column / ADC_Num)
  const steps =
    Math.ceil(activationBits / config.dac.bits) *
    Math.ceil(rows / dacs) *
    Math.ceil(columns / adcs);
  const adc = tech.converters.adc.byBits[String(config.adc.bits)];
  const dac = tech.converters.dac.byBits[String(config.dac.bits)];
  if (adc === undefined || dac === undefined)
    throw new RangeError("mapMnsimFc: no such ADC or DAC in the tables");
  const bus = config.buffer.busBits; // Buffer_Bitwidth
  return {
    size,
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
    steps,
    adcBits: config.adc.bits,
    adc: { ...adc, areaUm2: adc.mnsimAreaUm2 ?? adc.areaUm2 }, // ADC.py ADC_Choice 6 lists 1650 um^2
    dac,
    busBits: bus,
    // Tile_connection_graph.py: PE input buffer = 2^ceil(log2(input bytes / PEs)) bytes
    inputBuffer: mnsimBuffer((inputs * activationBits) / 8 / pes, bus),
    // Tile_connection_graph.py: tile output buffer = 2^ceil(log2(2 output bytes / tiles)) bytes (ping-pong)
    outputBuffer: mnsimBuffer((2 * outputs * activationBits) / 8 / tiles, bus),
  };
}

/**
 * The CACTI entry Buffer.py picks for a buffer of `bytes` (rounded up to a
 * power of two): sizes round up to the next table size (2 KiB at least,
 * 512 KiB past 256 KiB); the bus must be one the table holds.
 */
export function mnsimBuffer(bytes: number, busBits: number): BufferFigures {
  const kib = 2 ** Math.ceil(Math.log2(bytes)) / 1024;
  const sizeKiB = [2, 4, 8, 16, 32, 64, 128, 256].find((s) => kib <= s) ?? 512;
  const entry = tech.buffers.entries.find((e) => e.sizeKiB === sizeKiB && e.busBits === busBits);
  if (entry === undefined) {
    throw new RangeError(
      `MNSIM has no ${sizeKiB} KiB buffer with a ${busBits}-bit bus (Buffer.py asserts on -1)`,
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
