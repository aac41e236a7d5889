import type { JSONSchemaType } from "ajv";
import { checkedJson } from "../../sim/io/checked-json";
import buffersJson from "./buffers-32nm.json";
import convertersJson from "./converters.json";
import digitalJson from "./digital.json";
import reramJson from "./reram.json";

/**
 * The technology tables: every physical figure the hardware model uses, with
 * its unit in the field name and its source beside it. The JSON files in
 * this folder are checked against the schemas below when this module loads,
 * so a mistyped table fails at once, naming the file and the field.
 */

export interface DeviceFigures {
  readLatencyNs: number;
  writeLatencyNs: number;
  readVoltageV: number;
  writeVoltageV: number;
  resistanceOnOhm: number;
  resistanceOffOhm: number;
  cellAreaUm2: number;
  technologyNm: number;
  source: string;
}

export interface ReramTable {
  description: string;
  device: DeviceFigures;
  readPowerPerCellW: number;
  readPowerSource: string;
  writePowerPerCellW: number;
  writePowerSource: string;
  /** Writes a cell takes before it wears out. */
  enduranceCycles: number;
  enduranceSource: string;
  lineDriverAreaUm2: number;
  lineDriverSource: string;
  notes: string[];
}

export interface ConverterFigures {
  areaUm2: number;
  powerMw: number;
  sampleRateGsps: number;
  latencyNs: number;
  source: string;
  mnsimAreaUm2?: number;
  note?: string;
}

export interface ConvertersTable {
  description: string;
  adc: {
    latencyRule: string;
    latencyModels: Record<"mnsim" | "isaac", { rule: string; source: string }>;
    byBits: Record<string, ConverterFigures>;
  };
  dac: { latencyRule: string; byBits: Record<string, ConverterFigures> };
  sampleHold: { areaUm2: number; powerMw: number; source: string; note: string };
  senseAmp: { areaUm2: number; powerMw: number; latencyNs: number; source: string };
}

export interface UnitFigures {
  areaUm2: number;
  powerMw: number;
  technologyNm?: number;
  source: string;
}

export interface DigitalTable {
  description: string;
  adder: { areaUm2PerBit: number; powerMwPerBit: number; technologyNm: number; source: string };
  shiftAdd: UnitFigures;
  register: UnitFigures;
  andGate: UnitFigures;
  jointModule: {
    technologyNm: number;
    byBits: Record<string, { areaUm2: number; powerMw: number }>;
    source: string;
  };
  pooling: { areaUm2: number; powerMw: number; latencyNs: number; source: string };
  mux: {
    transistorAreaUm2: number;
    transistorPowerMw: number;
    transistorsByWays: Record<string, number>;
    decoderStageNs: number;
    muxStageNs: number;
    source: string;
  };
  mnsimDigitalClockMhz: number;
  mnsimDigitalClockSource: string;
  mnsimInterTileBandwidthGbps: number;
  mnsimIntraTileBandwidthGbps: number;
  mnsimBandwidthSource: string;
}

export interface BufferFigures {
  sizeKiB: number;
  busBits: number;
  areaUm2: number;
  leakageMw: number;
  readEnergyPj: number;
  writeEnergyPj: number;
  cycleNs: number;
}

export interface BuffersTable {
  description: string;
  technologyNm: number;
  source: string;
  mnsimCycleNs: number;
  notes: string[];
  entries: BufferFigures[];
}

const positive = { type: "number", exclusiveMinimum: 0 } as const;
const nonNegative = { type: "number", minimum: 0 } as const;
const text = { type: "string", minLength: 1 } as const;
const notes = { type: "array", items: text } as const;

const deviceSchema: JSONSchemaType<DeviceFigures> = {
  type: "object",
  additionalProperties: false,
  required: [
    "readLatencyNs",
    "writeLatencyNs",
    "readVoltageV",
    "writeVoltageV",
    "resistanceOnOhm",
    "resistanceOffOhm",
    "cellAreaUm2",
    "technologyNm",
    "source",
  ],
  properties: {
    readLatencyNs: positive,
    writeLatencyNs: positive,
    readVoltageV: positive,
    writeVoltageV: positive,
    resistanceOnOhm: positive,
    resistanceOffOhm: positive,
    cellAreaUm2: positive,
    technologyNm: positive,
    source: text,
  },
};

const reramSchema: JSONSchemaType<ReramTable> = {
  type: "object",
  additionalProperties: false,
  required: [
    "description",
    "device",
    "readPowerPerCellW",
    "readPowerSource",
    "writePowerPerCellW",
    "writePowerSource",
    "enduranceCycles",
    "enduranceSource",
    "lineDriverAreaUm2",
    "lineDriverSource",
    "notes",
  ],
  properties: {
    description: text,
    device: deviceSchema,
    readPowerPerCellW: positive,
    readPowerSource: text,
    writePowerPerCellW: positive,
    writePowerSource: text,
    enduranceCycles: positive,
    enduranceSource: text,
    lineDriverAreaUm2: positive,
    lineDriverSource: text,
    notes,
  },
};

const converterSchema: JSONSchemaType<ConverterFigures> = {
  type: "object",
  additionalProperties: false,
  required: ["areaUm2", "powerMw", "sampleRateGsps", "latencyNs", "source"],
  properties: {
    areaUm2: positive,
    powerMw: positive,
    sampleRateGsps: positive,
    latencyNs: positive,
    source: text,
    mnsimAreaUm2: { ...positive, nullable: true },
    note: { ...text, nullable: true },
  },
};

const byBits = <T>(item: JSONSchemaType<T>) =>
  ({
    type: "object",
    propertyNames: { pattern: "^[1-9][0-9]*$" },
    additionalProperties: item,
    required: [],
  }) as unknown as JSONSchemaType<Record<string, T>>;

