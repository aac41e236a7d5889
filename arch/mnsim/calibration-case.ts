import Ajv, { type SchemaObject } from "ajv";
import { InputError } from "../../sim/kernel/input-error";
import { readJsonFile } from "../../sim/io/json-file";
import { describeSchemaErrors } from "../../sim/io/schema-errors";
import type { MnsimFcConfig, MnsimFcLayer } from "./fc-config";
import { mnsim } from "./fc-mapping";

/**
 * One run of MNSIM 2.0 on one FC layer, as ../shared/reference/
 * mnsim2-calibration.json records it: the configuration (the fields read
 * here) and every figure MNSIM reported, by module, in ns, um^2, W and nJ.
 */
export interface CalibrationCase {
  inputs: {
    in: number;
    out: number;
    weight_bits: number;
    activation_bits: number;
    crossbar: string;
    memristor_bits: number;
    ADC_Choice: number;
    DAC_Choice: number;
    ADC_Num_per_xbar: number;
    DAC_Num_per_xbar: number;
    Buffer_Bitwidth_bit: number;
    variant?: string;
    Weightbit_given_to_TCG?: number;
    Buffer_Technology_nm?: number;
    Digital_Frequency_MHz?: number;
    Xbar_Polarity?: number;
    Group_Num?: number;
    PE_Num_per_tile?: string;
  };
  outputs: Record<"mapping" | "latency_ns" | "area_um2" | "power_W" | "energy_nJ", Figures>;
}

/** A module's figure by MNSIM's name for it. */
export type Figures = Record<string, number>;

const figures = { type: "object", additionalProperties: { type: "number" } };
const int = { type: "integer", minimum: 1 };
const caseSchema: SchemaObject = {
  type: "object",
  required: ["inputs", "outputs"],
  properties: {
    inputs: {
      type: "object",
      required: [
        "in",
        "out",
        "weight_bits",
        "activation_bits",
        "crossbar",
        "memristor_bits",
        "ADC_Choice",
        "DAC_Choice",
        "ADC_Num_per_xbar",
        "DAC_Num_per_xbar",
        "Buffer_Bitwidth_bit",
      ],
      properties: {
        ...Object.fromEntries(
          ["in", "out", "weight_bits", "activation_bits", "memristor_bits"].map((k) => [k, int]),
        ),
        crossbar: { type: "string", pattern: "^[0-9]+x[0-9]+$" },
      },
    },
    outputs: {
      type: "object",
      required: ["mapping", "latency_ns", "area_um2", "power_W", "energy_nJ"],
      properties: Object.fromEntries(
        ["mapping", "latency_ns", "area_um2", "power_W", "energy_nJ"].map((k) => [k, figures]),
      ),
    },
  },
};
const fileSchema: SchemaObject = {
  type: "object",
  required: ["cases"],
  properties: { cases: { type: "array", minItems: 1, items: caseSchema } },
};
const validateFile = new Ajv({ allErrors: true, strict: false }).compile(fileSchema);

/** Reads and checks a calibration file; an InputError names the file and the bad field. */
export function readCalibration(path: string): CalibrationCase[] {
  const data = readJsonFile(path);
  if (!validateFile(data)) {
    const lines = describeSchemaErrors(validateFile.errors ?? [], data);
    throw new InputError(`${path}: ${lines.slice(0, 5).join("; ")}`);
  }
  return (data as { cases: CalibrationCase[] }).cases;
}

/** A short name for a case: in x out, weight/activation bits, crossbar, DAC/ADC choice and count. */
export function caseLabel(c: CalibrationCase): string {
  const i = c.inputs;
  return (
    `${i.in}x${i.out} w${i.weight_bits}a${i.activation_bits} xb${i.crossbar.split("x")[0]} ` +
    `dac${i.DAC_Choice}x${i.DAC_Num_per_xbar} adc${i.ADC_Choice}x${i.ADC_Num_per_xbar}`
  );
}

/**
 * The model's inputs for a case. The runs place the FC behind a one-tile
 * dummy conv ("how": [dummy 1x1 conv; FC]); an "emulated_bitslice" run
 * gives MNSIM's mapper the weight bits of memristor_bits-bit cells, any
 * other run is native (1 bit per crossbar group). Settings the model does
 * not vary must be MNSIM's defaults, or the case is refused.
 */
export function calibrationInputs(c: CalibrationCase): {
  config: MnsimFcConfig;
  layer: MnsimFcLayer;
} {
  const i = c.inputs;
  const label = caseLabel(c);
  const fixed: [string, unknown, unknown][] = [
    ["Xbar_Polarity", i.Xbar_Polarity, mnsim.polarity],
    ["Group_Num", i.Group_Num, mnsim.groups],
    ["PE_Num_per_tile", i.PE_Num_per_tile, "2x2"],
    ["Digital_Frequency_MHz", i.Digital_Frequency_MHz, 1000 / mnsim.digitalPeriodNs],
  ];
  for (const [name, given, ours] of fixed) {
    if (given !== undefined && given !== ours)
      throw new InputError(
        `case ${label}: ${name} = ${String(given)} is not modelled (only ${ours})`,
      );
  }
  if (i.Buffer_Technology_nm !== undefined && i.Buffer_Technology_nm >= 65)
    throw new InputError(`case ${label}: only the '< 65 nm' buffer tables are modelled`);
  const [rows, columns] = i.crossbar.split("x").map(Number) as [number, number];
  if (rows !== columns) throw new InputError(`case ${label}: only square crossbars are modelled`);
  const cellBits = i.variant === "emulated_bitslice" ? i.memristor_bits : 1;
  const config: MnsimFcConfig = {
    crossbarSize: rows,
    adcChoice: i.ADC_Choice,
    adcsPerCrossbar: i.ADC_Num_per_xbar,
    dacChoice: i.DAC_Choice,
    dacsPerCrossbar: i.DAC_Num_per_xbar,
    busBits: i.Buffer_Bitwidth_bit,
    cellBits,
    precedingTiles: 1,
  };
  const layer: MnsimFcLayer = {
    inputs: i.in,
    outputs: i.out,
    weightBits: i.weight_bits,
    inputBits: i.activation_bits,
    outputBits: i.activation_bits,
  };
  return { config, layer };
}
