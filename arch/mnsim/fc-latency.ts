import { tech } from "../tech/tables";
import type { MnsimFcLayer } from "./fc-config";
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
 * composes it (Model_latency.py, fc branch): the PE (input buffer, compute,
 * digital; PE_latency.py), the tile (joint modules, H-tree transfer, output
 * buffer write; Tile_latency.py) and the merge across the layer's tiles
 * (output buffer read, then the hops). Every part runs after the previous
 * one, so the layer's latency, finish - begin, is their sum; all PEs work in
 * parallel, so the layer's size enters through the PEs per tile and the hops.
 * The in-PE adder (ceil(C / ADC_Num) ceil(log2 Group_Num) cycles) is 0 with
 * one group, and the transfer to the next layer is 0 for the net's last layer.
 */
export function mnsimFcLatencyNs(m: MnsimFcMapping, layer: MnsimFcLayer): Record<string, number> {
  const clockNs = mnsim.digitalPeriodNs;
  const merges = Math.ceil(Math.log2(m.pesUsed)); // Tile_latency.py: merge_time = ceil(log2(PE_num))
  const levels = Math.ceil(Math.log2(mnsim.pesPerTile)); // Tile_latency.py: total_level
  const inputBits = m.rows * layer.inputBits; // Model_latency.py (fc): indata = rdata = max_row x Inputbit / 8 bytes
  const gathered = m.columns * m.pesUsed * layer.outputBits; // max_column x max_PE x outputbit
  return {
    inputBufferWrite: bufferNs(inputBits, m.busBits),
    inputBufferRead: bufferNs(inputBits, m.busBits),
    dac: m.steps * m.dac.latencyNs, // PE_latency.py: multiple_time x DAC latency
    crossbar: m.steps * mnsimCrossbarReadNs(m.size), // multiple_time x xbar_read_latency
    adc: m.steps * m.adc.latencyNs, // multiple_time x ADC latency
    // iReg_latency: written once per row and column turn, read once per step
    inputRegister: (m.rowTurns * m.columnTurns + m.steps) * clockNs,
    shiftRegister: m.steps * clockNs, // shiftreg_latency
    inputDemux: m.steps * muxStages(m.rowsPerDac) * tech.digital.mux.decoderStageNs,
    outputMux: m.steps * muxStages(m.colsPerAdc) * tech.digital.mux.muxStageNs,
    outputRegister: m.columnTurns * clockNs, // oReg_latency
    jointModule: merges * clockNs, // Tile_latency.py: jointmodule_latency
    // Tile_latency.py: transfer_latency =
    //   (L (ADC bits + merges) - merges (merges + 1) / 2) x read_column / Intra_Tile_Bandwidth
    intraTileTransfer:
      ((levels * (m.adc.bits + merges) - (merges * (merges + 1)) / 2) * m.columns) /
      mnsim.intraTileGbps,
    // Tile_latency.py: the tile output buffer takes (ADC bits + merges) bits per column per PE
    outputBufferWrite: bufferNs((m.adc.bits + merges) * m.columns * m.pesUsed, m.busBits),
    // Model_latency.py (fc): merge = output buffer read of the gathered bits, then
    // inLayer_distance hops of (digital period + gathered bits / Inter_Tile_Bandwidth)
    outputBufferRead: bufferNs(gathered, m.busBits),
    interTileMerge: m.mergeHops * (clockNs + gathered / mnsim.interTileGbps),
  };
}
