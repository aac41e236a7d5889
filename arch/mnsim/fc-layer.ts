import { nsToCycles } from "../config/hardware";
import type { HwConfig } from "../config/hw-config";
import { conversionPrecision } from "../config/precision";
import type { FcCost, FcShape } from "../layers/fc-cost";
import { mnsimFcInputs } from "./from-hw-config";
import { mnsim } from "./fc-mapping";
import { mnsimFcFigures } from "./fc-model";

/**
 * One FC layer for one input vector under MNSIM 2.0's composition rules
 * (docs/mnsim-organisation.md), to set beside an MNSIM run of the net
 * [dummy conv, FC] with the same Xbar_Size, DAC/ADC choices, ADC_Num,
 * DAC_Num and Buffer_Bitwidth. Latencies are MNSIM's own nanoseconds (its
 * digital parts on its 500 MHz clock); `cycles` rounds the total up to chip
 * cycles.
 */
export function mnsimFcCost(config: HwConfig, shape: FcShape): FcCost {
  const inputs = mnsimFcInputs(config, shape);
  const figures = mnsimFcFigures(inputs.config, inputs.layer);
  const m = figures.mapping;
  // MNSIM reads every row at once and checks no ADC range
  const precision = conversionPrecision({
    crossbar: { size: m.size, cellBits: config.crossbar.cellBits, rowsPerRead: null },
    dac: { bits: m.dac.bits },
    adc: { bits: m.adc.bits },
  });
  const notes = [...figures.notes];
  if (config.crossbar.rowsPerRead !== null)
    notes.push("crossbar.rowsPerRead is ignored: MNSIM drives all rows at once");
  if (precision.bitsLost > 0)
    notes.push(
      `a ${m.size}-row read can lose ${precision.bitsLost} bits in the ADC; MNSIM does not check`,
    );
  return {
    organisation: "mnsim",
    shape,
    crossbars: m.pes * mnsim.polarity * mnsim.groups,
    cycles: nsToCycles(figures.latencyNs, 1000 / config.clockMhz),
    latencyNs: figures.latencyNs,
    energyPj: figures.energyPj,
    areaUm2: figures.areaUm2,
    latencyBreakdownNs: figures.latencyBreakdownNs,
    energyBreakdownPj: figures.energyBreakdownPj,
    areaBreakdownUm2: figures.areaBreakdownUm2,
    adcBitsLost: precision.bitsLost,
    notes,
  };
}
