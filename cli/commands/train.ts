import { SingleBar } from "cli-progress";
import type { Argv, CommandModule } from "yargs";
import { formatOf } from "../../models/data/ctr-file";
import { syntheticLayoutOf } from "../../models/data/synthetic";
import { dataFormats } from "../../models/data/ctr-example";
import { backendChoices, type BackendChoice } from "../../models/supernet/backend";
import { searchSpaces } from "../../models/supernet/search-space";
import { runTraining, type TrainRunResult } from "../../models/supernet/train-run";
import { modelNamed } from "../run-options";
import { zooNames } from "../../models/zoo";
import { InputError } from "../../sim/kernel/input-error";
import { ranged, seedOption } from "../ranged";
import { checkOutputFile } from "../../sim/io/output-path";

/** The CLI's peak learning rate (docs/supernet.md says why not NASRec's 0.12). */
const CLI_LEARNING_RATE = 0.04;

interface TrainArgs {
  data: string;
  format?: string;
  "user-profile"?: string;
  "table-cap"?: number;
  rows: number;
  epochs: number;
  batch: number;
  steps?: number;
  seed: number;
  backend: string;
  space?: string;
  lr: number;
  "validation-rows": number;
  subnet?: string;
  standalone: boolean;
  "finetune-steps": number;
  checkpoint?: string;
  resume?: string;
  json: boolean;
  progress: boolean;
}

/** The numeric flags, each with its range (checked by the parser, shown in --help). */
const NUMBER_OPTIONS = {
  "table-cap": ranged(
    "table-cap",
    {
      type: "number",
      describe:
        "Cap every embedding table at this many rows (default: NASRec's sizes; synthetic-* data: 10,000)",
    },
    { integer: true, min: 1 },
  ),
  rows: ranged(
    "rows",
    {
      type: "number",
      default: 20_000,
      describe: "Synthetic data: training rows per epoch",
    },
    { integer: true, min: 1 },
  ),
  epochs: ranged(
    "epochs",
    { type: "number", default: 4, describe: "Passes over the training rows" },
    { integer: true, min: 1 },
  ),
  batch: ranged(
    "batch",
    { type: "number", default: 256, describe: "Rows per training step" },
    { integer: true, min: 1, max: 65536 },
  ),
  steps: ranged(
    "steps",
    {
      type: "number",
      describe:
        "Stop after this many steps; also the schedules' length (default: epochs x rows / batch)",
    },
    { integer: true, min: 1 },
  ),
  seed: seedOption("Seed of the weights, the paths and the synthetic data"),
  lr: ranged(
    "lr",
    {
      type: "number",
      default: CLI_LEARNING_RATE,
      describe:
        "Peak Adagrad learning rate, cosine schedule with 10% warm-up (NASRec's 0.12 assumes LayerNorm in the supernet; without it, 0.12 diverges on small spaces: docs/supernet.md)",
    },
    { above: 0, max: 10 },
  ),
  "validation-rows": ranged(
    "validation-rows",
    {
      type: "number",
      default: 10_000,
      describe: "Validation rows to evaluate on (the first ones of the 10% validation part)",
    },
    { integer: true, min: 1 },
  ),
  "finetune-steps": ranged(
    "finetune-steps",
    {
      type: "number",
      default: 0,
      describe:
        "Fine-tune the subnet's final layer this many steps before evaluating (NASRec: 500)",
    },
    { integer: true, min: 0 },
  ),
};

