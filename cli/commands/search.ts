import { join } from "node:path";
import type { Argv, CommandModule } from "yargs";
import { queueEvaluator } from "../../models/search/queue";
import { runSearch } from "../../models/search/run-search";
import { hwConfigFromArgs, hwOptions } from "../hw-flags";
import { modelNamed, progressBar } from "../run-options";
import {
  checkSearchArgs,
  searchOptions,
  supernetLossFromArgs,
  type SearchArgs,
} from "./search-options";
import { printSearch, writeSearchReports } from "./search-report";

export const searchCommand: CommandModule<object, SearchArgs> = {
  command: "search",
  describe:
    "Co-design search (paper algorithm 1): regularized evolution over models and ReRAM hardware, scored by loss + lambda x metric / target",
  builder: (yargs: Argv) =>
    yargs
      .options(searchOptions)
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
        "$0 search --loss proxy --generations 20 --html search.html --csv top15.csv",
        "a short search, with its report page and the top 15 for a spreadsheet",
      )
      .example(
        "$0 search --loss proxy --queue redis://127.0.0.1:6379",
        "evaluations on the workers of a Redis queue (autorac worker)",
      )
      .strict() as unknown as Argv<SearchArgs>,
  handler: async (args) => {
    const mutations = checkSearchArgs(args);
    const baseHw = hwConfigFromArgs(args);
    const loss = args.loss === "proxy" ? "proxy" : supernetLossFromArgs(args);
    const progress = progressBar(args.progress && !args.json, "generations");
    const outcome = await runSearch({
      loss,
      dataset: args.dataset,
      seed: args.seed,
      population: args.population,
      generations: args.generations,
      sample: args.sample!, // set by checkSearchArgs
      children: args.children,
      mutations,
      hwShare: args["hw-share"],
      allowLossy: args["allow-lossy"],
      removal: args.removal,
      baseHw,
      ...(args.queue !== undefined && {
        evaluator: queueEvaluator(args.queue, baseHw, loss, {
          ...(args["data-dir"] !== undefined && { dataDir: args["data-dir"] }),
        }),
      }),
      ...(args["max-loss-of"] !== undefined && { maxLossOf: modelNamed(args["max-loss-of"]) }),
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
    const config = {
      loss,
      dataset: args.dataset,
      seed: args.seed,
      population: args.population,
      generations: args.generations,
      sample: args.sample,
      children: args.children,
      mutations,
      hwShare: args["hw-share"],
      allowLossy: args["allow-lossy"],
      removal: args.removal,
      criterion: outcome.criterion,
      maxLossOf: outcome.reference,
      baseHw,
      workers: args.workers,
      queue: args.queue ?? null,
      out: args.out,
    };
    const reports = await writeSearchReports(outcome, args, baseHw, config);
    printSearch({ ...outcome, files: [...outcome.files, ...reports] }, args, baseHw);
  },
};
