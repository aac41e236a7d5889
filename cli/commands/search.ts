import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Argv, CommandModule } from "yargs";
import { hwConfigFromArgs, hwOptions } from "../hw-flags";
import { dataFormats, type DataFormat } from "../../models/data/ctr-example";
import { guessFormat } from "../../models/data/ctr-file";
import { datasetNames } from "../../traces/datasets";
import type { SupernetLoss } from "../../models/search/supernet-loss";
import { backendChoices, type BackendChoice } from "../../models/supernet/backend";
import { DEFAULT_LAMBDA } from "../../models/search/criterion";
import { queueEvaluator } from "../../models/search/queue";
import { runSearch } from "../../models/search/run-search";
import { InputError } from "../../sim/kernel/input-error";
import { progressBar } from "../run-options";

interface SearchArgs {
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

export const searchCommand: CommandModule<object, SearchArgs> = {
  command: "search",
  describe:
    "Co-design search (paper algorithm 1): regularized evolution over models and ReRAM hardware, scored by loss + lambda x metric / target",
  builder: (yargs: Argv) =>
    yargs
      .option("loss", {
        choices: ["proxy", "supernet"] as const,
        describe:
          "proxy: a documented cheap stand-in (quick runs); supernet: the trained supernet's validation log loss after fine-tuning (--supernet)",
      })
      .option("supernet", {
        type: "string",
        describe: "--loss supernet: the checkpoint of autorac train (its .json)",
      })
      .option("data", {
        type: "string",
        default: "synthetic",
        describe:
          '--loss supernet: the data the supernet was trained on (a Criteo/Avazu/KDD file or "synthetic")',
      })
      .option("format", {
        choices: dataFormats as DataFormat[],
        describe: "The data file's format (default: guessed from its name, else criteo)",
      })
      .option("table-cap", {
        type: "number",
        describe: "The table cap the supernet was trained with (autorac train --table-cap)",
      })
      .option("finetune-steps", {
        type: "number",
        default: 20,
        describe: "Final-layer fine-tuning steps before scoring a subnet (NASRec: 500)",
      })
      .option("validation-rows", {
        type: "number",
        default: 2000,
        describe: "Validation rows a subnet is scored on",
      })
      .option("batch", { type: "number", default: 256, describe: "Rows per fine-tuning step" })
      .option("backend", {
        choices: backendChoices,
        default: "auto" as BackendChoice,
        describe: "tfjs backend: auto tries tfjs-node, then WASM, then CPU",
      })
      .option("generations", {
        type: "number",
        default: 240,
        describe: "Generations (the paper: 240)",
      })
      .option("population", {
        type: "number",
        default: 128,
        describe: "Random initial population (NASRec: 128)",
      })
      .option("sample", {
        type: "number",
        default: 64,
        describe: "Candidates sampled to pick each parent (NASRec: 64)",
      })
      .option("children", {
        type: "number",
        default: 8,
        describe: "Children per generation (NASRec: 8)",
      })
      .option("mutations", {
        type: "string",
        default: "nasrec",
        describe: "Mutations per child: a number, or nasrec ((G - g) // max(20, G // 5) + 1)",
      })
      .option("hw-share", {
        type: "number",
        default: 0.25,
        describe:
          "Share of mutations that change the hardware (ADC, DAC, cell bits, crossbar size)",
      })
      .option("removal", {
        choices: ["worst", "oldest"] as const,
        default: "worst" as const,
        describe: "worst: AutoRAC's algorithm 1; oldest: NASRec's aging",
      })
      .option("dataset", {
        type: "string",
        default: "criteo",
        choices: datasetNames,
        describe: "Input layout of the models",
      })
      .option("seed", {
        type: "number",
        default: 1,
        describe: "Seed: the same seed gives the same search",
      })
      .option("workers", {
        type: "number",
        default: 1,
        describe: "Worker threads evaluating candidates (results do not depend on it)",
      })
      .option("queue", {
        type: "string",
        describe:
          "Evaluate on `autorac worker` processes through Redis (BullMQ): redis://HOST:PORT (docs/distributed-search.md)",
      })
      .option("out", {
        type: "string",
        default: "search-out",
        describe: "Folder for the results and plots",
      })
      .option("journal", { type: "string", describe: "Journal file (default: OUT/journal.jsonl)" })
      .option("resume", {
        type: "boolean",
        default: false,
        describe: "Continue from the journal of a killed run",
      })
      .option("target-throughput", {
        type: "number",
        describe:
          "Target throughput [inferences/s] (default: the figure-6 model's on the base chip)",
      })
      .option("target-area", {
        type: "number",
        describe: "Target area [mm^2] (default: the figure-6 model's)",
      })
      .option("target-power", {
        type: "number",
        describe: "Target power [W] (default: the figure-6 model's)",
      })
      .option("lambda-throughput", {
        type: "number",
        describe: `Weight of 1/throughput / target (default ${DEFAULT_LAMBDA})`,
      })
      .option("lambda-area", {
        type: "number",
        describe: `Weight of area / target (default ${DEFAULT_LAMBDA})`,
      })
      .option("lambda-power", {
        type: "number",
        describe: `Weight of power / target (default ${DEFAULT_LAMBDA})`,
      })
      .options(hwOptions())
      .option("json", {
        type: "boolean",
        default: false,
        describe: "Print the best design as JSON",
      })
      .option("progress", {
        type: "boolean",
        default: true,
        describe: "Show a progress bar on a terminal",
      })
      .example(
        "$0 search --loss proxy --generations 240",
        "the paper's search length with the proxy loss",
      )
      .example(
        "$0 search --loss proxy --queue redis://127.0.0.1:6379",
        "evaluations on the workers of a Redis queue (autorac worker)",
      )
      .strict() as unknown as Argv<SearchArgs>,
  handler: async (args) => {
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
    const baseHw = hwConfigFromArgs(args);
    const loss = args.loss === "proxy" ? "proxy" : supernetLossFromArgs(args);
    const progress = progressBar(args.progress && !args.json, "generations");
    const outcome = await runSearch({
      loss,
      dataset: args.dataset,
      seed: args.seed,
      population: args.population,
      generations: args.generations,
      sample: args.sample,
      children: args.children,
      mutations,
      hwShare: args["hw-share"],
      removal: args.removal,
      baseHw,
      ...(args.queue !== undefined && { evaluator: queueEvaluator(args.queue, baseHw, loss) }),
      criterion: {
        ...(args["target-throughput"] !== undefined && {
          targetThroughput: args["target-throughput"],
        }),
        ...(args["target-area"] !== undefined && { targetAreaMm2: args["target-area"] }),
        ...(args["target-power"] !== undefined && { targetPowerW: args["target-power"] }),
        ...(args["lambda-throughput"] !== undefined && {
          lambdaThroughput: args["lambda-throughput"],
        }),
        ...(args["lambda-area"] !== undefined && { lambdaArea: args["lambda-area"] }),
        ...(args["lambda-power"] !== undefined && { lambdaPower: args["lambda-power"] }),
      },
      workers: args.workers,
      journal: args.journal ?? join(args.out, "journal.jsonl"),
      resume: args.resume,
      out: args.out,
      onGeneration: (g) => progress.update("search", g, args.generations),
    });
    progress.stop();
    const { result, criterion } = outcome;
    const best = result.best;
    if (args.json) {
      console.log(
        JSON.stringify(
          {
            best: {
              criterion: best.criterion,
              loss: best.loss,
              metrics: best.metrics,
              model: best.candidate.model,
              hw: best.candidate.hw,
            },
            files: outcome.files,
          },
          null,
          2,
        ),
      );
      return;
    }
    const first = result.bestByGeneration[0]!;
    const m = best.metrics;
    const blocks = best.candidate.model.blocks
      .map(
        (b, i) =>
          `${i}:${b.dense.op.toUpperCase()}${b.dense.dim}/${b.dense.weightBits}b EFC${b.sparse.dim}/${b.sparse.weightBits}b${b.dsi ? " +DSI" : ""}${b.fm ? " +FM" : ""}`,
      )
      .join("  ");
    console.log(
      [
        `autorac search: ${args.generations} generations, population ${args.population}, ${result.history.length} evaluations (${outcome.resumed} from the journal), loss ${args.loss}, seed ${args.seed}`,
        `criterion = loss + ${criterion.lambdaThroughput} (1/throughput)/(1/${criterion.targetThroughput.toFixed(0)}) + ${criterion.lambdaArea} area/${criterion.targetAreaMm2.toFixed(1)} mm^2 + ${criterion.lambdaPower} power/${criterion.targetPowerW.toFixed(2)} W`,
        `best criterion ${best.criterion.toFixed(5)} (generation 0: ${first.toFixed(5)}, a ${(100 * (1 - best.criterion / first)).toFixed(2)}% drop), found in generation ${best.generation}`,
        `  loss ${best.loss.toFixed(5)}; ${m.throughput.toFixed(0)} inferences/s, ${(m.latencyNs / 1000).toFixed(1)} us, ${m.areaMm2.toFixed(1)} mm^2, ${m.powerW.toFixed(3)} W`,
        `  hardware: ${best.candidate.hw.crossbar}x${best.candidate.hw.crossbar} crossbars, ${best.candidate.hw.cellBits}-bit cells, ${best.candidate.hw.dacBits}-bit DAC, ${best.candidate.hw.adcBits}-bit ADC`,
        `  model: ${blocks}`,
        `Pareto front: ${result.pareto.length} designs; written: ${outcome.files.join(", ")}`,
      ].join("\n"),
    );
  },
};

/** `--loss supernet`'s settings, checked; paths absolute, so that workers elsewhere find them. */
function supernetLossFromArgs(args: SearchArgs): SupernetLoss {
  if (args.supernet === undefined) {
    throw new InputError(
      "--loss supernet needs --supernet CHECKPOINT.json (autorac train --checkpoint writes one)",
    );
  }
  if (!existsSync(args.supernet)) throw new InputError(`--supernet ${args.supernet}: no such file`);
  if (args.data !== "synthetic" && !existsSync(args.data)) {
    throw new InputError(`--data ${args.data}: no such file (or "synthetic")`);
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
    data: args.data === "synthetic" ? "synthetic" : resolve(args.data),
    format: args.format ?? guessFormat(args.data) ?? "criteo",
    ...(args["table-cap"] !== undefined && { tableCap: args["table-cap"] }),
    batch: args.batch,
    finetuneSteps: args["finetune-steps"],
    validationRows: args["validation-rows"],
    backend: args.backend,
  };
}