const latencyModelSchema = {
  type: "object",
  additionalProperties: false,
  required: ["rule", "source"],
  properties: { rule: text, source: text },
} as const;

const convertersSchema: JSONSchemaType<ConvertersTable> = {
  type: "object",
  additionalProperties: false,
  required: ["description", "adc", "dac", "sampleHold", "senseAmp"],
  properties: {
    description: text,
    adc: {
      type: "object",
      additionalProperties: false,
      required: ["latencyRule", "latencyModels", "byBits"],
      properties: {
        latencyRule: text,
        latencyModels: {
          type: "object",
          additionalProperties: false,
          required: ["mnsim", "isaac"],
          properties: { mnsim: latencyModelSchema, isaac: latencyModelSchema },
        },
        byBits: byBits(converterSchema),
      },
    },
    dac: {
      type: "object",
      additionalProperties: false,
      required: ["latencyRule", "byBits"],
      properties: { latencyRule: text, byBits: byBits(converterSchema) },
    },
    sampleHold: {
      type: "object",
      additionalProperties: false,
      required: ["areaUm2", "powerMw", "source", "note"],
      properties: { areaUm2: positive, powerMw: positive, source: text, note: text },
    },
    senseAmp: {
      type: "object",
      additionalProperties: false,
      required: ["areaUm2", "powerMw", "latencyNs", "source"],
      properties: { areaUm2: positive, powerMw: positive, latencyNs: positive, source: text },
    },
  },
};

const unitSchema: JSONSchemaType<UnitFigures> = {
  type: "object",
  additionalProperties: false,
  required: ["areaUm2", "powerMw", "source"],
  properties: {
    areaUm2: positive,
    powerMw: positive,
    technologyNm: { ...positive, nullable: true },
    source: text,
  },
};

const digitalSchema: JSONSchemaType<DigitalTable> = {
  type: "object",
  additionalProperties: false,
  required: [
    "description",
    "adder",
    "shiftAdd",
    "register",
    "andGate",
    "jointModule",
    "pooling",
    "mux",
    "mnsimDigitalClockMhz",
    "mnsimDigitalClockSource",
    "mnsimInterTileBandwidthGbps",
    "mnsimIntraTileBandwidthGbps",
    "mnsimBandwidthSource",
  ],
  properties: {
    description: text,
    adder: {
      type: "object",
      additionalProperties: false,
      required: ["areaUm2PerBit", "powerMwPerBit", "technologyNm", "source"],
      properties: {
        areaUm2PerBit: positive,
        powerMwPerBit: positive,
        technologyNm: positive,
        source: text,
      },
    },
    shiftAdd: unitSchema,
    register: unitSchema,
    andGate: unitSchema,
    jointModule: {
      type: "object",
      additionalProperties: false,
      required: ["technologyNm", "byBits", "source"],
      properties: {
        technologyNm: positive,
        byBits: byBits<{ areaUm2: number; powerMw: number }>({
          type: "object",
          additionalProperties: false,
          required: ["areaUm2", "powerMw"],
          properties: { areaUm2: positive, powerMw: positive },
        }),
        source: text,
      },
    },
    pooling: {
      type: "object",
      additionalProperties: false,
      required: ["areaUm2", "powerMw", "latencyNs", "source"],
      properties: { areaUm2: positive, powerMw: positive, latencyNs: positive, source: text },
    },
    mux: {
      type: "object",
      additionalProperties: false,
      required: [
        "transistorAreaUm2",
        "transistorPowerMw",
        "transistorsByWays",
        "decoderStageNs",
        "muxStageNs",
        "source",
      ],
      properties: {
        transistorAreaUm2: positive,
        transistorPowerMw: positive,
        transistorsByWays: byBits<number>(nonNegative as JSONSchemaType<number>),
        decoderStageNs: positive,
        muxStageNs: positive,
        source: text,
      },
    },
    mnsimDigitalClockMhz: positive,
    mnsimDigitalClockSource: text,
    mnsimInterTileBandwidthGbps: positive,
    mnsimIntraTileBandwidthGbps: positive,
    mnsimBandwidthSource: text,
  },
};

const buffersSchema: JSONSchemaType<BuffersTable> = {
  type: "object",
  additionalProperties: false,
  required: ["description", "technologyNm", "source", "mnsimCycleNs", "notes", "entries"],
  properties: {
    description: text,
    technologyNm: positive,
    source: text,
    mnsimCycleNs: positive,
    notes,
    entries: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        additionalProperties: false,
        required: [
          "sizeKiB",
          "busBits",
          "areaUm2",
          "leakageMw",
          "readEnergyPj",
          "writeEnergyPj",
          "cycleNs",
        ],
        properties: {
          sizeKiB: positive,
          busBits: { type: "integer", enum: [64, 128, 256, 512] },
          areaUm2: positive,
          leakageMw: positive,
          readEnergyPj: positive,
          writeEnergyPj: positive,
          cycleNs: positive,
        },
      },
    },
  },
};

/** All technology tables, validated. */
export interface TechTables {
  reram: ReramTable;
  converters: ConvertersTable;
  digital: DigitalTable;
  buffers: BuffersTable;
}

export const tech: TechTables = {
  reram: checkedJson("arch/tech/reram.json", reramSchema, reramJson),
  converters: checkedJson("arch/tech/converters.json", convertersSchema, convertersJson),
  digital: checkedJson("arch/tech/digital.json", digitalSchema, digitalJson),
  buffers: checkedJson("arch/tech/buffers-32nm.json", buffersSchema, buffersJson),
};
