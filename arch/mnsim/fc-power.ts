import { tech, type BufferFigures } from "../tech/tables";
import { mnsim, muxTransistors, type MnsimFcMapping } from "./fc-mapping";

/** Buffer.py: power while accessed = dynamic energy per access / 20 ns + leakage, in mW (pJ/ns = mW). */
function bufferMw(buffer: BufferFigures, kind: "read" | "write"): number {
  const accessPj = kind === "read" ? buffer.readEnergyPj : buffer.writeEnergyPj;
  return accessPj / mnsim.bufferCycleNs + buffer.leakageMw;
}

/**
 * Power of the whole layer while each part works, by part, in mW: MNSIM's
 * peak estimate, every used PE of every tile active (Tile.py
 * calculate_tile_read_power_fast, PE.py calculate_PE_read_power_fast,
 * Model_inference_power.py: tile power x tile_num). G = Group_Num = 1. An
 * FC tile's pooling unit draws nothing (Tile.py powers it for pooling
 * layers only).
 */
export function mnsimFcPowerMw(m: MnsimFcMapping): Record<string, number> {
  const { digital, reram } = tech;
  const pes = m.tiles * m.pesUsed; // tile_num x max_PE
  const transistorMw = digital.mux.transistorPowerMw;
  const perPe = {
    // polarity x G x read_row x read_column x cell power / input_demux / output_mux
    crossbar:
      (mnsim.polarity * m.rows * m.columns * reram.readPowerPerCellW * 1e3) /
      (m.rowsPerDac * m.colsPerAdc),
    dac: m.activeDacs * m.dac.powerMw, // G x ceil(max_row / input_demux) x DAC power
    adc: m.activeAdcs * m.adc.powerMw, // G x ceil(max_column / output_mux) x ADC power
    inputRegister: m.activeDacs * digital.register.powerMw, // one iReg per active DAC
    shiftRegister: m.activeAdcs * digital.shiftAdd.powerMw, // one shift register per active ADC
    outputRegister: m.activeAdcs * digital.register.powerMw, // one oReg per active ADC
    inputDemux: m.activeDacs * muxTransistors(m.rowsPerDac) * transistorMw,
    outputMux: m.activeAdcs * muxTransistors(m.colsPerAdc) * transistorMw,
  };
  const power: Record<string, number> = {};
  for (const [part, mw] of Object.entries(perPe)) power[part] = pes * mw;
  // Tile.py: (max_PE - 1) x ceil(max_column / output_mux) joint modules per tile
  const joint = digital.jointModule.byBits[String(mnsim.jointModuleBits)]!;
  power.jointModule = m.tiles * (m.pesUsed - 1) * m.activeAdcs * joint.powerMw;
  // Tile.py: max_PE PE input buffers + the tile output buffer, read and write powers apart
  power.bufferRead =
    m.tiles * (m.pesUsed * bufferMw(m.inputBuffer, "read") + bufferMw(m.outputBuffer, "read"));
  power.bufferWrite =
    m.tiles * (m.pesUsed * bufferMw(m.inputBuffer, "write") + bufferMw(m.outputBuffer, "write"));
  return power;
}
