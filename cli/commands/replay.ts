import type { Argv, CommandModule, Options } from "yargs";
import { hwConfigFromArgs } from "../hw-flags";
import { buildHardware } from "../../arch/config/hardware";
import { simulate, type Metrics, type SimulateResult } from "../../models/simulate";
import { analyseModel } from "../../models/spec/model-graph";
import { openTrace, TRACE_FORMATS, type TraceFormat } from "../../traces/trace-source";
import { writeFileAtomic, writeJsonAtomic } from "../../sim/io/atomic-file";
import { headlineCsv } from "../../models/report/headline-rows";
import { RunObserver } from "../../models/report/html/run-observer";
import { simulateHtml } from "../../models/report/html/simulate-html";
import { max, min } from "../../models/report/svg-plot";
import { checkOutputFlags } from "../output-flags";
import { InputError } from "../../sim/kernel/input-error";
import { ranged } from "../ranged";
import { writeStats } from "../stats-file";
import {
  MEMORY_OPTION,
  modelFromArgs,
  parseRange,
  progressBar,
  runOptions,
  switchesFromArgs,
} from "../run-options";
import { resultJson } from "./simulate";

/** The numeric flags, each with its range (checked by the parser, shown in --help). */
const REPLAY_NUMBERS: Record<string, Options> = {
  requests: ranged(
    "requests",
    {
      type: "number",
      describe:
        "Requests to replay: the trace's first N (default: all; more than it holds is refused)",
    },
    { integer: true, min: 1 },
  ),
  tables: ranged(
    "tables",
    {
      type: "number",
      describe:
        "dlrm-bags, dlrm-bags-bin: tables in the bags (default: the model's sparse features)",
    },
    { integer: true, min: 1 },
  ),
  functional: ranged(
    "functional",
    {
      type: "number",
      default: 0,
      describe: "Requests checked through the crossbar models against the integer reference",
    },
    { integer: true, min: 0 },
  ),
  "window-ns": ranged(
    "window-ns",
    { type: "number", default: 1e6, describe: "Width of the throughput-over-time windows [ns]" },
    { above: 0 },
  ),
  "spool-max-mb": ranged(
    "spool-max-mb",
    {
      type: "number",
      default: 1024,
      describe:
        "A trace from a pipe (--trace /dev/stdin) is copied once to a temporary file, unlinked at once, to be read more than once: at most this much [MiB]",
    },
    { integer: true, min: 1 },
  ),
};

interface ReplayArgs {
  trace: string;
  format?: TraceFormat;
  mode: "auto" | "open" | "closed";
  requests?: number;
  offsets?: string;
  lengths?: string;
  "int-type"?: "int64" | "int32" | "uint64";
  tables?: number;
  naive: boolean;
  functional: number;
  timeline?: string;
  "timeline-requests": string;
  "window-ns": number;
  "spool-max-mb": number;
  json: boolean;
  out?: string;
  progress: boolean;
  stats?: string;
  html?: string;
  csv?: string;
  [key: string]: unknown;
}

