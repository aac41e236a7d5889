import type { Argv, CommandModule } from "yargs";
import { compareDesign } from "../../models/compare/table3";
import { compareCsv, compareText } from "./compare-report";
import { compareHtml } from "../../models/report/html/compare-html";
import { backendChoices, type BackendChoice } from "../../models/supernet/backend";
import { DEFAULT_DESIGN, designNamed } from "../../models/design";
import { InputError } from "../../sim/kernel/input-error";
import { zooDesignNames } from "../../models/zoo";
import { writeFileAtomic, writeJsonAtomic } from "../../sim/io/atomic-file";
import { ranged, seedOption } from "../ranged";
import { checkOutputFlags } from "../output-flags";

interface CompareArgs {
  design?: string;
  requests: number;
  seed: number;
  cpu: boolean;
  "cpu-backend": BackendChoice;
  "batch-sizes": string;
  "cpu-seconds": number;
  "cpu-power-w"?: number;
  "cpu-max-rows": number;
  json: boolean;
  out?: string;
  csv?: string;
  html?: string;
}

export const compareCommand: CommandModule<object, CompareArgs> = {
  command: "compare",
  describe:
    "The paper's table 3: the searched design against a CPU running its model (tfjs), RecNMP and ReREC serving DLRM, and NASRec's model naively mapped, on the same requests",
  builder: (yargs: Argv) =>
    yargs
      .option("design", {
        type: "string",
        describe: `The searched design: best.json of \`autorac search\` ({model, hw}) or a zoo design (${zooDesignNames().join(", ")}); default ${DEFAULT_DESIGN}`,
      })
      .option(
        "requests",
        ranged(
          "requests",
          {
            type: "number",
            default: 2000,
            describe: "Synthetic requests per chip run",
          },
          { integer: true, min: 1 },
        ),
      )
      .option("seed", seedOption("Seed of the traces and CPU inputs"))
      .option("cpu", {
        type: "boolean",
        default: true,
        describe:
          "Measure the CPU row and RecNMP's host side (--no-cpu: neither; RecNMP's row is then its memory side alone)",
      })
      .option("cpu-backend", {
        choices: backendChoices,
        default: "auto" as BackendChoice,
        describe: "tfjs backend: auto tries tfjs-node, then WASM, then CPU",
      })
      .option("batch-sizes", {
        type: "string",
        default: "1,256",
        describe: "CPU batch sizes, comma-separated",
      })
      .option(
        "cpu-seconds",
        ranged(
          "cpu-seconds",
          {
            type: "number",
            default: 2,
            describe: "Seconds each CPU batch size is timed for",
          },
          { above: 0 },
        ),
      )
      .option(
        "cpu-power-w",
        ranged(
          "cpu-power-w",
          {
            type: "number",
            describe:
              "CPU power [W] (default: cores used x 200 W / 18, the paper's Xeon Gold 6254 TDP)",
          },
          { above: 0 },
        ),
      )
      .option(
        "cpu-max-rows",
        ranged(
          "cpu-max-rows",
          {
            type: "number",
            default: 65536,
            describe: "Embedding rows per table in the CPU model (full Criteo tables need 2 GB)",
          },
          { integer: true, min: 1 },
        ),
      )
      .option("json", { type: "boolean", default: false, describe: "Print the result as JSON" })
      .option("out", { type: "string", describe: "Also write the JSON result (with its config)" })
      .option("csv", { type: "string", describe: "Also write the table as CSV to this file" })
      .option("html", {
        type: "string",
        describe:
          "Also write a self-contained HTML report (table 3 beside the paper, each row's workload, sources and own-paper check)",
      })
      .example(
        "$0 compare",
        "the paper's table 3: the co-searched design against the CPU, RecNMP, naive NASRec and ReREC",
      )
      .example(
        "$0 compare --no-cpu --csv table3.csv",
        "quicker: no CPU row, RecNMP's host side not measured; the table also as CSV",
      )
      .example(
        "$0 compare --design best.json --out table3.json",
        "a design of your own search, written as JSON",
      )
      .strict() as unknown as Argv<CompareArgs>,
  handler: async (args) => {
    checkOutputFlags(args, ["out", "csv", "html"]);
    const batchSizes = args["batch-sizes"].split(",").map((s) => Number(s.trim()));
    if (!batchSizes.every((b) => Number.isInteger(b) && b >= 1)) {
      throw new InputError(
        `--batch-sizes ${JSON.stringify(args["batch-sizes"])}: expected positive integers separated by commas (e.g. 1,256)`,
      );
    }
    const result = await compareDesign({
      ...(args.design !== undefined && { design: designNamed(args.design) }),
      requests: args.requests,
      seed: args.seed,
      cpu: args.cpu && {
        backend: args["cpu-backend"],
        batchSizes,
        seconds: args["cpu-seconds"],
        maxRowsPerTable: args["cpu-max-rows"],
        seed: args.seed,
        ...(args["cpu-power-w"] !== undefined && { powerW: args["cpu-power-w"] }),
      },
      onStep: args.json ? undefined : (step) => process.stderr.write(`  running ${step}\n`),
    });
    if (args.out !== undefined) writeJsonAtomic(args.out, result);
    if (args.csv !== undefined) writeFileAtomic(args.csv, compareCsv(result));
    if (args.html !== undefined) writeFileAtomic(args.html, await compareHtml(result));
    console.log(args.json ? JSON.stringify(result, null, 2) : compareText(result));
  },
};
