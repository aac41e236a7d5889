import type { Options } from "yargs";
import { allowedValues, flagOf, paramLeaves, type ParamDecls, type ParamLeaf } from "../sim/kernel";

/**
 * yargs options from a parameter declaration, so that `--help` shows the
 * same description, unit, range and default that validation and the docs
 * use. One flag per leaf: its declared `flag`, else its key in kebab case.
 * Defaults are left to the declaration (yargs would otherwise pass every
 * flag as given); `pointers` adds "overrides /path" to the help of a nested
 * configuration's flags.
 */
export function optionsFromParams(decls: ParamDecls, pointers = false): Record<string, Options> {
  const options: Record<string, Options> = {};
  for (const leaf of paramLeaves(decls)) {
    const { spec } = leaf;
    const unit = spec.unit ? ` [${spec.unit}]` : "";
    const place = pointers ? `; overrides ${leaf.pointer}` : "";
    const describe = `${spec.description}${unit} (${allowedValues(spec)}; default ${String(spec.default)}${place})`;
    const type = spec.kind === "boolean" ? "boolean" : spec.kind === "choice" ? "string" : "number";
    options[flagOfLeaf(leaf)] = {
      type,
      describe,
      ...(spec.kind === "choice" && { choices: spec.choices }),
    };
  }
  return options;
}

/** The flag of a leaf. */
export function flagOfLeaf(leaf: ParamLeaf): string {
  return flagOf(leaf.keys[leaf.keys.length - 1]!, leaf.spec);
}

/**
 * The given flags as a value tree under the declaration's keys (flags not
 * given are left out), written over `base`, and which pointer each came
 * from (for error messages).
 */
export function paramsFromArgs(
  decls: ParamDecls,
  args: Record<string, unknown>,
  base: Record<string, unknown> = {},
): { values: Record<string, unknown>; fromFlags: Array<[pointer: string, flag: string]> } {
  const values = structuredClone(base);
  const fromFlags: Array<[string, string]> = [];
  for (const leaf of paramLeaves(decls)) {
    const flag = flagOfLeaf(leaf);
    const value = args[flag];
    if (value === undefined) continue;
    setAt(values, leaf.keys, value);
    fromFlags.push([leaf.pointer, flag]);
  }
  return { values, fromFlags };
}

function setAt(target: Record<string, unknown>, keys: string[], value: unknown): void {
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const child = node[key];
    if (typeof child !== "object" || child === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}
