import type { Argv, CommandModule } from "yargs";
import { simulate } from "../../models/simulate";
import { writeFileAtomic, writeJsonAtomic } from "../../sim/io/atomic-file";
import { DEFAULT_ZIPF_EXPONENT } from "../../traces/synthetic";
import { comparisonFromArgs, comparisonOptions, type ComparisonArgs } from "../comparison-options";
import { MEMORY_OPTION, progressBar, switchesFromArgs } from "../run-options";
import { ablationCsv, ablationSvg, ablationText } from "./ablation-report";
import { ablationHtml } from "../../models/report/html/ablation-html";
import { ranged, seedOption } from "../ranged";
import { checkOutputFlags } from "../output-flags";

interface AblateArgs extends ComparisonArgs {
  requests: number;
  seed: number;
  zipf: number;
  fidelity: "op" | "bit";
  replicate: "auto" | "off";
  "max-in-flight"?: number;
  json: boolean;
  out?: string;
  csv?: string;
  html?: string;
  svg?: string;
  progress: boolean;
}

export const ablateCommand: CommandModule<object, AblateArgs> = {
  command: "ablate",
  describe:
    "What each of AutoRAC's techniques buys: from the baseline (NASRec's model naively mapped on the default chip) to the design, one element switched on at a time, and each switched off alone from the full design; speedup, area saving and power efficiency per step (they multiply to the totals)",
  builder: (yargs: Argv) =>
    yargs
      .options(comparisonOptions())
      .option(
        "requests",
        ranged(
          "requests",
          {
            type: "number",
            default: 10_000,
            describe:
              "Synthetic requests per run (Zipf-skewed ids, closed loop); simulate's default",
          },
          { integer: true, min: 1 },
        ),
      )
      .option("seed", seedOption("Seed of the synthetic trace"))
      .option(
        "zipf",
        ranged(
          "zipf",
          {
            type: "number",
            default: DEFAULT_ZIPF_EXPONENT,
            describe: "Zipf exponent of embedding-row popularity",
          },
          { min: 0 },
        ),
      )
      .option("csv", { type: "string", describe: "Also write the table as CSV to this file" })
      .option("html", {
        type: "string",
        describe:
          "Also write a self-contained HTML report (waterfall, tables, inputs) to this file",
      })
      .option("svg", {
        type: "string",
        describe: "Also write a waterfall chart (SVG) of the steps to this file",
      })
      .example("$0 ablate", "autorac-criteo against nasrec-criteo, element by element")
      .example(
        "$0 ablate --model figure6-criteo --csv steps.csv --svg steps.svg",
        "the mapping's techniques alone on one model",
      )
      .options(MEMORY_OPTION)
      .strict() as unknown as Argv<AblateArgs>,
  // synchronous unless --html asks for the report (rendering its charts is asynchronous)
  handler: (args) => {
    checkOutputFlags(args, ["out", "html", "csv", "svg"]);
    const progress = progressBar(args.progress && !args.json);
    const result = simulate({
      ...comparisonFromArgs(args),
      ablation: "full",
      requests: args.requests,
      seed: args.seed,
      zipfExponent: args.zipf,
      fidelity: args.fidelity,
      replicate: args.replicate,
      maxInFlight: args["max-in-flight"],
      switches: switchesFromArgs(args),
      functionalChecks: 0,
      maxMemoryMb: args["max-memory-mb"] as number | undefined,
      onProgress: progress.update,
    });
    progress.stop();
    const ablation = result.ablation!;
    const json = {
      comparison: result.comparison,
      ratios: result.ratios,
      ablation,
      config: { ...result.config, functionalChecks: 0 },
    };
    if (args.out !== undefined) writeJsonAtomic(args.out, json);
    if (args.csv !== undefined) writeFileAtomic(args.csv, ablationCsv(ablation));
    if (args.svg !== undefined) writeFileAtomic(args.svg, ablationSvg(ablation, result.comparison));
    const print = () => {
      if (args.json) {
        console.log(JSON.stringify(json, null, 2));
        return;
      }
      const written = [args.out, args.csv, args.svg, args.html].filter((f) => f !== undefined);
      console.log(
        [
          `autorac ablate: ${result.comparison.design} against ${result.comparison.baseline} (${result.comparison.kind}); ${args.requests} requests, seed ${args.seed}`,
          "",
          ...ablationText(ablation, result.comparison),
          ...(written.length > 0 ? ["", `written: ${written.join(", ")}`] : []),
        ].join("\n"),
      );
    };
    if (args.html === undefined) return print();
    const html = args.html;
    return ablationHtml(ablation, result.comparison, json.config).then((page) => {
      writeFileAtomic(html, page);
      print();
    });
  },
};
