import type { Options } from "yargs";
import type { ParamDecls } from "../sim/kernel";

/** camelCase parameter key -> kebab-case flag ("arrivalMeanCycles" -> "arrival-mean-cycles"). */
export function flagOf(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * yargs options from a parameter declaration, so that `--help` shows the same
 * description, unit and default that validation and reports use. Defaults are
 * left to the declaration (yargs would otherwise pass every flag as given).
 */
export function optionsFromParams(decls: ParamDecls): Record<string, Options> {
  const options: Record<string, Options> = {};
  for (const [key, spec] of Object.entries(decls)) {
    const unit = spec.unit ? ` [${spec.unit}]` : "";
    const base = { describe: `${spec.description}${unit} (default ${String(spec.default)})` };
    switch (spec.kind) {
      case "integer":
      case "number":
        options[flagOf(key)] = { ...base, type: "number" };
        break;
      case "boolean":
        options[flagOf(key)] = { ...base, type: "boolean" };
        break;
      case "choice":
        options[flagOf(key)] = { ...base, type: "string", choices: spec.choices };
        break;
    }
  }
  return options;
}

/** The given flags, back under their parameter keys; flags not given are left out. */
export function paramsFromArgs(
  decls: ParamDecls,
  args: Record<string, unknown>,
): Record<string, unknown> {
  const given: Record<string, unknown> = {};
  for (const key of Object.keys(decls)) {
    const value = args[key];
    if (value !== undefined) given[key] = value;
  }
  return given;
}
