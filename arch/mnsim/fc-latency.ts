import type { FcShape } from "../layers/fc-cost";
import { tech } from "../tech/tables";
import { mnsim, muxStages, type MnsimFcMapping } from "./fc-mapping";

/** MNSIM's crossbar read: Read_Latency + a wire term in the array size S in KB (Crossbar.py). */
export function mnsimCrossbarReadNs(size: number): number {
  const kb = (size * size) / 8192;
  return tech.reram.device.readLatencyNs + 0.001 * (0.0002 * kb ** 2 + 5e-6 * kb + 4e-14);
}

/** Buffer.py: ceil(bits / Buffer_Bitwidth) accesses of buf_cycle = 20 ns each. */
function bufferNs(bits: number, busBits: number): number {
  return Math.ceil(bits / busBits) * mnsim.bufferCycleNs;
}

/**
 * Latency of one FC layer for one input vector, by part, in ns, as MNSIM
 * composes it: PE (input buffer, compute, digital), tile (joint modules,
 * H-tree transfer, output buffer write) and layer (output buffer read for
 * the merge). Every part runs after the previous one; all PEs of the layer
 * work in parallel, so the layer's size enters only through the PEs per tile.
 */
export function mnsimFcLatencyNs(m: MnsimFcMapping, shape: FcShape): Record<string, number> {
  const a = shape.activationBits;
  const clockNs = mnsim.digitalPeriodNs;
  const converted = Math.ceil(m.columns / m.adcs); // ceil(read_column / ADC_Num)
  const merges = Math.ceil(Math.log2(m.pesUsed)); // Tile_latency.py: merge_time = ceil(log2(PE_num))
  const levels = Math.ceil(Math.log2(mnsim.pesPerTile)); // Tile_latency.py: total_level
  return {
    // Model_latency.py (fc): indata = max_row * inputbit / 8 bytes
    inputBufferWrite: bufferNs(m.rows * a, m.busBits),
    inputBufferRead: bufferNs(m.rows * a, m.busBits), // rdata = indata
    dac: m.steps * m.dac.latencyNs, // PE_latency.py: multiple_time * DAC latency, (bits + 2) / 1 GS/s
    crossbar: m.steps * mnsimCrossbarReadNs(m.size), // multiple_time * xbar_read_latency
    adc: m.steps * m.adc.latencyNs, // multiple_time * ADC latency, (bits + 2) / rate
    // iReg_latency: written once per row and column group, read once per step
    inputRegister: (Math.ceil(m.rows / m.dacs) * converted + m.steps) * clockNs,
    shiftRegister: m.steps * clockNs, // shiftreg_latency
    inputDemux: m.steps * muxStages(m.rowsPerDac) * tech.digital.mux.decoderStageNs, // input_demux_latency
    outputMux: m.steps * muxStages(m.colsPerAdc) * tech.digital.mux.muxStageNs, // output_mux_latency
    outputRegister: converted * clockNs, // oReg_latency (the in-PE adder is ceil(log2 Group_Num) = 0 cycles)
    jointModule: merges * clockNs, // Tile_latency.py: jointmodule_latency
    // Tile_latency.py: transfer_latency =
    //   (L (ADC bits + merges) - merges (merges + 1) / 2) * read_column / Intra_Tile_Bandwidth
    intraTileTransfer:
      ((levels * (m.adcBits + merges) - (merges * (merges + 1)) / 2) * m.columns) /
      mnsim.intraTileGbps,
    // Tile_latency.py: the tile output buffer takes (ADC bits + merges) bits per column per PE
    outputBufferWrite: bufferNs((m.adcBits + merges) * m.columns * m.pesUsed, m.busBits),
    // Model_latency.py (fc): merge = outbuf read of max_column * outputbit * max_PE bits, then the hops
    outputBufferRead: bufferNs(m.columns * a * m.pesUsed, m.busBits),
    interTileMerge: mnsim.mergeHops * (clockNs + (m.columns * m.pesUsed * a) / mnsim.interTileGbps),
  };
}
