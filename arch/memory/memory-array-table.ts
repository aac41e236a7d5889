import type { JSONSchemaType } from "ajv";
import { checkedJson } from "../../sim/io/checked-json";
import memoryArrayJson from "./memory-array.json";

/**
 * The memory tiles' technology table (memory-array.json): the figures of a
 * ReRAM array read as a read-only memory that arch/tech does not already
 * hold, each with its unit in its name and its source beside it. Checked
 * against the schema below when this module loads.
 */
export interface MemoryArrayTable {
  description: string;
  familyChoice: string;
  technologyRule: string;
  subarray: { rows: number; columns: number; source: string };
  rowDecoder: { transistorGrowthPerDoubling: number; source: string };
  wordLineDriver: {
    areaUm2AtReferenceNode: number;
    referenceNodeNm: number;
    transistorTechnologyNm: number;
    source: string;
    energySource: string;
  };
  senseAmps: { source: string };
  columnMux: { source: string };
  transfer: {
    wireGroundCapacitanceFPerMm: number;
    wireCouplingCapacitanceFPerMm: number;
    supplyV: number;
    distanceMm: number;
    technologyNm: number;
    source: string;
  };
  chip: { dieAreaMm2: number; capacityGbit: number; technologyNm: number; source: string };
}

const positive = { type: "number", exclusiveMinimum: 0 } as const;
const text = { type: "string", minLength: 1 } as const;
const sourceOnly = {
  type: "object",
  additionalProperties: false,
  required: ["source"],
  properties: { source: text },
} as const;

const schema: JSONSchemaType<MemoryArrayTable> = {
  type: "object",
  additionalProperties: false,
  required: [
    "description",
    "familyChoice",
    "technologyRule",
    "subarray",
    "rowDecoder",
    "wordLineDriver",
    "senseAmps",
    "columnMux",
    "transfer",
    "chip",
  ],
  properties: {
    description: text,
    familyChoice: text,
    technologyRule: text,
    subarray: {
      type: "object",
      additionalProperties: false,
      required: ["rows", "columns", "source"],
      properties: {
        rows: { type: "integer", minimum: 2 },
        columns: { type: "integer", minimum: 1 },
        source: text,
      },
    },
    rowDecoder: {
      type: "object",
      additionalProperties: false,
      required: ["transistorGrowthPerDoubling", "source"],
      properties: { transistorGrowthPerDoubling: positive, source: text },
    },
    wordLineDriver: {
      type: "object",
      additionalProperties: false,
      required: [
        "areaUm2AtReferenceNode",
        "referenceNodeNm",
        "transistorTechnologyNm",
        "source",
        "energySource",
      ],
      properties: {
        areaUm2AtReferenceNode: positive,
        referenceNodeNm: positive,
        transistorTechnologyNm: positive,
        source: text,
        energySource: text,
      },
    },
    senseAmps: sourceOnly,
    columnMux: sourceOnly,
    transfer: {
      type: "object",
      additionalProperties: false,
      required: [
        "wireGroundCapacitanceFPerMm",
        "wireCouplingCapacitanceFPerMm",
        "supplyV",
        "distanceMm",
        "technologyNm",
        "source",
      ],
      properties: {
        wireGroundCapacitanceFPerMm: positive,
        wireCouplingCapacitanceFPerMm: positive,
        supplyV: positive,
        distanceMm: positive,
        technologyNm: positive,
        source: text,
      },
    },
    chip: {
      type: "object",
      additionalProperties: false,
      required: ["dieAreaMm2", "capacityGbit", "technologyNm", "source"],
      properties: {
        dieAreaMm2: positive,
        capacityGbit: positive,
        technologyNm: positive,
        source: text,
      },
    },
  },
};

export const memoryArrayTable: MemoryArrayTable = checkedJson(
  "arch/memory/memory-array.json",
  schema,
  memoryArrayJson,
);
