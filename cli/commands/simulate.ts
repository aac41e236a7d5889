import type { Argv, CommandModule } from "yargs";
import { DEFAULT_ZIPF_EXPONENT } from "../../traces/synthetic";
import { simulate, type SimulateResult } from "../../models/simulate";
import { comparisonFromArgs, comparisonOptions, type ComparisonArgs } from "../comparison-options";
import { writeFileAtomic, writeJsonAtomic } from "../../sim/io/atomic-file";
import { RunObserver } from "../../models/report/html/run-observer";
import { simulateHtml } from "../../models/report/html/simulate-html";
import { headlineCsv } from "../../models/report/headline-rows";
import { writeStats } from "../stats-file";
import { formatResult } from "./simulate-report";
import { MEMORY_OPTION, progressBar, switchesFromArgs } from "../run-options";
import { ranged, seedOption } from "../ranged";
import { checkOutputFlags } from "../output-flags";

interface SimulateArgs extends ComparisonArgs {
  ablation: boolean;
  requests: number;
  seed: number;
  zipf: number;
  fidelity: "op" | "bit";
  "max-in-flight"?: number;
  naive: boolean;
  functional: number;
  json: boolean;
  out?: string;
  html?: string;
  csv?: string;
  timeline?: string;
  "timeline-max-events": number;
  progress: boolean;
  stats?: string;
  operators: boolean;
  "dp-program-overlap": boolean;
  "fm-concurrent-halves": boolean;
  "request-pipelining": boolean;
  "frequency-placement": boolean;
  [key: string]: unknown;
}

/** The numeric flags, each with its range (checked by the parser, shown in --help). */
const NUMBER_OPTIONS = {
  requests: ranged(
    "requests",
    {
      type: "number",
      default: 10_000,
      describe: "Synthetic requests (Zipf-skewed ids, closed loop)",
    },
    { integer: true, min: 1 },
  ),
  seed: seedOption("Seed of the synthetic trace and the model's weights"),
  zipf: ranged(
    "zipf",
    {
      type: "number",
      default: DEFAULT_ZIPF_EXPONENT,
      describe: "Zipf exponent of embedding-row popularity",
    },
    { min: 0 },
  ),
  functional: ranged(
    "functional",
    {
      type: "number",
      default: 4,
      describe:
        "Requests computed through the crossbar models and checked against the integer reference",
    },
    { integer: true, min: 0 },
  ),
  "timeline-max-events": ranged(
    "timeline-max-events",
    {
      type: "number",
      default: 200_000,
      describe: "Busy intervals the timeline keeps",
    },
    { integer: true, min: 1 },
  ),
};

export const simulateCommand: CommandModule<object, SimulateArgs> = {
  command: "simulate",
  describe:
    "Simulate a co-searched design on its chip over a trace, cycle by cycle, against NASRec's model naively mapped on the default chip, with an ablation of every technique between them (defaults: autorac-criteo against nasrec-criteo, 10,000 synthetic requests); --model X compares X's mappings alone",
  builder: (yargs: Argv) =>
    yargs
      .options(comparisonOptions())
      .option("ablation", {
        type: "boolean",
        default: true,
        describe:
          "Also run every step from the baseline to the design, one technique on at a time (--no-ablation to skip; autorac ablate has more)",
      })
      .options(NUMBER_OPTIONS)
      .option("naive", {
        type: "boolean",
        default: true,
        describe: "Also simulate the naive mapping and print the ratios (--no-naive to skip)",
      })
      .option("timeline", {
        type: "string",
        describe: "Write the design run's Perfetto / chrome://tracing timeline to this file",
      })
      .option("html", {
        type: "string",
        describe:
          "Write a self-contained HTML report of the run to this file (headline table, utilisation over time, latency histogram and CDF, throughput, a Gantt window, bank conflicts, the ablation, the configuration); opens offline",
      })
      .option("csv", {
        type: "string",
        describe: "Write the headline table (design, naive, ratio per figure) as CSV to this file",
      })
      .option("stats", {
        type: "string",
        describe:
          "Write the design run's statistics to this file: every unit's, nested like the chip (chip.tile3.dp0) and rolled up per tile, memory tile and chip",
      })
      .option("operators", {
        type: "boolean",
        default: false,
        describe: "Also list each operator's crossbars, compute tiles and buffer bytes (design)",
      })
      .example(
        "$0 simulate",
        "autorac-criteo against nasrec-criteo naively mapped, with the ablation",
      )
      .example(
        "$0 simulate --model figure6-criteo",
        "one model: the AutoRAC mapping against the naive one",
      )
      .example(
        "$0 simulate --model nasrec-avazu --xbar 32 --adc-bits 6 --rows-per-read 7",
        "another model and chip",
      )
      .example("$0 simulate --no-dp-program-overlap --requests 2000", "what the DP overlap buys")
      .example("$0 simulate --html run.html", "the default run as one page to open in a browser")
      .options(MEMORY_OPTION)
      .strict() as unknown as Argv<SimulateArgs>,
  // synchronous unless --html asks for the report (rendering its charts is asynchronous)
  handler: (args) => {
    checkOutputFlags(args, ["out", "html", "csv", "timeline", "stats"]);
    const ends = comparisonFromArgs(args);
    const hw = ends.design?.hw ?? ends.hw;
    const progress = progressBar(args.progress && !args.json);
    const observer = args.html === undefined ? null : new RunObserver();
    const result = simulate({
      ...ends,
      compareNaive: args.naive,
      ablation: args.naive && args.ablation,
      requests: args.requests,
      seed: args.seed,
      zipfExponent: args.zipf,
      fidelity: args.fidelity,
      replicate: args.replicate as "auto" | "off",
      maxInFlight: args["max-in-flight"],
      functionalChecks: args.functional,
      maxMemoryMb: args["max-memory-mb"] as number | undefined,
      switches: switchesFromArgs(args),
      timeline:
        args.timeline === undefined
          ? false
          : { nsPerCycle: 1000 / hw.clockMhz, maxEvents: args["timeline-max-events"] },
      onProgress: progress.update,
      ...(observer !== null && {
        recordUnits: observer.recordUnits,
        onInterval: observer.onInterval,
      }),
    });
    progress.stop();
    if (args.timeline !== undefined) result.run.sim.timeline!.write(args.timeline);
    if (args.stats !== undefined) writeStats(args.stats, result);
    const json = resultJson(result);
    if (args.out !== undefined) writeJsonAtomic(args.out, json);
    if (args.csv !== undefined)
      writeFileAtomic(args.csv, headlineCsv(result.design, result.naive, 1000 / hw.clockMhz));
    const print = () => {
      console.log(args.json ? JSON.stringify(json, null, 2) : formatResult(result, args));
      if (args.html !== undefined && !args.json) console.log(`report: ${args.html}`);
    };
    if (observer === null) return print();
    const observations = observer.observations(result.run, 1000 / hw.clockMhz);
    return simulateHtml(result, observations).then((html) => {
      writeFileAtomic(args.html!, html);
      print();
    });
  },
};

/** The result as JSON: the figures, the ratios and the resolved inputs. */
export function resultJson(r: SimulateResult): Record<string, unknown> {
  return {
    model: r.model,
    comparison: r.comparison,
    design: r.design,
    naive: r.naive,
    ratios: r.ratios,
    ablation: r.ablation,
    functional: r.functional,
    operators: r.program.operators,
    config: r.config,
  };
}
