import type { Options } from "yargs";
import type { HwConfig } from "../arch/config/hw-config";
import { DEFAULT_DESIGN, designNamed, type Design } from "../models/design";
import type { SimulateOptions } from "../models/simulate";
import { zooDesignNames, zooNames } from "../models/zoo";
import { hwConfigFromArgs } from "./hw-flags";
import { modelFromArgs, modelNamed, runOptions } from "./run-options";

/** The flags of what `simulate` and `ablate` compare. */
export interface ComparisonArgs {
  model?: string;
  design?: string;
  baseline?: string;
  [key: string]: unknown;
}

/** The run options with --model as a mapping-only comparison, and --design and --baseline. */
export function comparisonOptions(): Record<string, Options> {
  return {
    ...runOptions(
      `A model alone (a zoo name: ${zooNames().join(", ")}; or a JSON file) on the chip the flags give, against its own naive mapping on the same chip: a mapping-only comparison`,
    ),
    design: {
      type: "string",
      describe: `A design, model and chip (a zoo design: ${zooDesignNames().join(", ")}; or best.json of autorac search); default ${DEFAULT_DESIGN} unless --model is given. --hw and the hardware flags change the fields they give, in the design's chip and the baseline's alike`,
      conflicts: "model",
    },
    baseline: {
      type: "string",
      describe:
        "The model compared against, naively mapped (a zoo name or a JSON file; default: NASRec's model of the design's dataset, or the --model itself)",
    },
  };
}

/**
 * What is compared, from the flags: a design (default autorac-criteo) with
 * the flags over its chip against the baseline model on the flags' chip, or
 * with --model a model's two mappings on one chip.
 */
export function comparisonFromArgs(
  args: ComparisonArgs,
): Pick<SimulateOptions, "model" | "hw" | "baseline"> & { design?: Design; hw: HwConfig } {
  const hw = hwConfigFromArgs(args);
  const baseline =
    args.baseline === undefined ? undefined : { model: modelNamed(args.baseline), hw };
  if (args.model !== undefined) {
    return { model: modelFromArgs(args), hw, ...(baseline && { baseline }) };
  }
  const design = designNamed(args.design ?? DEFAULT_DESIGN);
  return {
    design: { ...design, hw: hwConfigFromArgs(args, design.hw) },
    hw,
    ...(baseline && { baseline }),
  };
}
