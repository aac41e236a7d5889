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
import { ranged, seedOption } from "../ranged";
import { checkOutputFolder } from "../../sim/io/output-path";
import { checkOutputFlags } from "../output-flags";

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
  "table-cap": ranged(
    "table-cap",
    {
      type: "number",
      describe:
        "The table cap the supernet was trained with (autorac train --table-cap; synthetic-* data: rows per table, default 10,000)",
    },
    { integer: true, min: 1 },
  ),
  "finetune-steps": ranged(
    "finetune-steps",
    {
      type: "number",
      default: 20,
      describe: "Final-layer fine-tuning steps before scoring a subnet (NASRec: 500)",
    },
    { integer: true, min: 0 },
  ),
  "validation-rows": ranged(
    "validation-rows",
    {
      type: "number",
      default: 2000,
      describe: "Validation rows a subnet is scored on",
    },
    { integer: true, min: 1 },
  ),
  batch: ranged(
    "batch",
    { type: "number", default: 256, describe: "Rows per fine-tuning step" },
    { integer: true, min: 1, max: 65536 },
  ),
  backend: {
    choices: backendChoices,
    default: "auto" as BackendChoice,
    describe: "tfjs backend: auto tries tfjs-node, then WASM, then CPU",
  },
  generations: ranged(
    "generations",
    {
      type: "number",
      default: 240,
      describe: "Generations (the paper: 240)",
    },
    { integer: true, min: 0 },
  ),
  population: ranged(
    "population",
    {
      type: "number",
      default: 128,
      describe: "Random initial population (NASRec: 128)",
    },
    { integer: true, min: 2 },
  ),
  sample: ranged(
    "sample",
    {
      type: "number",
      describe:
        "Candidates sampled to pick each parent (default: NASRec's 64, or the population when it is smaller)",
    },
    { integer: true, min: 1 },
  ),
  children: ranged(
    "children",
    {
      type: "number",
      default: 8,
      describe: "Children per generation (NASRec: 8)",
    },
    { integer: true, min: 1 },
  ),
  mutations: {
    type: "string",
    default: "nasrec",
    describe: "Mutations per child: a number, or nasrec ((G - g) // max(20, G // 5) + 1)",
  },
  "hw-share": ranged(
    "hw-share",
    {
      type: "number",
      default: 0.25,
      describe: "Share of mutations that change the hardware (ADC, DAC, cell bits, crossbar size)",
    },
    { min: 0, max: 1 },
  ),
  "allow-lossy": {
    type: "boolean",
    default: false,
    describe:
      "Let the hardware genes include lossy chips (every row driven per read, the ADC clipping what it cannot hold); their loss is measured through the chip's crossbar model (--loss supernet)",
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
  seed: seedOption("Seed: the same seed gives the same search"),
  workers: ranged(
    "workers",
    {
      type: "number",
      default: 1,
      describe: "Worker threads evaluating candidates (results do not depend on it)",
    },
    { integer: true, min: 1, max: 64 },
  ),
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
  html: {
    type: "string",
    describe:
      "Also write a self-contained HTML report (criterion by generation, best model, Pareto front, top 15, inputs) to this file",
  },
  csv: {
    type: "string",
    describe:
      "Also write the top-15 table (top15.json's designs, one line each) as CSV to this file",
  },
  resume: {
    type: "boolean",
    default: false,
    describe: "Continue from the journal of a killed run",
  },
  force: {
    type: "boolean",
    default: false,
    describe:
      "Replace the results of an earlier run in --out (without it, such a folder is refused)",
  },
  "max-loss-of": {
    type: "string",
    describe:
      "A zoo model or spec file scored by the same loss first: candidates with a higher loss rank after every candidate without (the design must be no worse than it)",
  },
  "target-throughput": ranged(
    "target-throughput",
    {
      type: "number",
      describe: "Target throughput [inferences/s] (default: the figure-6 model's on the base chip)",
    },
    { above: 0 },
  ),
  "target-area": ranged(
    "target-area",
    {
      type: "number",
      describe: "Target area [mm^2] (default: the figure-6 model's)",
    },
    { above: 0 },
  ),
  "target-power": ranged(
    "target-power",
    {
      type: "number",
      describe: "Target power [W] (default: the figure-6 model's)",
    },
    { above: 0 },
  ),
  "lambda-throughput": ranged(
    "lambda-throughput",
    {
      type: "number",
      describe: `Weight of 1/throughput / target (default ${DEFAULT_LAMBDA})`,
    },
    { min: 0 },
  ),
  "lambda-area": ranged(
    "lambda-area",
    {
      type: "number",
      describe: `Weight of area / target (default ${DEFAULT_LAMBDA})`,
    },
    { min: 0 },
  ),
  "lambda-power": ranged(
    "lambda-power",
    {
      type: "number",
      describe: `Weight of power / target (default ${DEFAULT_LAMBDA})`,
    },
    { min: 0 },
  ),
};

export interface SearchArgs {
  loss?: "proxy" | "supernet";
  generations: number;
  population: number;
  sample?: number;
  children: number;
  mutations: string;
  "hw-share": number;
  "allow-lossy": boolean;
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
  html?: string;
  csv?: string;
  resume: boolean;
  force: boolean;
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
  checkOutputFolder(args.out, "--out", {
    overwrite: args.force || args.resume,
    results: ["best.json", "result.json", "top15.json", "pareto.json"],
    allow: "--resume continues it, --force replaces its results",
  });
  checkOutputFlags(args, ["journal", "html", "csv"]);
  // each flag's own range is checked by the parser (ranged); what is left relates two flags
  args.sample ??= Math.min(64, args.population);
  if (args.sample > args.population) {
    throw new InputError(
      `--sample ${args.sample} with --population ${args.population}: a parent is picked from a sample of the population; expected --sample <= --population`,
    );
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
