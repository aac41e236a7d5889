import { nsToCycles } from "../config/hardware";
import type { HwConfig } from "../config/hw-config";
import { conversionPrecision } from "../config/precision";
import { total } from "../crossbar/unit-area";
import type { FcCost, FcShape } from "../layers/fc-cost";
import { mnsimFcAreaUm2 } from "./fc-area";
import { mnsimFcEnergyPj } from "./fc-energy";
import { mnsimFcLatencyNs } from "./fc-latency";
import { mapMnsimFc, mnsim, type MnsimFcMapping } from "./fc-mapping";

/**
 * One FC layer for one input vector under MNSIM 2.0's composition rules
 * (docs/mnsim-organisation.md), to set beside an MNSIM run of a one-layer
 * net [FC] with the same Xbar_Size, DAC/ADC choices, ADC_Num, DAC_Num and
 * Buffer_Bitwidth. Latencies are MNSIM's own nanoseconds (its digital parts
 * on its 500 MHz clock); `cycles` rounds the total up to chip cycles.
 */
export function mnsimFcCost(config: HwConfig, shape: FcShape): FcCost {
  const m = mapMnsimFc(config, shape);
  const latencyBreakdownNs = mnsimFcLatencyNs(m, shape);
  const energyBreakdownPj = mnsimFcEnergyPj(m, latencyBreakdownNs);
  const areaBreakdownUm2 = mnsimFcAreaUm2(m);
  const latencyNs = total(latencyBreakdownNs);
  // MNSIM's arrays hold one weight bit per cell and every row is read at once
  const precision = conversionPrecision({
    crossbar: { size: m.size, cellBits: 1, rowsPerRead: null },
    dac: config.dac,
    adc: config.adc,
  });
  return {
    organisation: "mnsim",
    shape,
    crossbars: m.pes * mnsim.polarity * mnsim.groups,
    cycles: nsToCycles(latencyNs, 1000 / config.clockMhz),
    latencyNs,
    energyPj: total(energyBreakdownPj),
    areaUm2: total(areaBreakdownUm2),
    latencyBreakdownNs,
    energyBreakdownPj,
    areaBreakdownUm2,
    adcBitsLost: precision.bitsLost,
    notes: mnsimNotes(config, shape, m, precision.bitsLost),
  };
}

/** The MNSIM behaviours that shaped these numbers. */
function mnsimNotes(
  config: HwConfig,
  shape: FcShape,
  m: MnsimFcMapping,
  bitsLost: number,
): string[] {
  const notes = [
    `${m.pes} PEs (${m.weightGroups} one-bit groups x ${Math.ceil(shape.outputs / m.size)} x ` +
      `${Math.ceil(shape.inputs / m.size)}) of 2 crossbars (positive, negative) in ${m.tiles} tiles of 4 PEs`,
    `crossbar.cellBits = ${config.crossbar.cellBits} is ignored: MNSIM's mapping puts one weight bit ` +
      "per crossbar group (Weightbit - 1 groups, the sign in the pair)",
    `each of the ${m.steps} MVM steps runs DAC, crossbar and ADC in series, with no sample-and-hold overlap`,
    "buffers take a fixed 20 ns per bus word (MNSIM ignores the CACTI cycle) and are sized from the " +
      "layer, not buffer.tileKiB; CACTI tables of the '< 65 nm' group (MNSIM's default is 90 nm)",
    "buffer energy charges the input and output buffers' powers (dynamic / 20 ns + leakage) for " +
      "both buffers' access times",
    "registers, shift registers and joint modules run on MNSIM's 500 MHz digital clock, not the chip clock",
    "every DAC and ADC carries a (de)multiplexer of at least 2:1 (8 transistors), even with one line each",
    "every tile carries a pooling unit and 3 joint modules per ADC, counted in the area",
    "inter-tile merge hops are 0 (MNSIM's placement of a one-layer net); in a [conv, FC] net MNSIM " +
      "adds hops x (2 ns + C x PEs x bits / 20 Gb/s)",
  ];
  if (m.pes % mnsim.pesPerTile !== 0)
    notes.push("area counts whole tiles although the last is partly used");
  if (config.adc.bits === 6)
    notes.push("the 6-bit ADC (ADC_Choice 6) takes MNSIM's 1650 um^2, the 8-bit ADC's area");
  if (config.crossbar.rowsPerRead !== null)
    notes.push("crossbar.rowsPerRead is ignored: MNSIM drives all rows at once");
  if (bitsLost > 0)
    notes.push(`a ${m.size}-row read can lose ${bitsLost} bits in the ADC; MNSIM does not check`);
  return notes;
}