export const replayCommand: CommandModule<object, ReplayArgs> = {
  command: "replay",
  describe:
    "Replay a trace of requests through the chip: latency percentiles, queueing, throughput over time, bank conflicts, energy",
  builder: (yargs: Argv) =>
    yargs
      .option("trace", {
        type: "string",
        demandOption: true,
        describe:
          "The trace: autorac JSON Lines, a DLRM trace file or dlrm_datasets embedding bags; a pipe works (/dev/stdin: copied once to a temporary file, see --spool-max-mb)",
      })
      .option("format", {
        choices: TRACE_FORMATS,
        describe:
          "Trace format (default: from the file name: .jsonl autorac's, .txt/.csv/.trace/.log DLRM's text trace, .bin its binary one, .json bags; any other name autorac's)",
      })
      .option("mode", {
        choices: ["auto", "open", "closed"] as const,
        default: "auto" as const,
        describe:
          "open: honour arrival times (refused for a trace without them); closed: as fast as the chip accepts; auto: open when the trace has times",
      })
      .option("offsets", {
        type: "string",
        describe: "dlrm-bags-bin: the offsets file (--trace is the indices file)",
      })
      .option("lengths", {
        type: "string",
        describe: "dlrm-bags-bin: the lengths file (optional, checked against the offsets)",
      })
      .option("int-type", {
        choices: ["int64", "int32", "uint64"] as const,
        describe: "dlrm-bags-bin: integer type of the files (default int64)",
      })
      .options(REPLAY_NUMBERS)
      .options(runOptions())
      .options(MEMORY_OPTION)
      .option("naive", {
        type: "boolean",
        default: false,
        describe: "Also replay the naive mapping",
      })
      .option("timeline", {
        type: "string",
        describe: "Write a Perfetto / chrome://tracing timeline of a window of requests",
      })
      .option("timeline-requests", {
        type: "string",
        default: "0:20",
        describe: "The window of request ids on the timeline, FROM:TO",
      })
      .option("stats", {
        type: "string",
        describe:
          "Write the design run's statistics to this file: every unit's, nested like the chip (chip.tile3.dp0) and rolled up per tile, memory tile and chip",
      })
      .option("html", {
        type: "string",
        describe:
          "Write a self-contained HTML report of the replay to this file (as simulate --html: utilisation over time, latency histogram and CDF, throughput, a Gantt window, bank conflicts)",
      })
      .option("csv", {
        type: "string",
        describe:
          "Write the headline table (design, and naive unless --no-naive) as CSV to this file",
      })
      .example("$0 replay --trace criteo.jsonl", "a converted Criteo trace, open loop")
      .example("cat t.jsonl | $0 replay --trace /dev/stdin", "a trace from a pipe")
      .example("$0 replay --trace ids.txt --requests 5000 --model dlrm-criteo", "a DLRM id trace")
      .example(
        "$0 replay --trace input/trace.log --model dlrm-criteo",
        "DLRM's own trace file (.log is read as its text trace)",
      )
      .example(
        "$0 replay --format dlrm-bags-bin --trace indices.bin --offsets offsets.bin --int-type int32 --tables 26",
        "dlrm_datasets bags as raw integer files",
      )
      .strict() as unknown as Argv<ReplayArgs>,
  handler: (args) => {
    checkOutputFlags(args, ["out", "timeline", "stats", "html", "csv"]);
    const hw = hwConfigFromArgs(args);
    const spec = modelFromArgs(args);
    const graph = analyseModel(spec);
    const timelineRequests = parseRange(args["timeline-requests"], "--timeline-requests");
    const source = openTrace({
      path: args.trace,
      ...(args.format !== undefined && { format: args.format }),
      dataset: graph.dataset,
      ...(args.requests !== undefined && { requests: args.requests }),
      ...(args.offsets !== undefined && { offsets: args.offsets }),
      ...(args.lengths !== undefined && { lengths: args.lengths }),
      ...(args["int-type"] !== undefined && { intType: args["int-type"] }),
      ...(args.tables !== undefined && { tables: args.tables }),
      spoolBytes: args["spool-max-mb"] * (1 << 20),
      spoolFlag: "--spool-max-mb",
    });
    if (args.mode === "open" && !source.timed) {
      throw new InputError(
        `--mode open: ${source.describe} has no arrival times: replay it closed loop (--mode closed or auto)`,
      );
    }
    const nsPerCycle = buildHardware(hw).nsPerCycle;
    const openLoop = args.mode === "open" || (args.mode === "auto" && source.timed);
    const progress = progressBar(args.progress && !args.json);
    const observer = args.html === undefined ? null : new RunObserver();
    const result = simulate({
      model: spec,
      hw,
      trace: () => source.requests(nsPerCycle),
      traceLength: source.length,
      openLoop,
      fidelity: args.fidelity as "op" | "bit",
      replicate: args.replicate as "auto" | "off",
      maxInFlight: args["max-in-flight"] as number | undefined,
      compareNaive: args.naive,
      functionalChecks: args.functional,
      maxMemoryMb: args["max-memory-mb"] as number | undefined,
      switches: switchesFromArgs(args),
      windowNs: args["window-ns"],
      timeline: args.timeline === undefined ? false : { nsPerCycle },
      timelineRequests,
      onProgress: progress.update,
      ...(observer !== null && {
        recordUnits: observer.recordUnits,
        onInterval: observer.onInterval,
      }),
    });
    progress.stop();
    if (result.design.completed === 0)
      throw new InputError(`${args.trace}: no request was replayed: nothing to measure`);
    if (args.timeline !== undefined) result.run.sim.timeline!.write(args.timeline);
    if (args.stats !== undefined) writeStats(args.stats, result);
    const json = { ...resultJson(result), trace: source.describe, openLoop };
    if (args.out !== undefined) writeJsonAtomic(args.out, json);
    if (args.csv !== undefined)
      writeFileAtomic(args.csv, headlineCsv(result.design, result.naive, nsPerCycle));
    const print = () => {
      if (args.json) console.log(JSON.stringify(json, null, 2));
      else console.log(report(result, args, source.describe, openLoop));
    };
    // synchronous unless --html asks for the report (rendering its charts is asynchronous)
    if (observer === null) return print();
    const heading = {
      title: `autorac replay: ${result.model}`,
      subtitle: `${source.describe}, ${openLoop ? "open loop (arrival times honoured)" : "closed loop"}`,
    };
    const html = args.html!;
    return simulateHtml(result, observer.observations(result.run, nsPerCycle), heading).then(
      (page) => {
        writeFileAtomic(html, page);
        print();
      },
    );
  },
};

