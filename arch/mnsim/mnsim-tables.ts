import type { JSONSchemaType } from "ajv";
import { checkedJson } from "../../sim/io/checked-json";
import chipJson from "./mnsim-chip.json";
import interfacesJson from "./mnsim-interfaces.json";

/**
 * The figures only the mnsim organisation uses: MNSIM 2.0's converter
 * designs (every ADC_Choice and DAC_Choice) and its chip organisation. The
 * JSON files beside this module are checked against the schemas below when
 * it loads, so a mistyped table fails at once, naming the file and field.
 */

/** One of MNSIM's converter designs. */
export interface MnsimConverter {
  bits: number;
  areaUm2: number;
  powerMw: number;
  sampleRateGsps: number;
  /** Sample-clock periods per conversion: latencyNs = conversionCycles / sampleRateGsps. */
  conversionCycles: number;
  source: string;
}

export interface MnsimInterfacesTable {
  description: string;
  adcChoices: Record<string, MnsimConverter>;
  dacChoices: Record<string, MnsimConverter>;
}

export interface MnsimChipTable {
  description: string;
  xbarPolarity: number;
  xbarPolaritySource: string;
  groupsPerPe: number;
  groupsPerPeSource: string;
  pesPerTile: number;
  pesPerTileSource: string;
  tileGridSide: number;
  tileGridSource: string;
  jointModuleBits: number;
  jointModuleBitsSource: string;
}

const positive = { type: "number", exclusiveMinimum: 0 } as const;
const count = { type: "integer", minimum: 1 } as const;
const text = { type: "string", minLength: 1 } as const;

const converterSchema: JSONSchemaType<MnsimConverter> = {
  type: "object",
  additionalProperties: false,
  required: ["bits", "areaUm2", "powerMw", "sampleRateGsps", "conversionCycles", "source"],
  properties: {
    bits: count,
    areaUm2: positive,
    powerMw: positive,
    sampleRateGsps: positive,
    conversionCycles: count,
    source: text,
  },
};

const byChoice = {
  type: "object",
  propertyNames: { pattern: "^[1-9][0-9]*$" },
  additionalProperties: converterSchema,
  required: [],
  minProperties: 1,
} as unknown as JSONSchemaType<Record<string, MnsimConverter>>;

const interfacesSchema: JSONSchemaType<MnsimInterfacesTable> = {
  type: "object",
  additionalProperties: false,
  required: ["description", "adcChoices", "dacChoices"],
  properties: { description: text, adcChoices: byChoice, dacChoices: byChoice },
};

const chipSchema: JSONSchemaType<MnsimChipTable> = {
  type: "object",
  additionalProperties: false,
  required: [
    "description",
    "xbarPolarity",
    "xbarPolaritySource",
    "groupsPerPe",
    "groupsPerPeSource",
    "pesPerTile",
    "pesPerTileSource",
    "tileGridSide",
    "tileGridSource",
    "jointModuleBits",
    "jointModuleBitsSource",
  ],
  properties: {
    description: text,
    xbarPolarity: { type: "integer", enum: [2] },
    xbarPolaritySource: text,
    groupsPerPe: { type: "integer", enum: [1] },
    groupsPerPeSource: text,
    pesPerTile: count,
    pesPerTileSource: text,
    tileGridSide: count,
    tileGridSource: text,
    jointModuleBits: count,
    jointModuleBitsSource: text,
  },
};

/** MNSIM's tables, validated. */
export const mnsimTables = {
  interfaces: checkedJson("arch/mnsim/mnsim-interfaces.json", interfacesSchema, interfacesJson),
  chip: checkedJson("arch/mnsim/mnsim-chip.json", chipSchema, chipJson),
};

/** Latency of one conversion, in ns (ADC.py, DAC.py). */
export function conversionNs(converter: MnsimConverter): number {
  return converter.conversionCycles / converter.sampleRateGsps;
}
