import Ajv, { type JSONSchemaType } from "ajv";
import { InputError } from "../../sim/kernel/input-error";
import { describeSchemaErrors } from "../../sim/io/schema-errors";
import { mnsimTables } from "./mnsim-tables";

/**
 * What the mnsim organisation needs to price one FC layer, in MNSIM 2.0's
 * own terms (SimConfig.ini and the layer's entry of its network
 * description). Everything else is MNSIM's default SimConfig.ini
 * (mnsim-chip.json) with Buffer_Technology in the "< 65 nm" group.
 */
export interface MnsimFcConfig {
  /** Xbar_Size (square) = Subarray_Size: rows = columns of a crossbar. */
  crossbarSize: number;
  /** ADC_Choice: a key of mnsim-interfaces.json adcChoices. */
  adcChoice: number;
  /** ADC_Num: ADCs per crossbar (per subarray per group). */
  adcsPerCrossbar: number;
  /** DAC_Choice: a key of mnsim-interfaces.json dacChoices. */
  dacChoice: number;
  /** DAC_Num: DACs per crossbar (per subarray per group). */
  dacsPerCrossbar: number;
  /** Buffer_Bitwidth: bits a buffer moves per access. */
  busBits: number;
  /**
   * Bits per memristor cell. 1 is MNSIM's native mapping; above 1, MNSIM's
   * users emulate multi-bit cells by giving its mapper fewer weight bits
   * (mapperWeightBits).
   */
  cellBits: number;
  /**
   * Tiles the layers ahead of this FC take in MNSIM's spiral placement. 1 is
   * the one-tile dummy conv of the [conv, FC] net MNSIM's latency model
   * needs; 0 a one-layer net, which MNSIM never places (no merge hops).
   */
  precedingTiles: number;
}

/** One FC layer as MNSIM's network description gives it. */
export interface MnsimFcLayer {
  inputs: number;
  outputs: number;
  /** The weight bits of the model (before any multi-bit-cell emulation). */
  weightBits: number;
  /** Inputbit: bits of each input activation. */
  inputBits: number;
  /** outputbit: bits of each output activation. */
  outputBits: number;
}

const integer = (minimum: number, maximum: number) =>
  ({ type: "integer", minimum, maximum }) as const;
const choice = (table: Record<string, unknown>) =>
  ({ type: "integer", enum: Object.keys(table).map(Number) }) as const;

const configSchema: JSONSchemaType<MnsimFcConfig> = {
  type: "object",
  additionalProperties: false,
  required: [
    "crossbarSize",
    "adcChoice",
    "adcsPerCrossbar",
    "dacChoice",
    "dacsPerCrossbar",
    "busBits",
    "cellBits",
    "precedingTiles",
  ],
  properties: {
    crossbarSize: integer(2, 4096),
    adcChoice: choice(mnsimTables.interfaces.adcChoices),
    adcsPerCrossbar: integer(1, 4096),
    dacChoice: choice(mnsimTables.interfaces.dacChoices),
    dacsPerCrossbar: integer(1, 4096),
    busBits: integer(1, 4096),
    cellBits: integer(1, 8),
    precedingTiles: integer(0, 1 << 20),
  },
};

const layerSchema: JSONSchemaType<MnsimFcLayer> = {
  type: "object",
  additionalProperties: false,
  required: ["inputs", "outputs", "weightBits", "inputBits", "outputBits"],
  properties: {
    inputs: integer(1, 1 << 20),
    outputs: integer(1, 1 << 20),
    weightBits: integer(1, 16),
    inputBits: integer(1, 16),
    outputBits: integer(1, 16),
  },
};

const ajv = new Ajv({ allErrors: true, strict: true });
const validateConfig = ajv.compile(configSchema);
const validateLayer = ajv.compile(layerSchema);

/** Refuses a config or layer outside the ranges above, naming the field, the value and the range. */
export function checkMnsimFc(config: MnsimFcConfig, layer: MnsimFcLayer): void {
  const problems: string[] = [];
  if (!validateConfig(config))
    problems.push(
      ...describeSchemaErrors(validateConfig.errors ?? [], config).map((p) => `config${p}`),
    );
  if (!validateLayer(layer))
    problems.push(
      ...describeSchemaErrors(validateLayer.errors ?? [], layer).map((p) => `layer${p}`),
    );
  if (problems.length > 0) throw new InputError(`mnsim FC layer: ${problems.join("; ")}`);
}

/**
 * The Weightbit MNSIM's mapper is given: the sign (kept by the positive and
 * negative crossbars) plus the ceil((W - 1) / cellBits) cell slices of the
 * W - 1 magnitude bits, the rule of the calibration runs
 * (../shared/reference/mnsim2-calibration.json, "how"). With 1-bit cells it
 * is W, MNSIM's native mapping.
 */
export function mapperWeightBits(weightBits: number, cellBits: number): number {
  return 1 + Math.ceil((weightBits - 1) / cellBits);
}
