import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Options } from "yargs";
import { guessFormat } from "../../models/data/ctr-file";
import { syntheticLayoutOf } from "../../models/data/synthetic";
import { NOT_DATA } from "../../models/supernet/train-run";
import type { SupernetLoss } from "../../models/search/supernet-loss";
import { InputError } from "../../sim/kernel/input-error";
import { dataFormats, type DataFormat } from "../../models/data/ctr-example";
import { DEFAULT_LAMBDA } from "../../models/search/criterion";
import { backendChoices, type BackendChoice } from "../../models/supernet/backend";
import { datasetNames } from "../../traces/datasets";

/** The options of `autorac search` besides the hardware's (cli/hw-flags.ts). */
export const searchOptions: Record<string, Options> = {
  loss: {
    choices: ["proxy", "supernet"] as const,
    describe:
      "proxy: a documented cheap stand-in (quick runs); supernet: the trained supernet's validation log loss after fine-tuning (--supernet)",
  },
  supernet: {
    type: "string",
    describe: "--loss supernet: the checkpoint of autorac train (its .json)",
  },
  data: {
    type: "string",
    default: "synthetic",
    describe:
      '--loss supernet: the data the supernet was trained on (a Criteo/Avazu/KDD file, "synthetic", or "synthetic-criteo"/"-avazu"/"-kdd")',
  },
  format: {
    choices: dataFormats as DataFormat[],
    describe: "The data file's format (default: guessed from its name, else criteo)",
  },
  "table-cap": {
    type: "number",
    describe:
      "The table cap the supernet was trained with (autorac train --table-cap; synthetic-* data: rows per table, default 10,000)",
  },
  "finetune-steps": {
    type: "number",
    default: 20,
    describe: "Final-layer fine-tuning steps before scoring a subnet (NASRec: 500)",
  },
  "validation-rows": {
    type: "number",
    default: 2000,
    describe: "Validation rows a subnet is scored on",
  },
  batch: { type: "number", default: 256, describe: "Rows per fine-tuning step" },
  backend: {
    choices: backendChoices,
    default: "auto" as BackendChoice,
    describe: "tfjs backend: auto tries tfjs-node, then WASM, then CPU",
  },
  generations: {
    type: "number",
    default: 240,
    describe: "Generations (the paper: 240)",
  },
  population: {
    type: "number",
    default: 128,
    describe: "Random initial population (NASRec: 128)",
  },
  sample: {
    type: "number",
    default: 64,
    describe: "Candidates sampled to pick each parent (NASRec: 64)",
  },
  children: {
    type: "number",
    default: 8,
    describe: "Children per generation (NASRec: 8)",
  },
  mutations: {
    type: "string",
    default: "nasrec",
    describe: "Mutations per child: a number, or nasrec ((G - g) // max(20, G // 5) + 1)",
  },
  "hw-share": {
    type: "number",
    default: 0.25,
    describe: "Share of mutations that change the hardware (ADC, DAC, cell bits, crossbar size)",
  },
  removal: {
    choices: ["worst", "oldest"] as const,
    default: "worst" as const,
    describe: "worst: AutoRAC's algorithm 1; oldest: NASRec's aging",
  },
  dataset: {
    type: "string",
    default: "criteo",
    choices: datasetNames,
    describe: "Input layout of the models",
  },
  seed: {
    type: "number",
    default: 1,
    describe: "Seed: the same seed gives the same search",
  },
  workers: {
    type: "number",
    default: 1,
    describe: "Worker threads evaluating candidates (results do not depend on it)",
  },
  queue: {
    type: "string",
    describe:
      "Evaluate on `autorac worker` processes through Redis (BullMQ): redis://HOST:PORT (docs/distributed-search.md)",
  },
  "data-dir": {
    type: "string",
    describe:
      "--queue with --loss supernet: the directory the checkpoint and data are named relative to in each job; every worker's --data-dir holds the same files (default: the current directory)",
  },
  out: {
    type: "string",
    default: "search-out",
    describe: "Folder for the results and plots",
  },
  journal: { type: "string", describe: "Journal file (default: OUT/journal.jsonl)" },
  resume: {
    type: "boolean",
    default: false,
    describe: "Continue from the journal of a killed run",
  },
  "max-loss-of": {
    type: "string",
    describe:
      "A zoo model or spec file scored by the same loss first: candidates with a higher loss rank after every candidate without (the design must be no worse than it)",
  },
  "target-throughput": {
    type: "number",
    describe: "Target throughput [inferences/s] (default: the figure-6 model's on the base chip)",
  },
  "target-area": {
    type: "number",
    describe: "Target area [mm^2] (default: the figure-6 model's)",
  },
  "target-power": {
    type: "number",
    describe: "Target power [W] (default: the figure-6 model's)",
  },
  "lambda-throughput": {
    type: "number",
    describe: `Weight of 1/throughput / target (default ${DEFAULT_LAMBDA})`,
  },
  "lambda-area": {
    type: "number",
    describe: `Weight of area / target (default ${DEFAULT_LAMBDA})`,
  },
  "lambda-power": {
    type: "number",
    describe: `Weight of power / target (default ${DEFAULT_LAMBDA})`,
  },
};

