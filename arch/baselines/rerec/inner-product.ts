import type { Hardware } from "../../config/hardware";
import { mvmEnergyPj } from "../../crossbar/mvm-energy";
import { mvmCycles, mvmStages, type MvmStages } from "../../crossbar/mvm-timing";
import { decoderTransistors } from "../../memory/array-model";
import { muxStages } from "../../mnsim/fc-mapping";
import { tech } from "../../tech/tables";
import type { ReRecConfig } from "./config";
import type { VectorLayout } from "./engine-hardware";

/**
 * One inner product on one crossbar: the driving vector (one segment of it)
 * goes bit-serially through the DACs into the rows of the stored vector, and
 * the ADCs convert the stored vector's columns (or, in a DNN-style engine,
 * every column of the crossbar) after each read. Its timing is the
 * repository's two-stage MVM pipeline (arch/crossbar/mvm-timing.ts) with the
 * conversions spread over the ADCs the job holds:
 *
 *     cycles = read + convert + (steps - 1) max(read, convert) + shift-add,
 *     convert = ceil(columns / adcsUsed) x ADC conversion cycles.
 *
 * In an engine pool the job holds adcsUsed = min(columns, ADCs of the engine)
 * for its whole duration (a simplification: they idle during its first read);
 * with per-crossbar ADCs it uses its crossbar's own.
 */
export interface InnerProductJob {
  /** Conversions per read. */
  columnsConverted: number;
  /** ADCs converting one job's columns. */
  adcsUsed: number;
  stages: MvmStages;
  cycles: number;
  /** Energy of one job by part (crossbar read, DAC, ADC, ..., the engine's buffer). */
  energyPj: Record<string, number>;
}

export function innerProductJob(
  c: ReRecConfig,
  hw: Hardware,
  layout: VectorLayout,
  weightBits: number,
): InnerProductJob {
  const columnsConverted = c.convertColumns === "target" ? layout.columnsPerVector : c.crossbarSize;
  const adcsUsed =
    c.adcSharing.kind === "engine-pool"
      ? Math.min(columnsConverted, c.adcSharing.adcsPerEngine)
      : hw.adcsPerCrossbar;
  const work = {
    rows: layout.rowsPerSegment,
    physicalColumns: columnsConverted,
    inputBits: weightBits,
  };
  const base = mvmStages(hw, work);
  const conversionsPerAdc = Math.ceil(columnsConverted / adcsUsed);
  const stages = {
    ...base,
    conversionsPerAdc,
    convertCycles: conversionsPerAdc * hw.cycles.adcConversion,
  };
  // The dot product of rows w-bit by w-bit values, the accumulator's width.
  const dotBits = Math.ceil(Math.log2(layout.rowsPerSegment * (2 ** weightBits - 1) ** 2 + 1));
  const energyPj = mvmEnergyPj(hw, work, dotBits);
  const bus = c.buffer.busBits;
  // The driving segment is read from the engine's buffer and the dot product written back.
  const words = Math.ceil((layout.rowsPerSegment * weightBits) / bus);
  energyPj.buffer =
    words * hw.buffer.readEnergyPj + Math.ceil(dotBits / bus) * hw.buffer.writeEnergyPj;
  if (c.adcSharing.kind === "engine-pool") {
    energyPj.adcNetwork = conversionsPerJob(stages, columnsConverted) * adcNetworkConversionPj(c);
  }
  return { columnsConverted, adcsUsed, stages, cycles: mvmCycles(stages), energyPj };
}

function conversionsPerJob(stages: MvmStages, columns: number): number {
  return stages.steps * columns;
}

/** Ways of the switch in front of each pooled ADC: every column of every crossbar of the engine. */
export function adcNetworkWays(c: ReRecConfig): number {
  return c.crossbarsPerEngine * c.crossbarSize;
}

/**
 * The full connection of an engine's columns to its ADCs, priced as MNSIM 2.0
 * prices its column multiplexers (PE.py transistor counts, PE_latency.py stage
 * delay; arch/tech/digital.json): one mux of adcNetworkWays ways per ADC.
 * Energy per conversion = transistors x power x the mux's delay.
 */
export function adcNetworkConversionPj(c: ReRecConfig): number {
  const { mux } = tech.digital;
  const ways = adcNetworkWays(c);
  return decoderTransistors(ways) * mux.transistorPowerMw * muxStages(ways) * mux.muxStageNs;
}

/** Area of one ADC's switch of the full connection, um^2. */
export function adcNetworkAreaUm2PerAdc(c: ReRecConfig): number {
  return decoderTransistors(adcNetworkWays(c)) * tech.digital.mux.transistorAreaUm2;
}
