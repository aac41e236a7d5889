import type { Hardware } from "../config/hardware";
import { tech } from "../tech/tables";
import { digitCount } from "./offset-encoding";
import type { MvmWork } from "./mvm-timing";

/**
 * Energy of one MVM on one crossbar, by part, in pJ. A part's energy per
 * operation is its power (mW) times the time it is busy (ns) = pJ:
 * - dac: one conversion per driven row per input digit, for the DAC's latency;
 * - crossbar: every driven cell for the device read latency (MNSIM's
 *   read power per cell);
 * - sampleHold: one sample per converted column per read, held for the read;
 * - adc: one conversion per converted column per read;
 * - shiftAdd: one shift-and-add per conversion, for one cycle, plus the
 *   accumulator's adder at the accumulator's width;
 * - registers: the input register of each driven row per digit and the
 *   output register of each ADC per conversion, one cycle each.
 */
export function mvmEnergyPj(
  hw: Hardware,
  work: MvmWork,
  accumulatorBits: number,
): Record<string, number> {
  const digits = digitCount(work.inputBits, hw.config.dac.bits);
  const reads = digits * Math.ceil(work.rows / hw.rowsPerRead);
  const conversions = reads * work.physicalColumns;
  const cycleNs = hw.nsPerCycle;
  const { reram, converters, digital } = tech;
  const readNs = reram.device.readLatencyNs;
  const cellReadPj = reram.readPowerPerCellW * 1e3 * readNs; // W -> mW, x ns = pJ
  return {
    dac: work.rows * digits * hw.dac.powerMw * hw.dac.latencyNs,
    crossbar: work.rows * work.physicalColumns * digits * cellReadPj,
    sampleHold: conversions * converters.sampleHold.powerMw * readNs,
    adc: conversions * hw.adc.powerMw * hw.adc.latencyNs,
    shiftAdd:
      conversions *
      (digital.shiftAdd.powerMw + accumulatorBits * digital.adder.powerMwPerBit) *
      cycleNs,
    registers: (work.rows * digits + conversions) * digital.register.powerMw * cycleNs,
  };
}
