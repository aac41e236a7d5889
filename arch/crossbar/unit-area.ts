import type { Hardware } from "../config/hardware";
import { tech } from "../tech/tables";

/**
 * Area of one crossbar with its periphery, by part, in um^2:
 * the array (cells + one line driver per row, MNSIM's formula; a
 * transposed-write array also drives its columns), one DAC and one input
 * register per row, one sample-and-hold per column, one ADC per
 * colsPerAdc columns, and per ADC a shift-and-add unit and an output register.
 */
export function crossbarUnitAreaUm2(hw: Hardware, transposedWrite = false): Record<string, number> {
  const size = hw.config.crossbar.size;
  const { reram, converters, digital } = tech;
  const drivenLines = transposedWrite ? 2 * size : size;
  const adcs = hw.adcsPerCrossbar;
  return {
    crossbar: size * size * reram.device.cellAreaUm2 + drivenLines * reram.lineDriverAreaUm2,
    dac: size * hw.dac.areaUm2,
    sampleHold: size * converters.sampleHold.areaUm2,
    adc: adcs * hw.adc.areaUm2,
    shiftAdd: adcs * digital.shiftAdd.areaUm2,
    registers: (size + adcs) * digital.register.areaUm2,
  };
}

/** Peak power of one crossbar with its periphery (every part active), by part, in mW. */
export function crossbarUnitPowerMw(hw: Hardware): Record<string, number> {
  const size = hw.config.crossbar.size;
  const { reram, converters, digital } = tech;
  const adcs = hw.adcsPerCrossbar;
  return {
    crossbar: hw.rowsPerRead * size * reram.readPowerPerCellW * 1e3,
    dac: size * hw.dac.powerMw,
    sampleHold: size * converters.sampleHold.powerMw,
    adc: adcs * hw.adc.powerMw,
    shiftAdd: adcs * digital.shiftAdd.powerMw,
    registers: (size + adcs) * digital.register.powerMw,
  };
}

/** Sum of a breakdown. */
export function total(parts: Record<string, number>): number {
  return Object.values(parts).reduce((a, b) => a + b, 0);
}
