import { existsSync } from "node:fs";
import { SingleBar } from "cli-progress";
import type { Options } from "yargs";
import { ALL_OVERLAPS, overlapParams, type OverlapSwitches } from "../arch/chip/overlap-switches";
import { hwOptions } from "./hw-flags";
import { optionsFromParams, paramsFromArgs } from "./param-options";
import { DEFAULT_MODEL } from "../models/simulate";
import { loadModelSpec } from "../models/spec/model-schema";
import type { ModelSpec } from "../models/spec/model-spec";
import { zooModel, zooNames } from "../models/zoo";
import { InputError } from "../sim/kernel/input-error";
import { ranged } from "./ranged";
import { defaultMemoryLimitMb } from "../models/simulation/memory-estimate";

/**
 * The options `simulate`, `replay` and `overlap` share: the model, the chip,
 * the switches, the run. `modelDescribe` replaces --model's help and drops
 * its default (simulate runs a design when given no model).
 */
export function runOptions(modelDescribe?: string): Record<string, Options> {
  return {
    model: {
      type: "string",
      ...(modelDescribe === undefined && { default: DEFAULT_MODEL }),
      describe: modelDescribe ?? `Model spec: a zoo name (${zooNames().join(", ")}) or a JSON file`,
    },
    ...hwOptions(),
    fidelity: {
      choices: ["op", "bit"],
      default: "op",
      describe: "op: an event per crossbar operation; bit: per read step",
    },
    "max-in-flight": ranged(
      "max-in-flight",
      {
        type: "number",
        describe: "Requests in the chip at once (default: enough to keep the busiest unit busy)",
      },
      { integer: true, min: 1 },
    ),
    ...optionsFromParams(overlapParams),
    replicate: {
      choices: ["auto", "off"],
      default: "auto",
      describe:
        "auto: copy the bottleneck operator's crossbars into its engines' spare crossbars while that shortens the request interval; off: one copy of each",
    },
    json: {
      type: "boolean",
      default: false,
      describe: "Print one JSON object (with the resolved config)",
    },
    out: { type: "string", describe: "Also write the JSON result to this file" },
    progress: { type: "boolean", default: true, describe: "Show a progress bar on a terminal" },
  };
}

/** The overlap switches: each on unless its --no- flag is given. */
/** --max-memory-mb: refuse a model whose simulation would not fit (models/simulation/memory-estimate.ts). */
export const MEMORY_OPTION = {
  "max-memory-mb": ranged(
    "max-memory-mb",
    {
      type: "number",
      describe: `Refuse a model whose simulation needs more memory than this, by an estimate made before anything is built [MB] (default: 3/4 of Node's heap limit, here ${defaultMemoryLimitMb()})`,
    },
    { integer: true, min: 1 },
  ),
} as const;

export function switchesFromArgs(args: Record<string, unknown>): OverlapSwitches {
  return { ...ALL_OVERLAPS, ...paramsFromArgs(overlapParams, args).values };
}

/** A zoo name, or a spec file. */
export function modelFromArgs(args: Record<string, unknown>): ModelSpec {
  return modelNamed(String(args.model ?? DEFAULT_MODEL));
}

/** A spec file when one exists at `source`, else a zoo model of that name. */
export function modelNamed(source: string, flag = "--model"): ModelSpec {
  if (existsSync(source)) return loadModelSpec(source);
  // a name with a folder or an extension was meant as a file
  if (/[/\\]|\.json$/i.test(source)) {
    throw new InputError(
      `${flag} ${source}: no such file (expected a model spec JSON file, or a zoo name: ${zooNames().join(", ")})`,
    );
  }
  return zooModel(source);
}

/** A progress callback drawing one bar per phase on stderr when it is a terminal, else nothing. */
export function progressBar(
  enabled: boolean,
  unit = "requests",
): {
  update: (phase: string, done: number, total: number | null) => void;
  stop: () => void;
} {
  const bar =
    enabled && process.stderr.isTTY
      ? new SingleBar({
          format: ` {phase} [{bar}] {value}/{total} ${unit}`,
          hideCursor: true,
          stream: process.stderr,
        })
      : null;
  let current = "";
  return {
    update: (phase, done, total) => {
      if (bar === null || total === null) return;
      if (phase !== current) {
        if (current !== "") bar.stop();
        current = phase;
        bar.start(total, 0, { phase: phase.padEnd(8) });
      }
      bar.update(done); // cli-progress redraws at most 10 times a second
    },
    stop: () => {
      if (current !== "") bar?.stop();
    },
  };
}

/** "A:B" -> { from: A, to: B }, the timeline's window of request ids. */
export function parseRange(text: string, flag: string): { from: number; to: number } {
  const m = /^(\d+):(\d+)$/.exec(text.trim());
  if (m === null || Number(m[2]) <= Number(m[1])) {
    throw new InputError(
      `${flag} ${JSON.stringify(text)}: expected FROM:TO, request ids with FROM < TO (e.g. 0:20)`,
    );
  }
  return { from: Number(m[1]), to: Number(m[2]) };
}
