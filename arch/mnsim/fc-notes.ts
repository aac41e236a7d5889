import type { MnsimFcConfig, MnsimFcLayer } from "./fc-config";
import { mnsim, type MnsimFcMapping } from "./fc-mapping";

/** The MNSIM behaviours that shaped one FC layer's figures, in words. */
export function mnsimFcNotes(
  config: MnsimFcConfig,
  layer: MnsimFcLayer,
  m: MnsimFcMapping,
): string[] {
  const notes = [
    `${m.pes} PEs (${m.weightGroups} one-bit groups x ${Math.ceil(layer.outputs / m.size)} x ` +
      `${Math.ceil(layer.inputs / m.size)}) of 2 crossbars (positive, negative) in ${m.tiles} tiles of ` +
      `${mnsim.pesPerTile} PEs; ADC_Choice ${m.adc.choice} (${m.adc.bits} bits) x ${m.adcs}, ` +
      `DAC_Choice ${m.dac.choice} (${m.dac.bits} bits) x ${m.dacs} per crossbar`,
    cellNote(config, layer, m),
    `each of the ${m.steps} MVM steps runs DAC, crossbar and ADC in series, with no sample-and-hold overlap`,
    "buffers take a fixed 20 ns per bus word (MNSIM ignores the CACTI cycle) and are sized from the " +
      "layer; CACTI tables of the '< 65 nm' group (Buffer_Technology 32; MNSIM's default is 90 nm)",
    "buffer energy charges the input and output buffers' powers (dynamic / 20 ns + leakage) for " +
      "both buffers' access times",
    "registers, shift registers and joint modules run on MNSIM's 500 MHz digital clock, not the chip clock",
    "every DAC and ADC carries a (de)multiplexer of at least 2:1 (8 transistors), even with one line each",
    `every tile carries a pooling unit and ${mnsim.pesPerTile - 1} joint modules per ADC, counted in the area`,
    mergeNote(config, m),
  ];
  if (layer.weightBits === 1)
    notes.push("a 1-bit weight keeps one crossbar group (its sign); MNSIM itself divides by zero");
  if (m.overflowsGrid)
    notes.push(
      `${config.precedingTiles + m.tiles} tiles exceed MNSIM's ${mnsim.gridTiles}-tile grid (MNSIM ` +
        "refuses the net); the spiral placement is continued past it",
    );
  if (m.pes % mnsim.pesPerTile !== 0)
    notes.push("area counts whole tiles although the last is partly used");
  if (m.adc.choice === 6)
    notes.push("ADC_Choice 6 (6 bits) takes MNSIM's 1650 um^2, the 8-bit area");
  if (m.dac.choice === 6)
    notes.push("DAC_Choice 6 (8 bits) draws MNSIM's 0.4992 W, as coded there");
  return notes;
}

function cellNote(config: MnsimFcConfig, layer: MnsimFcLayer, m: MnsimFcMapping): string {
  if (config.cellBits === 1)
    return "1-bit cells: MNSIM's native mapping, Weightbit = the weight bits";
  return (
    `${config.cellBits}-bit cells emulated as MNSIM's users do (its mapper stores one bit per ` +
    `crossbar group whatever Device_Level says): Weightbit = 1 + ceil((${layer.weightBits} - 1) / ` +
    `${config.cellBits}) = ${m.mapperWeightBits}, the sign and ${m.mapperWeightBits - 1} cell slices`
  );
}

function mergeNote(config: MnsimFcConfig, m: MnsimFcMapping): string {
  if (config.precedingTiles === 0)
    return "a one-layer net: MNSIM never places its only layer, so the merge has no hops";
  return (
    `the layer takes tiles ${config.precedingTiles}..${config.precedingTiles + m.tiles - 1} of ` +
    `MNSIM's spiral (behind ${config.precedingTiles} tile(s) of the layers ahead); its merge crosses ` +
    `${m.mergeHops} hops of 2 ns + ${m.columns} x ${m.pesUsed} x outputbit / 20 Gb/s`
  );
}
