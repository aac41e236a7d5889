import type { Argv, CommandModule, Options } from "yargs";
import { buildHardware } from "../../arch/config/hardware";
import { formatOf } from "../../models/data/ctr-file";
import { dataFormats, type DataFormat } from "../../models/data/ctr-example";
import { evaluateCheckpoint } from "../../models/onchip/evaluate-checkpoint";
import { backendChoices, type BackendChoice } from "../../models/supernet/backend";
import { writeFileAtomic, writeJsonAtomic } from "../../sim/io/atomic-file";
import { hwConfigFromArgs, hwOptions } from "../hw-flags";
import { checkOutputFlags } from "../output-flags";
import { ranged } from "../ranged";
import { modelNamed, progressBar } from "../run-options";
import { evaluateCsv, evaluateText } from "./evaluate-report";
import { evaluateHtml } from "../../models/report/html/evaluate-html";

interface EvaluateArgs {
  checkpoint: string;
  model?: string;
  data: string;
  format?: DataFormat;
  "table-cap"?: number;
  "user-profile"?: string;
  seed?: number;
  "validation-rows": number;
  "finetune-steps": number;
  batch: number;
  backend: BackendChoice;
  json: boolean;
  out?: string;
  csv?: string;
  html?: string;
  progress: boolean;
}

/** The numeric flags, each with its range (checked by the parser, shown in --help). */
const NUMBER_OPTIONS: Record<string, Options> = {
  "table-cap": ranged(
    "table-cap",
    { type: "number", describe: "The table cap it was trained with (train --table-cap)" },
    { integer: true, min: 1 },
  ),
  seed: ranged(
    "seed",
    {
      type: "number",
      describe: "Synthetic data: the generator's seed (default: the checkpoint's, as train used)",
    },
    { integer: true, min: 0 },
  ),
  "validation-rows": ranged(
    "validation-rows",
    {
      type: "number",
      default: 10_000,
      describe: "Validation rows (the first ones of the 10% validation part, as train reads)",
    },
    { integer: true, min: 1 },
  ),
  "finetune-steps": ranged(
    "finetune-steps",
    {
      type: "number",
      default: 0,
      describe:
        "Fine-tune the final layer this many steps first (on the first training batches), as search --loss supernet scores a subnet",
    },
    { integer: true, min: 0 },
  ),
  batch: ranged(
    "batch",
    { type: "number", default: 256, describe: "Rows per evaluated batch" },
    { integer: true, min: 1, max: 65536 },
  ),
};

export const evaluateCommand: CommandModule<object, EvaluateArgs> = {
  command: "evaluate",
  describe:
    "A trained checkpoint's subnet on the simulated chip: validation log loss and AUC through the crossbar model (ADC clipping included) beside the float32 model, the tfjs pass and the exact integer reference, with each layer's conversions, clips and error",
  builder: (yargs: Argv) =>
    yargs
      .option("checkpoint", {
        type: "string",
        demandOption: true,
        describe: "The supernet checkpoint of `autorac train --checkpoint` (its .json)",
      })
      .option("model", {
        type: "string",
        describe:
          "The subnet: a zoo name or a spec file (default: the space's largest, DP in every block, as train evaluates)",
      })
      .option("data", {
        type: "string",
        default: "synthetic",
        describe:
          'The data it was trained on: a Criteo/Avazu/KDD file, "synthetic", or "synthetic-criteo"/"-avazu"/"-kdd"',
      })
      .option("format", {
        type: "string",
        choices: dataFormats as string[],
        describe: "The file's format (default: guessed from its name, else criteo)",
      })
      .option("user-profile", { type: "string", describe: "KDD: userid_profile.txt" })
      .options(NUMBER_OPTIONS)
      .option("backend", {
        choices: backendChoices,
        default: "auto" as BackendChoice,
        describe: "tfjs backend of the tfjs pass: auto tries tfjs-node, then WASM, then CPU",
      })
      .options(hwOptions())
      .option("json", { type: "boolean", default: false, describe: "Print the result as JSON" })
      .option("out", { type: "string", describe: "Also write the JSON result (with its config)" })
      .option("csv", { type: "string", describe: "Also write the per-layer table as CSV" })
      .option("html", {
        type: "string",
        describe:
          "Also write a self-contained HTML report (the four passes, each layer's clips and error, the config)",
      })
      .option("progress", {
        type: "boolean",
        default: true,
        describe: "Show a progress bar on a terminal",
      })
      .example(
        "$0 evaluate --checkpoint sn.json",
        "the default chip (lossless: chip = integer reference)",
      )
      .example(
        "$0 evaluate --checkpoint sn.json --adc-bits 4 --lossy",
        "a 4-bit ADC: what its clipping costs in log loss and AUC, layer by layer",
      )
      .strict() as unknown as Argv<EvaluateArgs>,
  handler: async (args) => {
    checkOutputFlags(args, ["out", "csv", "html"]);
    const hwConfig = hwConfigFromArgs(args as unknown as Record<string, unknown>);
    const format = formatOf(args.data, args.format);
    const progress = progressBar(args.progress && !args.json, "batches");
    const result = await evaluateCheckpoint({
      checkpoint: args.checkpoint,
      ...(args.model !== undefined && { subnet: modelNamed(args.model) }),
      hw: buildHardware(hwConfig),
      data: args.data,
      format,
      tableCap: args["table-cap"],
      userProfile: args["user-profile"],
      seed: args.seed,
      validationRows: args["validation-rows"],
      finetuneSteps: args["finetune-steps"],
      batch: args.batch,
      backend: args.backend,
      onBatch: (done, total) => progress.update("chip", done, total),
    }).finally(() => progress.stop());
    const withConfig = {
      ...result,
      config: { hw: hwConfig, checkpoint: args.checkpoint, data: args.data, format },
    };
    if (args.out !== undefined) writeJsonAtomic(args.out, withConfig);
    if (args.csv !== undefined) writeFileAtomic(args.csv, evaluateCsv(result));
    if (args.html !== undefined)
      writeFileAtomic(args.html, await evaluateHtml(result, withConfig.config));
    console.log(args.json ? JSON.stringify(withConfig, null, 2) : evaluateText(result, hwConfig));
  },
};
