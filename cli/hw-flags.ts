import type { Options } from "yargs";
import { resolveHwConfig, type HwConfig } from "../arch/config/hw-config";
import { hwParams } from "../arch/config/hw-params";
import { readJsonFile } from "../sim/io/json-file";
import { InputError } from "../sim/kernel/input-error";
import { optionsFromParams, paramsFromArgs } from "./param-options";

/**
 * Command-line flags that override fields of a hardware config, so a sweep
 * needs no files: one flag per field of the declaration (arch/config/
 * hw-params.ts), whose help is that field's description, unit, values and
 * default.
 */
export function hwOptions(): Record<string, Options> {
  return {
    hw: { type: "string", describe: "Hardware config (JSON); defaults fill what it leaves out" },
    ...optionsFromParams(hwParams, true),
  };
}

/**
 * The config from --hw (or the defaults), with the given flags written over
 * it, validated. Errors name the file, the JSON path and the flag it came from.
 * `under` (a design's chip) lies beneath both: --hw and the flags change
 * only the fields they give.
 */
export function hwConfigFromArgs(args: Record<string, unknown>, under?: HwConfig): HwConfig {
  const file = typeof args.hw === "string" ? args.hw : undefined;
  const read = file === undefined ? {} : readJsonFile(file);
  if (typeof read !== "object" || read === null || Array.isArray(read)) {
    throw new InputError(`${file}: expected a JSON object (a hardware config)`);
  }
  const base = under === undefined ? read : overGroups(under, read as Record<string, unknown>);
  const { values, fromFlags } = paramsFromArgs(hwParams, args, base as Record<string, unknown>);
  const where =
    `${file ?? (under === undefined ? "default hardware config" : "the design's hardware config")}` +
    `${fromFlags.length > 0 ? " with flags" : ""}`;
  try {
    return resolveHwConfig(values, where);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    let message = error.message;
    for (const [pointer, flag] of fromFlags)
      message = message.split(`${pointer} =`).join(`${pointer} (--${flag}) =`);
    throw new InputError(message);
  }
}

/** `over`'s fields written over `under`'s, group by group (a config's groups are one level deep). */
function overGroups(under: object, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...under };
  for (const [key, value] of Object.entries(over)) {
    const below = out[key];
    const isGroup = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
    out[key] =
      isGroup(below) && isGroup(value) ? { ...(below as object), ...(value as object) } : value;
  }
  return out;
}