/** The text report: latency, queueing, throughput, energy, power, conflicts, utilisation. */
function report(
  result: SimulateResult,
  args: ReplayArgs,
  describe: string,
  openLoop: boolean,
): string {
  const m = result.design;
  const ns = (v: number) => (v >= 1e6 ? v.toExponential(3) : v.toFixed(0));
  const quartet = (q: { mean: number; p50: number; p99: number; max: number }) =>
    `mean ${ns(q.mean)}   p50 ${ns(q.p50)}   p99 ${ns(q.p99)}   max ${ns(q.max)}`;
  const rates = m.throughputWindows.map((w) => w.throughputPerSec);
  const worst = [...m.bankConflicts.perTable.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
  const lines = [
    `autorac replay: ${describe}, model ${result.model}`,
    `  ${m.completed} requests, ${openLoop ? "open loop (arrival times honoured)" : "closed loop"}, ${result.config.maxInFlight} in flight, ${result.config.fidelity} fidelity`,
    "",
    `latency (ns)        ${quartet(m.latencyNs)}`,
    `queueing (ns)       ${quartet(m.queueingNs)}`,
    `throughput          ${m.throughputPerSec.toFixed(0)} inferences/s` +
      (rates.length > 1
        ? `; per ${args["window-ns"]} ns window: min ${rates.reduce(min).toFixed(0)}, max ${rates.reduce(max).toFixed(0)} (${rates.length} windows)`
        : ""),
    `energy              ${m.energyPerInferenceNj.toFixed(0)} nJ per inference (${breakdown(m)})`,
    `power               ${m.powerW.toFixed(3)} W`,
    `bank conflicts      ${m.bankConflicts.total} of ${m.bankConflicts.lookups} row reads; worst tables: ${worst.map(([t, n]) => `t${t} ${n}`).join(", ")}`,
    `utilisation         ${Object.entries(m.utilisation)
      .map(([k, v]) => `${k} ${(100 * v).toFixed(1)}%`)
      .join(", ")}`,
  ];
  if (result.naive !== null) {
    lines.push(
      `naive mapping       throughput ${result.naive.throughputPerSec.toFixed(0)}/s, mean latency ${ns(result.naive.latencyNs.mean)} ns`,
    );
  }
  if (args.timeline !== undefined)
    lines.push(
      `timeline            ${args.timeline} (requests ${args["timeline-requests"]}; open in https://ui.perfetto.dev)`,
    );
  return lines.join("\n");
}

function breakdown(m: Metrics): string {
  return Object.entries(m.energyBreakdownNj)
    .map(([k, v]) => `${k} ${v.toFixed(0)}`)
    .join(", ");
}