export const trainCommand: CommandModule<object, TrainArgs> = {
  command: "train",
  describe:
    "Train the one-shot supernet on CTR data (a Criteo/Avazu/KDD file or synthetic rows), report a subnet's validation log loss and AUC, save a checkpoint",
  builder: (yargs: Argv) =>
    yargs
      .option("data", {
        type: "string",
        default: "synthetic",
        describe:
          'A data file (Criteo train.txt, Avazu train[.gz], KDD training.txt), "synthetic" (a planted model, 2 dense and 4 sparse features), or "synthetic-criteo", "synthetic-avazu", "synthetic-kdd" (planted rows in that set\'s layout)',
      })
      .option("format", {
        type: "string",
        choices: dataFormats as string[],
        describe: "The file's format (default: guessed from its name, else criteo)",
      })
      .option("user-profile", {
        type: "string",
        describe: "KDD: userid_profile.txt (gender and age by user)",
      })
      .options(NUMBER_OPTIONS)
      .option("backend", {
        type: "string",
        choices: backendChoices as string[],
        default: "auto",
        describe: "tfjs backend: auto tries tfjs-node, then WASM, then CPU",
      })
      .option("space", {
        type: "string",
        choices: Object.keys(searchSpaces),
        describe:
          "Search space: paper (table 1: 7 blocks, dims up to 1024) or small (4 blocks, dims up to 64) (default: small for synthetic, paper for a file or a set's layout)",
      })
      .option("subnet", {
        type: "string",
        describe: `Subnet to evaluate: a zoo name (${zooNames().join(", ")}) or a spec file (default: the space's largest, DP in every block)`,
      })
      .option("standalone", {
        type: "boolean",
        default: false,
        describe: "Train only --subnet, without path sampling",
      })
      .option("checkpoint", {
        type: "string",
        describe: "Save the supernet to this JSON file (weights beside it in .bin)",
      })
      .option("resume", { type: "string", describe: "Continue from a checkpoint JSON file" })
      .option("json", { type: "boolean", default: false, describe: "Print one JSON object" })
      .option("progress", {
        type: "boolean",
        default: true,
        describe: "Show a progress bar on a terminal",
      })
      .example("$0 train", "a quick run on synthetic data")
      .example(
        "$0 train --data train.txt --format criteo --table-cap 1000000 --checkpoint criteo.json",
        "the Criteo supernet",
      )
      .example("$0 train --resume criteo.json --data train.txt --epochs 2", "continue a run")
      .strict() as unknown as Argv<TrainArgs>,
  handler: async (args) => {
    checkOutputFile(args["checkpoint"] as string | undefined, "--checkpoint");
    const result = await train(args);
    console.log(args.json ? JSON.stringify(result, null, 2) : report(result));
  },
};

async function train(args: TrainArgs): Promise<TrainRunResult & { config: object }> {
  const layout = syntheticLayoutOf(args.data);
  const format = formatOf(args.data, args.format);
  // The small layout is for quick runs; a real set's layout (file or synthetic) gets the paper's space.
  const spaceName = args.space ?? (layout === "small" ? "small" : "paper");
  const space = searchSpaces[spaceName]!;
  const subnet = args.subnet === undefined ? undefined : modelNamed(args.subnet);
  if (args.standalone && subnet === undefined) {
    throw new InputError("--standalone trains one subnet: name it with --subnet");
  }
  let bar: SingleBar | null = null;
  const started = Date.now();
  const result = await runTraining({
    data: args.data,
    format,
    userProfile: args["user-profile"],
    tableCap: args["table-cap"],
    syntheticRows: args.rows,
    epochs: args.epochs,
    batch: args.batch,
    steps: args.steps,
    seed: args.seed,
    space,
    backend: args.backend as BackendChoice,
    learningRate: args.lr,
    validationRows: args["validation-rows"],
    subnet,
    standalone: args.standalone,
    finetuneSteps: args["finetune-steps"],
    checkpoint: args.checkpoint,
    resume: args.resume,
    onStart: ({ backend, totalSteps, resumedAt }) => {
      if (!args.json) console.log(`backend: ${backend}`);
      if (args.progress && process.stderr.isTTY && !args.json) {
        bar = new SingleBar({
          format: " training [{bar}] {value}/{total} steps | loss {loss} | {rate} samples/s",
          hideCursor: true,
          stream: process.stderr,
        });
        bar.start(totalSteps, resumedAt, { loss: "-", rate: "-" });
      }
    },
    onStep: ({ step, loss }) => {
      const seconds = (Date.now() - started) / 1000;
      bar?.update(step, { loss: loss.toFixed(4), rate: Math.round((step * args.batch) / seconds) });
    },
  }).finally(() => (bar as SingleBar | null)?.stop());
  return {
    ...result,
    config: { ...args, format, space: { name: spaceName, ...space }, $0: undefined, _: undefined },
  };
}

function report(r: TrainRunResult): string {
  const lines = [
    `data: ${r.data}`,
    `trained ${r.stepsThisRun} steps (${r.steps} in all, schedule ${r.totalSteps}) in ${r.seconds.toFixed(1)} s: ` +
      `${Math.round(r.samplesPerSec)} samples/s; recent training loss ${r.trainLoss.toFixed(4)}`,
    `validation (${r.validation.rows} rows), subnet ${r.subnet}: log loss ${r.validation.logLoss.toFixed(4)}, ` +
      `AUC ${r.validation.auc.toFixed(4)}`,
  ];
  if (r.checkpoint !== null)
    lines.push(`checkpoint: ${r.checkpoint.json} (weights ${r.checkpoint.weights})`);
  return lines.join("\n");
}
