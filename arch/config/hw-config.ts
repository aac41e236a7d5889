import Ajv, { type SchemaObject } from "ajv";
import { InputError } from "../../sim/kernel/input-error";
import { checkJsonValue, readJsonFile } from "../../sim/io/json-file";
import { describeSchemaErrors, validatorFor } from "../../sim/io/schema-errors";
import { tech } from "../tech/tables";
import { hwParams, type HwConfig } from "./hw-params";
import { paramsJsonSchema } from "../../sim/kernel/param-schema";
import { checkMnsimChoices } from "../mnsim/from-hw-config";
import { conversionPrecision } from "./precision";

export type { HwConfig } from "./hw-params";

/** The JSON Schema of a hardware config file, from the one declaration (hw-params.ts). */
export const hwConfigSchema: SchemaObject = paramsJsonSchema(hwParams, {
  $id: "https://autorac.dev/schemas/hw-config.json",
  title: "autorac hardware configuration",
});

const options = { useDefaults: true, strict: true } as const;
const validateEveryError = new Ajv({ ...options, allErrors: true }).compile<HwConfig>(
  hwConfigSchema,
);
const validateFirstError = new Ajv({ ...options, allErrors: false }).compile<HwConfig>(
  hwConfigSchema,
);

/**
 * Checks `given` (a parsed JSON object, possibly partial), fills defaults
 * and applies the cross-field rules. `where` names the source in errors.
 * Returns a new object; `given` is not modified.
 */
export function resolveHwConfig(given: unknown, where = "hardware config"): HwConfig {
  const nodes = checkJsonValue(given ?? {}, where); // before the copy: too deep a value overflows it
  return resolve(structuredClone(given ?? {}), nodes, where);
}

/** Reads a hardware config file (or the defaults when `path` is undefined). */
export function loadHwConfig(path: string | undefined): HwConfig {
  if (path === undefined) return resolveHwConfig({}, "default hardware config");
  const json = readJsonFile(path); // the reader's own value: checked in place, not copied
  return resolve(json, checkJsonValue(json, path), path);
}

/** Validates `data` (of `nodes` nodes) in place, filling defaults, then the cross-field rules. */
function resolve(data: unknown, nodes: number, where: string): HwConfig {
  const lossyGiven = typeof data === "object" && data !== null && Object.hasOwn(data, "lossy");
  const validate = validatorFor(nodes, validateEveryError, validateFirstError);
  if (!validate(data)) {
    const lines = describeSchemaErrors(validate.errors ?? [], data);
    throw new InputError(`${where}: ${lines.join("; ")}`);
  }
  if (data.organisation === "mnsim" && !lossyGiven) data.lossy = true; // MNSIM checks nothing
  checkCrossFields(data, where);
  return data;
}

/** The default hardware config, resolved. */
export function defaultHwConfig(): HwConfig {
  return resolveHwConfig({}, "default hardware config");
}

function checkCrossFields(config: HwConfig, where: string): void {
  if (config.organisation === "autorac") checkAutoracRanges(config, where);
  else checkMnsimChoices(config, where);
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

/**
 * The autorac organisation's ranges within the declaration's (which also
 * covers MNSIM's designs): converters its technology table holds, the
 * paper's 1- and 2-bit cells, signed activations of at least 2 bits.
 */
function checkAutoracRanges(config: HwConfig, where: string): void {
  const limits: Array<[string, number, readonly number[]]> = [
    ["/adc/bits", config.adc.bits, Object.keys(tech.converters.adc.byBits).map(Number)],
    ["/dac/bits", config.dac.bits, Object.keys(tech.converters.dac.byBits).map(Number)],
    ["/crossbar/cellBits", config.crossbar.cellBits, [1, 2]],
  ];
  for (const [pointer, value, allowed] of limits) {
    if (!allowed.includes(value)) {
      throw new InputError(
        `${where}: ${pointer} = ${value}: expected one of ${allowed.join(", ")} in the autorac organisation ` +
          "(the mnsim organisation takes MNSIM's other designs)",
      );
    }
  }
  if (config.precision.activationBits < 2) {
    throw new InputError(
      `${where}: /precision/activationBits = ${config.precision.activationBits}: expected >= 2 in the autorac organisation (signed activations)`,
    );
  }
}
