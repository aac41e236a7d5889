import Ajv, { type SchemaObject } from "ajv";
import { InputError } from "../../sim/kernel/input-error";
import { readJsonFile } from "../../sim/io/json-file";
import { describeSchemaErrors } from "../../sim/io/schema-errors";
import { tech } from "../tech/tables";
import { conversionPrecision } from "./precision";

/**
 * The hardware configuration: the paper's ReRAM design space (table 1) plus
 * the clock, buffers and the chip's tile counts. One JSON Schema holds every
 * field's type, range, default and description; a user's file gives only
 * what it changes, and ajv fills in the rest.
 */
export interface HwConfig {
  /** "autorac": the paper's design; "mnsim": MNSIM 2.0's composition rules (docs/hardware.md). */
  organisation: "autorac" | "mnsim";
  /** Chip clock; every latency is rounded up to whole cycles of it. */
  clockMhz: number;
  /** Permit DAC / cell / ADC combinations whose partial sums can exceed the ADC's range (they clip). */
  lossy: boolean;
  crossbar: {
    /** Rows = columns. */
    size: number;
    /** Bits per memristor cell (memristor precision). */
    cellBits: number;
    /** Rows driven at once in one read; null = all rows of the crossbar. */
    rowsPerRead: number | null;
  };
  dac: { bits: number };
  adc: {
    bits: number;
    /** Columns sharing one ADC; their conversions queue. */
    colsPerAdc: number;
  };
  precision: {
    /** Weight bits of an operator that states none (the model spec sets them per operator). */
    weightBits: number;
    /** Bits of every activation fed to a crossbar. */
    activationBits: number;
  };
  buffer: {
    /** Data buffer of a compute tile, a capacity the CACTI table holds. */
    tileKiB: number;
    busBits: number;
    /** Accesses the buffer serves per cycle; more contend. */
    ports: number;
  };
  chip: {
    /** Compute tiles; null sizes the chip to the mapped model. */
    computeTiles: number | null;
    mvmEnginesPerTile: number;
    dpEnginesPerTile: number;
    fmEnginesPerTile: number;
    crossbarsPerEngine: number;
    memoryTiles: number;
    banksPerMemoryTile: number;
  };
  memory: {
    /** Embedding rows stored per table; a larger table is hashed into this many (id mod rows). */
    maxRowsPerTable: number;
  };
}

const int = (min: number, max: number, def: number, description: string) =>
  ({ type: "integer", minimum: min, maximum: max, default: def, description }) as const;

const bufferSizes = [...new Set(tech.buffers.entries.map((e) => e.sizeKiB))];

