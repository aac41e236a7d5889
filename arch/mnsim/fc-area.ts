import { tech } from "../tech/tables";
import { hTreeNodes, mnsim, muxTransistors, type MnsimFcMapping } from "./fc-mapping";

/**
 * Area of the tiles one FC layer occupies, by part, in um^2: MNSIM counts
 * whole tiles, every PE of a tile with all its converters, whether used or
 * not (Model_Area.py: tile_area x tile_num; Tile.py calculate_tile_area;
 * PE.py calculate_PE_area). G = Group_Num = 1, so the in-PE adders are 0.
 */
export function mnsimFcAreaUm2(m: MnsimFcMapping): Record<string, number> {
  const { digital, reram } = tech;
  const pes = m.tiles * mnsim.pesPerTile; // whole tiles
  const transistorUm2 = digital.mux.transistorAreaUm2;
  // Crossbar.py (Area_Calculation = 0): rows x cols x Device_Area + 1150 um^2 per row
  const crossbarUm2 = m.size * m.size * reram.device.cellAreaUm2 + m.size * reram.lineDriverAreaUm2;
  const perPe = {
    crossbar: mnsim.polarity * mnsim.groups * crossbarUm2, // PE_xbar_num = G x polarity crossbars
    adc: m.adcs * m.adc.areaUm2, // PE_ADC_num = G x ADC_Num
    dac: m.dacs * m.dac.areaUm2, // PE_DAC_num = G x DAC_Num
    shiftRegister: m.adcs * digital.shiftAdd.areaUm2, // one per ADC
    inputRegister: m.dacs * digital.register.areaUm2, // one per DAC
    outputRegister: m.adcs * digital.register.areaUm2, // one per ADC
    inputDemux: m.dacs * muxTransistors(m.rowsPerDac) * transistorUm2, // one input_demux per DAC
    outputMux: m.adcs * muxTransistors(m.colsPerAdc) * transistorUm2, // one output_mux per ADC
    inputBuffer: m.inputBuffer.areaUm2, // one PE input buffer
  };
  const area: Record<string, number> = {};
  for (const [part, um2] of Object.entries(perPe)) area[part] = pes * um2;
  // Tile.py: H-tree nodes (3 for 2 x 2 PEs) per ADC of a PE, joint modules of 8 bits
  const joint = digital.jointModule.byBits[String(mnsim.jointModuleBits)]!;
  area.jointModule = m.tiles * hTreeNodes(mnsim.pesPerTile) * m.adcs * joint.areaUm2;
  area.outputBuffer = m.tiles * m.outputBuffer.areaUm2; // one tile output buffer
  area.pooling = m.tiles * digital.pooling.areaUm2; // Tile.py: every tile has a pooling unit
  return area;
}
