import { InputError } from "../../sim/kernel/input-error";
import { analyseModel } from "../spec/model-graph";
import { parseModelSpec } from "../spec/model-schema";
import type { ModelSpec } from "../spec/model-spec";
import deepfmCriteo from "./deepfm-criteo.json";
import dlrmCriteo from "./dlrm-criteo.json";
import figure6Criteo from "./figure6-criteo.json";
import nasrecAvazu from "./nasrec-avazu.json";
import nasrecCriteo from "./nasrec-criteo.json";
import nasrecKdd from "./nasrec-kdd.json";

/**
 * The model zoo: ready-made specs, one JSON file each in this folder
 * (docs/models.md says where each comes from). Imported rather than read
 * from disk so that they travel with the build.
 */
const zooFiles: Record<string, unknown> = {
  "figure6-criteo": figure6Criteo,
  "nasrec-criteo": nasrecCriteo,
  "nasrec-avazu": nasrecAvazu,
  "nasrec-kdd": nasrecKdd,
  "dlrm-criteo": dlrmCriteo,
  "deepfm-criteo": deepfmCriteo,
};

/** The zoo's model names, e.g. "figure6-criteo". */
export function zooNames(): string[] {
  return Object.keys(zooFiles);
}

/** A zoo model, checked like a user's file; a fresh copy each call. */
export function zooModel(name: string): ModelSpec {
  if (!Object.hasOwn(zooFiles, name)) {
    throw new InputError(
      `unknown zoo model ${JSON.stringify(name)}: expected one of ${zooNames().join(", ")}`,
    );
  }
  const where = `models/zoo/${name}.json`;
  const spec = parseModelSpec(zooFiles[name], where);
  try {
    analyseModel(spec); // a zoo file whose blocks do not connect is a bug, named like a user's
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${where}: ${error.message}`);
    throw error;
  }
  return spec;
}