export const hwConfigSchema: SchemaObject = {
  $id: "https://autorac.dev/schemas/hw-config.json",
  title: "autorac hardware configuration",
  type: "object",
  additionalProperties: false,
  required: [],
  properties: {
    organisation: {
      type: "string",
      enum: ["autorac", "mnsim"],
      default: "autorac",
      description: "autorac: the paper's design; mnsim: MNSIM 2.0's composition rules",
    },
    clockMhz: {
      type: "number",
      exclusiveMinimum: 0,
      maximum: 10000,
      default: 1000,
      description: "Chip clock [MHz]; latencies round up to whole cycles",
    },
    lossy: {
      type: "boolean",
      default: false,
      description: "Allow ADC resolutions below the partial-sum width (conversions clip)",
    },
    crossbar: {
      type: "object",
      additionalProperties: false,
      required: [],
      default: {},
      properties: {
        size: {
          type: "integer",
          enum: [16, 32, 64, 128, 256],
          default: 64,
          description: "Crossbar rows = columns",
        },
        cellBits: {
          type: "integer",
          enum: [1, 2],
          default: 2,
          description: "Memristor precision [bits per cell]",
        },
        rowsPerRead: {
          type: ["integer", "null"],
          minimum: 1,
          maximum: 256,
          default: null,
          description: "Rows driven at once per read (null: all rows)",
        },
      },
    },
    dac: {
      type: "object",
      additionalProperties: false,
      required: [],
      default: {},
      properties: {
        bits: { type: "integer", enum: [1, 2], default: 1, description: "DAC resolution [bits]" },
      },
    },
    adc: {
      type: "object",
      additionalProperties: false,
      required: [],
      default: {},
      properties: {
        bits: {
          type: "integer",
          enum: [4, 6, 8],
          default: 8,
          description: "ADC resolution [bits]",
        },
        colsPerAdc: {
          type: "integer",
          enum: [1, 2, 4, 8, 16, 32, 64, 128, 256],
          default: 8,
          description: "Columns sharing one ADC",
        },
      },
    },
    precision: {
      type: "object",
      additionalProperties: false,
      required: [],
      default: {},
      properties: {
        weightBits: {
          type: "integer",
          enum: [4, 8],
          default: 8,
          description: "Default weight bits",
        },
        activationBits: int(2, 16, 8, "Activation bits"),
      },
    },
    buffer: {
      type: "object",
      additionalProperties: false,
      required: [],
      default: {},
      properties: {
        tileKiB: {
          type: "integer",
          enum: bufferSizes,
          default: 64,
          description: "Tile data buffer [KiB]",
        },
        busBits: {
          type: "integer",
          enum: [64, 128, 256, 512],
          default: 256,
          description: "Buffer bus width [bits]",
        },
        ports: int(1, 16, 1, "Buffer accesses per cycle"),
      },
    },
    chip: {
      type: "object",
      additionalProperties: false,
      required: [],
      default: {},
      properties: {
        computeTiles: {
          type: ["integer", "null"],
          minimum: 1,
          maximum: 65536,
          default: null,
          description: "Compute tiles (null: as many as the mapped model needs)",
        },
        mvmEnginesPerTile: int(0, 1024, 8, "MVM engines per compute tile"),
        dpEnginesPerTile: int(0, 1024, 2, "DP engines per compute tile"),
        fmEnginesPerTile: int(0, 1024, 2, "FM engines per compute tile"),
        crossbarsPerEngine: int(1, 4096, 16, "Crossbars per engine"),
        memoryTiles: int(1, 65536, 8, "Memory tiles (embedding tables)"),
        banksPerMemoryTile: int(1, 1024, 16, "Banks per memory tile"),
      },
    },
    memory: {
      type: "object",
      additionalProperties: false,
      required: [],
      default: {},
      properties: {
        maxRowsPerTable: int(
          1,
          Number.MAX_SAFE_INTEGER,
          65536,
          "Embedding rows stored per table; larger tables are hashed (id mod rows)",
        ),
      },
    },
  },
};

const validate = new Ajv({ allErrors: true, useDefaults: true, strict: true }).compile<HwConfig>(
  hwConfigSchema,
);

/**
 * Checks `given` (a parsed JSON object, possibly partial), fills defaults
 * and applies the cross-field rules. `where` names the source in errors.
 * Returns a new object; `given` is not modified.
 */
export function resolveHwConfig(given: unknown, where = "hardware config"): HwConfig {
  const data: unknown = structuredClone(given ?? {});
  if (!validate(data)) {
    const lines = describeSchemaErrors(validate.errors ?? [], data);
    throw new InputError(`${where}: ${lines.join("; ")}`);
  }
  const lossyGiven = typeof given === "object" && given !== null && "lossy" in given;
  if (data.organisation === "mnsim" && !lossyGiven) data.lossy = true; // MNSIM checks nothing
  checkCrossFields(data, where);
  return data;
}

/** Reads a hardware config file (or the defaults when `path` is undefined). */
export function loadHwConfig(path: string | undefined): HwConfig {
  return path === undefined
    ? resolveHwConfig({}, "default hardware config")
    : resolveHwConfig(readJsonFile(path), path);
}

/** The default hardware config, resolved. */
export function defaultHwConfig(): HwConfig {
  return resolveHwConfig({}, "default hardware config");
}

function checkCrossFields(config: HwConfig, where: string): void {
  const { size, rowsPerRead } = config.crossbar;
  if (config.adc.colsPerAdc > size) {
    throw new InputError(
      `${where}: /adc/colsPerAdc = ${config.adc.colsPerAdc}: expected <= crossbar size ${size}`,
    );
  }
  if (rowsPerRead !== null && rowsPerRead > size) {
    throw new InputError(
      `${where}: /crossbar/rowsPerRead = ${rowsPerRead}: expected <= crossbar size ${size}`,
    );
  }
  if (
    !tech.buffers.entries.some(
      (e) => e.sizeKiB === config.buffer.tileKiB && e.busBits === config.buffer.busBits,
    )
  ) {
    throw new InputError(
      `${where}: /buffer: no CACTI entry for ${config.buffer.tileKiB} KiB with a ${config.buffer.busBits}-bit bus`,
    );
  }
  const precision = conversionPrecision(config);
  if (precision.bitsLost > 0 && !config.lossy) {
    throw new InputError(`${where}: ${precision.explanation}`);
  }
}
