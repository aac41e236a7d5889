import { InputError } from "../../sim/kernel/input-error";
import type { Cycles } from "../../sim/kernel/time";
import { tech, type BufferFigures, type ConverterFigures } from "../tech/tables";
import type { HwConfig } from "./hw-config";
import { conversionPrecision, type ConversionPrecision } from "./precision";

/**
 * A hardware config resolved against the technology tables: the figures of
 * the chosen converters and buffer, and every latency converted to chip
 * cycles once, here.
 *
 * Rounding rule: a latency of t ns takes ceil(t / period) cycles (at least
 * one), the period being 1000 / clockMhz ns; a part that needs 6.16 ns on a
 * 1 ns clock holds its result at the end of the 7th cycle.
 */
export interface Hardware {
  config: HwConfig;
  nsPerCycle: number;
  adc: ConverterFigures;
  dac: ConverterFigures;
  buffer: BufferFigures;
  precision: ConversionPrecision;
  /** Rows one read drives. */
  rowsPerRead: number;
  /** ADCs per crossbar. */
  adcsPerCrossbar: number;
  cycles: {
    /** DAC conversion plus the crossbar read, sampled into the sample-and-hold. */
    read: Cycles;
    /** One ADC conversion. */
    adcConversion: Cycles;
    /** One shift-and-add into a column's accumulator. */
    shiftAdd: Cycles;
    /** Writing one row (or one column of a transposed-write crossbar). */
    lineWrite: Cycles;
    /** One buffer access of one bus word. */
    bufferAccess: Cycles;
    /** One level of an adder tree, one AND-and-add step of the MBSA. */
    digitalStep: Cycles;
  };
}

/** ns -> whole cycles, by the rule above (1e-9 absorbs floating-point noise such as 3.0000000004). */
export function nsToCycles(ns: number, nsPerCycle: number): Cycles {
  return Math.max(1, Math.ceil(ns / nsPerCycle - 1e-9));
}

export function buildHardware(config: HwConfig): Hardware {
  if (config.organisation !== "autorac") {
    throw new InputError(
      `the chip runs the autorac organisation; the ${config.organisation} organisation prices one FC ` +
        "layer as MNSIM 2.0 composes it (autorac cost --fc IN,OUT --organisation mnsim)",
    );
  }
  const nsPerCycle = 1000 / config.clockMhz;
  const adcTable = tech.converters.adc.byBits[String(config.adc.bits)];
  // The latency model (arch/tech/converters.json latencyModels): MNSIM's (bits + 2) / rate, as
  // the table holds it, or ISAAC's one conversion per sample period; energy is power x latency.
  const adc =
    adcTable === undefined || config.adc.latencyModel === "mnsim"
      ? adcTable
      : { ...adcTable, latencyNs: 1 / adcTable.sampleRateGsps };
  const dac = tech.converters.dac.byBits[String(config.dac.bits)];
  const buffer = tech.buffers.entries.find(
    (e) => e.sizeKiB === config.buffer.tileKiB && e.busBits === config.buffer.busBits,
  );
  if (adc === undefined || dac === undefined || buffer === undefined) {
    throw new Error("buildHardware: config was not resolved by resolveHwConfig");
  }
  const { device } = tech.reram;
  return {
    config,
    nsPerCycle,
    adc,
    dac,
    buffer,
    precision: conversionPrecision(config),
    rowsPerRead: config.crossbar.rowsPerRead ?? config.crossbar.size,
    adcsPerCrossbar: config.crossbar.size / config.adc.colsPerAdc,
    cycles: {
      read: nsToCycles(dac.latencyNs + device.readLatencyNs, nsPerCycle),
      adcConversion: nsToCycles(adc.latencyNs, nsPerCycle),
      shiftAdd: 1,
      lineWrite: nsToCycles(device.writeLatencyNs, nsPerCycle),
      bufferAccess: nsToCycles(buffer.cycleNs, nsPerCycle),
      digitalStep: 1,
    },
  };
}