export interface SearchArgs {
  loss?: "proxy" | "supernet";
  generations: number;
  population: number;
  sample: number;
  children: number;
  mutations: string;
  "hw-share": number;
  removal: "worst" | "oldest";
  dataset: string;
  seed: number;
  workers: number;
  queue?: string;
  "data-dir"?: string;
  supernet?: string;
  data: string;
  format?: DataFormat;
  "table-cap"?: number;
  "finetune-steps": number;
  "validation-rows": number;
  batch: number;
  backend: BackendChoice;
  out: string;
  journal?: string;
  resume: boolean;
  "max-loss-of"?: string;
  "target-throughput"?: number;
  "target-area"?: number;
  "target-power"?: number;
  "lambda-throughput"?: number;
  "lambda-area"?: number;
  "lambda-power"?: number;
  json: boolean;
  progress: boolean;
  [key: string]: unknown;
}

/** Refuses settings the search cannot run with, naming the flag; returns the mutations per child. */
export function checkSearchArgs(args: SearchArgs): number | "nasrec" {
  if (args.loss === undefined) {
    throw new InputError(
      "name the loss: --loss proxy (a cheap documented stand-in) or --loss supernet (a trained supernet)",
    );
  }
  const mutations = args.mutations === "nasrec" ? "nasrec" : Number(args.mutations);
  if (mutations !== "nasrec" && !(Number.isInteger(mutations) && mutations >= 1)) {
    throw new InputError(
      `--mutations ${JSON.stringify(args.mutations)}: expected nasrec or an integer >= 1`,
    );
  }
  for (const [flag, value, min] of [
    ["--generations", args.generations, 0],
    ["--population", args.population, 1],
    ["--sample", args.sample, 1],
    ["--children", args.children, 1],
    ["--workers", args.workers, 1],
  ] as const) {
    if (!(Number.isInteger(value) && value >= min))
      throw new InputError(`${flag} ${value}: expected an integer >= ${min}`);
  }
  if (!(args["hw-share"] >= 0 && args["hw-share"] <= 1)) {
    throw new InputError(`--hw-share ${args["hw-share"]}: expected a share between 0 and 1`);
  }
  for (const flag of ["target-throughput", "target-area", "target-power"] as const) {
    const value = args[flag];
    if (value !== undefined && !(value > 0)) {
      throw new InputError(`--${flag} ${value}: expected a positive target`);
    }
  }
  for (const flag of ["lambda-throughput", "lambda-area", "lambda-power"] as const) {
    const value = args[flag];
    if (value !== undefined && !(value >= 0)) {
      throw new InputError(`--${flag} ${value}: expected a weight >= 0`);
    }
  }
  if (args.queue !== undefined && args.workers > 1) {
    throw new InputError(
      "--queue with --workers: the queue's workers evaluate; leave --workers at 1",
    );
  }
  return mutations;
}

/** `--loss supernet`'s settings, checked; paths absolute, so that workers elsewhere find them. */
export function supernetLossFromArgs(args: SearchArgs): SupernetLoss {
  if (args.supernet === undefined) {
    throw new InputError(
      "--loss supernet needs --supernet CHECKPOINT.json (autorac train --checkpoint writes one)",
    );
  }
  if (!existsSync(args.supernet)) throw new InputError(`--supernet ${args.supernet}: no such file`);
  const synthetic = syntheticLayoutOf(args.data) !== null;
  if (!synthetic && !existsSync(args.data)) {
    throw new InputError(`--data ${args.data}: ${NOT_DATA}`);
  }
  for (const flag of ["finetune-steps", "validation-rows", "batch"] as const) {
    const value = args[flag];
    const min = flag === "finetune-steps" ? 0 : 1;
    if (!(Number.isInteger(value) && value >= min)) {
      throw new InputError(`--${flag} ${value}: expected an integer >= ${min}`);
    }
  }
  return {
    kind: "supernet",
    checkpoint: resolve(args.supernet),
    data: synthetic ? args.data : resolve(args.data),
    format: args.format ?? guessFormat(args.data) ?? "criteo",
    ...(args["table-cap"] !== undefined && { tableCap: args["table-cap"] }),
    batch: args.batch,
    finetuneSteps: args["finetune-steps"],
    validationRows: args["validation-rows"],
    backend: args.backend,
  };
}
