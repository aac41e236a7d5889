import { existsSync } from "node:fs";
import { resolveHwConfig, type HwConfig } from "../arch/config/hw-config";
import { readJsonFile } from "../sim/io/json-file";
import { InputError } from "../sim/kernel/input-error";
import { parseModelSpec } from "./spec/model-schema";
import type { ModelSpec } from "./spec/model-spec";
import { zooDesignFile, zooDesignNames } from "./zoo";

/**
 * A design: a model and the chip it was searched with, as `autorac search`
 * writes best.json (`{ model, hw, ... }`). The zoo ships the co-searched
 * `autorac-criteo` (models/zoo/autorac-criteo.design.json, docs/search.md
 * says how it was found).
 */
export interface Design {
  /** The zoo name, or the file it came from. */
  name: string;
  model: ModelSpec;
  hw: HwConfig;
}

/** The design `simulate` and `compare` run when given none. */
export const DEFAULT_DESIGN = "autorac-criteo";

/** A design from its JSON; errors name `where` and the JSON path. */
export function parseDesign(json: unknown, where: string): Design {
  if (typeof json !== "object" || json === null || Array.isArray(json) || !("model" in json)) {
    throw new InputError(
      `${where}: expected an object with "model" (a model spec) and "hw" (a hardware config), as best.json of autorac search`,
    );
  }
  const { model, hw } = json as { model: unknown; hw?: unknown };
  if (hw !== undefined && (typeof hw !== "object" || hw === null || Array.isArray(hw))) {
    throw new InputError(`${where}: /hw: expected an object (a hardware config)`);
  }
  return {
    name: where,
    model: parseModelSpec(model, `${where}: /model`),
    hw: resolveHwConfig((hw ?? {}) as object, `${where}: /hw`),
  };
}

/** A design file, or a zoo design by name. */
export function designNamed(source: string): Design {
  if (existsSync(source)) return parseDesign(readJsonFile(source), source);
  const file = zooDesignFile(source);
  if (file === undefined) {
    throw new InputError(
      `--design ${source}: no such file, and not a zoo design (expected a best.json of autorac search, or one of ${zooDesignNames().join(", ")})`,
    );
  }
  return { ...parseDesign(file, `models/zoo/${source}.design.json`), name: source };
}
