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
 * Model_inference_power.py). G = Group_Num = 1.
 */
export function mnsimFcPowerMw(m: MnsimFcMapping): Record<string, number> {
  const { digital, reram } = tech;
  const pes = m.tiles * m.pesUsed; // tile_num * max_PE
  const transistorMw = digital.mux.transistorPowerMw;
  const perPe = {
    // polarity * G * read_row * read_column * cell power / input_demux / output_mux
    crossbar:
      (mnsim.polarity * m.rows * m.columns * reram.readPowerPerCellW * 1e3) /
      (m.rowsPerDac * m.colsPerAdc),
    dac: m.activeDacs * m.dac.powerMw, // G * ceil(max_row / input_demux) * DAC power
    adc: m.activeAdcs * m.adc.powerMw, // G * ceil(max_column / output_mux) * ADC power
    inputRegister: m.activeDacs * digital.register.powerMw, // one iReg per active DAC
    shiftRegister: m.activeAdcs * digital.shiftAdd.powerMw, // one shift register per active ADC
    outputRegister: m.activeAdcs * digital.register.powerMw, // one oReg per active ADC
    inputDemux: m.activeDacs * muxTransistors(m.rowsPerDac) * transistorMw,
    outputMux: m.activeAdcs * muxTransistors(m.colsPerAdc) * transistorMw,
  };
  const power: Record<string, number> = {};
  for (const [part, mw] of Object.entries(perPe)) power[part] = pes * mw;
  // Tile.py: (max_PE - 1) * ceil(max_column / output_mux) joint modules per tile
  // (8-bit, JointModule.py's default width)
  power.jointModule =
    m.tiles * (m.pesUsed - 1) * m.activeAdcs * digital.jointModule.byBits["8"]!.powerMw;
  // Tile.py: max_PE PE input buffers + the tile output buffer, read and write powers apart
  power.bufferRead =
    m.tiles * (m.pesUsed * bufferMw(m.inputBuffer, "read") + bufferMw(m.outputBuffer, "read"));
  power.bufferWrite =
    m.tiles * (m.pesUsed * bufferMw(m.inputBuffer, "write") + bufferMw(m.outputBuffer, "write"));
  return power;
}

/**
 * Energy of one input vector, by part, in pJ: each part's layer power times
 * the time MNSIM's latency model charges it (Model_energy.py: power[part] x
 * total latency[part]). The buffers' read power (input and output buffers
 * together) is charged for the input-buffer read plus the output-buffer
 * read, and likewise for writes. The in-PE adder's energy is not added
 * (and is 0 with one group); the intra-tile transfer has none.
 */
export function mnsimFcEnergyPj(
  m: MnsimFcMapping,
  latencyNs: Record<string, number>,
): Record<string, number> {
  const power = mnsimFcPowerMw(m);
  const ns = (part: string) => latencyNs[part] ?? 0;
  const energy: Record<string, number> = {};
  for (const part of Object.keys(power)) energy[part] = power[part]! * ns(part); // mW x ns = pJ
  energy.bufferRead = power.bufferRead! * (ns("inputBufferRead") + ns("outputBufferRead"));
  energy.bufferWrite = power.bufferWrite! * (ns("inputBufferWrite") + ns("outputBufferWrite"));
  return energy;
}
