import { calibrationInputs, caseLabel, type CalibrationCase } from "./calibration-case";
import { mnsimFcFigures, type MnsimFcFigures } from "./fc-model";
import { mnsimFcPowerMw } from "./fc-power";

/** What is compared: one module's figure, ours beside MNSIM's, in our units. */
export interface ModuleComparison {
  kind: "latency" | "area" | "power" | "energy";
  /** MNSIM's name for the module (its key in the calibration file). */
  module: string;
  ours: number;
  mnsim: number;
  /** |ours - mnsim| / mnsim (0 when both are 0). */
  relErr: number;
  /** MNSIM's figure over MNSIM's total of the same kind. */
  share: number;
}

/** One case: the three totals, every module and the mapping. */
export interface CaseComparison {
  label: string;
  latency: ModuleComparison;
  area: ModuleComparison;
  energy: ModuleComparison;
  modules: ModuleComparison[];
  /** Mapping figures that differ from MNSIM's (field, ours, MNSIM's). */
  mappingMismatches: string[];
}

const buffers = ["inputBuffer", "outputBuffer"];
const digital = [
  "shiftRegister",
  "inputRegister",
  "outputRegister",
  "inputDemux",
  "outputMux",
  "jointModule",
];
const shared = {
  iReg: ["inputRegister"],
  shiftreg: ["shiftRegister"],
  oReg: ["outputRegister"],
  input_demux: ["inputDemux"],
  output_mux: ["outputMux"],
  jointmodule: ["jointModule"],
  adder: [], // 0 with one group per PE
};
const dynamic = {
  crossbar: ["crossbar"],
  ADC: ["adc"],
  DAC: ["dac"],
  buffer: ["bufferRead", "bufferWrite"],
  buffer_read: ["bufferRead"],
  buffer_write: ["bufferWrite"],
  ...shared,
};

/**
 * MNSIM's modules (the calibration file's keys) as sums of our parts, per
 * kind; the key "total" is the kind's total. MNSIM's latency stages compose:
 * its merge is the output-buffer read plus the hops.
 */
export const moduleParts: Record<ModuleComparison["kind"], Record<string, string[]>> = {
  latency: {
    DAC: ["dac"],
    xbar: ["crossbar"],
    ADC: ["adc"],
    "computing(DAC+xbar+ADC)": ["dac", "crossbar", "adc"],
    PE_inbuf_write: ["inputBufferWrite"],
    PE_inbuf_read: ["inputBufferRead"],
    ...shared,
    intra_tile_transfer: ["intraTileTransfer"],
    tile_outbuf_write: ["outputBufferWrite"],
    tile_outbuf_read: ["outputBufferRead"],
    "merge(tile_outbuf_read+hops*(2ns+cols*PEs*bits/20Gbps))": [
      "outputBufferRead",
      "interTileMerge",
    ],
    inter_layer_transfer: [],
  },
  area: {
    crossbar: ["crossbar"],
    ADC: ["adc"],
    DAC: ["dac"],
    "buffer(PE in + tile out)": buffers,
    "pooling(unit present in every tile)": ["pooling"],
    digital_other: digital,
    ...shared,
  },
  power: { ...dynamic, digital_other: digital },
  energy: { ...dynamic, "digital_other(excl. adder)": digital },
};

const totalKey = {
  latency: "fc_layer_latency(finish-begin)",
  area: "total",
  power: "total",
  energy: "total",
} as const;
const outputsKey = {
  latency: "latency_ns",
  area: "area_um2",
  power: "power_W",
  energy: "energy_nJ",
} as const;
/** MNSIM's units to ours: ns, um^2, W -> mW, nJ -> pJ. */
const scale = { latency: 1, area: 1, power: 1e3, energy: 1e3 } as const;

function compare(
  kind: ModuleComparison["kind"],
  module: string,
  ours: number,
  mnsimRaw: number,
  mnsimTotal: number,
): ModuleComparison {
  const mnsim = mnsimRaw * scale[kind];
  const relErr = mnsim === 0 ? (ours === 0 ? 0 : Infinity) : Math.abs(ours - mnsim) / mnsim;
  return { kind, module, ours, mnsim, relErr, share: mnsim / (mnsimTotal * scale[kind]) };
}

function ourBreakdown(figures: MnsimFcFigures, kind: ModuleComparison["kind"]) {
  if (kind === "latency") return figures.latencyBreakdownNs;
  if (kind === "area") return figures.areaBreakdownUm2;
  if (kind === "energy") return figures.energyBreakdownPj;
  return mnsimFcPowerMw(figures.mapping);
}

/** Runs one calibration case through the model and sets every figure beside MNSIM's. */
export function compareCase(c: CalibrationCase): CaseComparison {
  const { config, layer } = calibrationInputs(c);
  const figures = mnsimFcFigures(config, layer);
  const modules: ModuleComparison[] = [];
  const totals: Partial<Record<ModuleComparison["kind"], ModuleComparison>> = {};
  for (const kind of ["latency", "area", "power", "energy"] as const) {
    const reported = c.outputs[outputsKey[kind]];
    const ours = ourBreakdown(figures, kind);
    const sum = (parts: string[]) => parts.reduce((a, p) => a + (ours[p] ?? 0), 0);
    const mnsimTotal = reported[totalKey[kind]] ?? NaN;
    totals[kind] = compare(kind, totalKey[kind], sum(Object.keys(ours)), mnsimTotal, mnsimTotal);
    for (const [module, parts] of Object.entries(moduleParts[kind])) {
      const value = reported[module];
      if (value !== undefined) modules.push(compare(kind, module, sum(parts), value, mnsimTotal));
    }
  }
  return {
    label: caseLabel(c),
    latency: totals.latency!,
    area: totals.area!,
    energy: totals.energy!,
    modules,
    mappingMismatches: mappingMismatches(c, figures),
  };
}

/** MNSIM's mapping figures that ours do not reproduce exactly. */
function mappingMismatches(c: CalibrationCase, figures: MnsimFcFigures): string[] {
  const m = figures.mapping;
  const reported = c.outputs.mapping;
  const pairs: [string, number | undefined, number][] = [
    ["PE_per_layer", reported.PE_per_layer, m.pes],
    ["tiles", reported.tiles, m.tiles],
    ["max_PE_per_tile_used", reported.max_PE_per_tile_used, m.pesUsed],
    ["max_row_used", reported.max_row_used, m.rows],
    ["max_column_used", reported.max_column_used, m.columns],
    ["input_demux_ratio(rows_per_DAC)", reported["input_demux_ratio(rows_per_DAC)"], m.rowsPerDac],
    ["output_mux_ratio(cols_per_ADC)", reported["output_mux_ratio(cols_per_ADC)"], m.colsPerAdc],
    ["inLayer_distance_hops", reported.inLayer_distance_hops, m.mergeHops],
    ["multiple_time(cycles)", c.outputs.latency_ns["multiple_time(cycles)"], m.steps],
    ["Weightbit_given_to_TCG", c.inputs.Weightbit_given_to_TCG, m.mapperWeightBits],
  ];
  return pairs
    .filter(([, theirs, ours]) => theirs !== undefined && theirs !== ours)
    .map(([field, theirs, ours]) => `${field}: ours ${ours}, MNSIM ${String(theirs)}`);
}
