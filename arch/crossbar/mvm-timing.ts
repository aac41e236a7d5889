import type { Cycles } from "../../sim/kernel/time";
import type { Hardware } from "../config/hardware";
import { digitCount } from "./offset-encoding";

/** The work of one MVM on one crossbar. */
export interface MvmWork {
  /** Rows holding weights (driven by inputs). */
  rows: number;
  /** Physical columns holding weight digits (converted by the ADCs). */
  physicalColumns: number;
  /** Bits of each input. */
  inputBits: number;
}

/**
 * The timing of one MVM on one crossbar, declared once: the event model
 * (arch/chip/engine-server.ts, at bit fidelity) and the closed form below
 * both use these stage lengths.
 *
 * A step is one read: the DAC drives one input digit into one group of
 * rows, the array sums each column, and the sample-and-hold captures the
 * column currents (`readCycles`). The ADCs then convert the held columns,
 * each ADC converting its columns one after another (`convertCycles`), and
 * each conversion is shifted and added into its column's accumulator. The
 * sample-and-hold decouples the two: the next read proceeds while the ADCs
 * convert, and its sample waits until the previous step's conversions have
 * started (one sample per column).
 */
export interface MvmStages {
  /** Reads: input digits x row groups. */
  steps: number;
  readCycles: Cycles;
  /** Conversions one ADC makes per step: its share of the used columns, interleaved over the ADCs. */
  conversionsPerAdc: number;
  convertCycles: Cycles;
  /** Shift-and-add of the last conversion, after the ADC. */
  shiftAddCycles: Cycles;
}

export function mvmStages(hw: Hardware, work: MvmWork): MvmStages {
  const inputDigits = digitCount(work.inputBits, hw.config.dac.bits);
  const rowGroups = Math.ceil(work.rows / hw.rowsPerRead);
  const conversionsPerAdc = Math.ceil(work.physicalColumns / hw.adcsPerCrossbar);
  return {
    steps: inputDigits * rowGroups,
    readCycles: hw.cycles.read,
    conversionsPerAdc,
    convertCycles: conversionsPerAdc * hw.cycles.adcConversion,
    shiftAddCycles: hw.cycles.shiftAdd,
  };
}

/**
 * Closed form of the two-stage pipeline (read, convert) over N steps:
 * read + convert + (N - 1) max(read, convert) + shift-add.
 * The slower stage sets the pace; the other shows once.
 */
export function mvmCycles(stages: MvmStages): Cycles {
  const { steps, readCycles, convertCycles, shiftAddCycles } = stages;
  if (steps === 0) return 0;
  return (
    readCycles + convertCycles + (steps - 1) * Math.max(readCycles, convertCycles) + shiftAddCycles
  );
}
