import { InputError } from "../../sim/kernel/input-error";
import { analyseModel } from "../spec/model-graph";
import { parseModelSpec } from "../spec/model-schema";
import type { ModelSpec } from "../spec/model-spec";
import autoracCriteo from "./autorac-criteo.design.json";
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
  // A design's name gives its model (the chip aside).
  const design = Object.hasOwn(zooDesigns, name)
    ? (zooDesigns[name] as { model?: unknown })
    : undefined;
  if (!Object.hasOwn(zooFiles, name) && design === undefined) {
    throw new InputError(
      `unknown zoo model ${JSON.stringify(name)}: expected one of ${[...zooNames(), ...zooDesignNames()].join(", ")}`,
    );
  }
  const where =
    design === undefined ? `models/zoo/${name}.json` : `models/zoo/${name}.design.json: /model`;
  const spec = parseModelSpec(design === undefined ? zooFiles[name] : design.model, where);
  try {
    analyseModel(spec); // a zoo file whose blocks do not connect is a bug, named like a user's
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${where}: ${error.message}`);
    throw error;
  }
  return spec;
}

/**
 * The zoo's designs: a model with the chip it was co-searched with, one
 * `NAME.design.json` each (docs/search.md says how each was found).
 */
const zooDesigns: Record<string, unknown> = {
  "autorac-criteo": autoracCriteo,
};

/** The zoo's design names, e.g. "autorac-criteo". */
export function zooDesignNames(): string[] {
  return Object.keys(zooDesigns);
}

/** A zoo design's JSON (parsed by models/design.ts), or undefined for an unknown name. */
export function zooDesignFile(name: string): unknown {
  return Object.hasOwn(zooDesigns, name) ? zooDesigns[name] : undefined;
}
