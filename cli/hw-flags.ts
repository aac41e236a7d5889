import type { Options } from "yargs";
import { InputError } from "../sim/kernel/input-error";
import { readJsonFile } from "../sim/io/json-file";
import { hwConfigSchema, resolveHwConfig, type HwConfig } from "../arch/config/hw-config";

/**
 * Command-line flags that override fields of a hardware config, so a sweep
 * needs no files. Each flag names one JSON path; its help text is the
 * schema's description of that field.
 */
export const hwFlags = {
  organisation: "/organisation",
  "clock-mhz": "/clockMhz",
  lossy: "/lossy",
  xbar: "/crossbar/size",
  "cell-bits": "/crossbar/cellBits",
  "rows-per-read": "/crossbar/rowsPerRead",
  "dac-bits": "/dac/bits",
  "adc-bits": "/adc/bits",
  "cols-per-adc": "/adc/colsPerAdc",
  "weight-bits": "/precision/weightBits",
  "act-bits": "/precision/activationBits",
  "buffer-kib": "/buffer/tileKiB",
  "bus-bits": "/buffer/busBits",
  "buffer-ports": "/buffer/ports",
  "compute-tiles": "/chip/computeTiles",
  "mvm-engines": "/chip/mvmEnginesPerTile",
  "dp-engines": "/chip/dpEnginesPerTile",
  "fm-engines": "/chip/fmEnginesPerTile",
  "crossbars-per-engine": "/chip/crossbarsPerEngine",
  "memory-tiles": "/chip/memoryTiles",
  "banks-per-memory-tile": "/chip/banksPerMemoryTile",
  "max-rows-per-table": "/memory/maxRowsPerTable",
} as const;

type SchemaNode = {
  description?: string;
  type?: unknown;
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
};

function schemaAt(pointer: string): SchemaNode {
  let node = hwConfigSchema as SchemaNode;
  for (const key of pointer.split("/").slice(1)) node = node.properties![key]!;
  return node;
}

/** yargs options for --hw and every override flag, described by the schema. */
export function hwOptions(): Record<string, Options> {
  const options: Record<string, Options> = {
    hw: { type: "string", describe: "Hardware config (JSON); defaults fill what it leaves out" },
  };
  for (const [flag, pointer] of Object.entries(hwFlags)) {
    const node = schemaAt(pointer);
    const type = node.type === "boolean" ? "boolean" : node.type === "string" ? "string" : "number";
    options[flag] = { type, describe: `${node.description ?? pointer} (overrides ${pointer})` };
    if (node.enum !== undefined && type === "string") options[flag].choices = node.enum as string[];
  }
  return options;
}

/**
 * The config from --hw (or the defaults), with the given flags written over
 * it, validated. Errors name the file, the JSON path and the flag it came from.
 */
export function hwConfigFromArgs(args: Record<string, unknown>): HwConfig {
  const file = typeof args.hw === "string" ? args.hw : undefined;
  const base = file === undefined ? {} : readJsonFile(file);
  if (typeof base !== "object" || base === null || Array.isArray(base)) {
    throw new InputError(`${file}: expected a JSON object (a hardware config)`);
  }
  const merged = structuredClone(base) as Record<string, unknown>;
  const fromFlags: Array<[string, string]> = [];
  for (const [flag, pointer] of Object.entries(hwFlags)) {
    const value = args[flag];
    if (value === undefined) continue;
    setAt(merged, pointer, value);
    fromFlags.push([pointer, flag]);
  }
  const where = `${file ?? "default hardware config"}${fromFlags.length > 0 ? " with flags" : ""}`;
  try {
    return resolveHwConfig(merged, where);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    let message = error.message;
    for (const [pointer, flag] of fromFlags)
      message = message.split(`${pointer} =`).join(`${pointer} (--${flag}) =`);
    throw new InputError(message);
  }
}

function setAt(target: Record<string, unknown>, pointer: string, value: unknown): void {
  const keys = pointer.split("/").slice(1);
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const child = node[key];
    if (typeof child !== "object" || child === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}
