import type { Argv, CommandModule } from "yargs";
import { hwConfigFromArgs } from "../hw-flags";
import { buildHardware } from "../../arch/config/hardware";
import { simulate, type Metrics } from "../../models/simulate";
import { analyseModel } from "../../models/spec/model-graph";
import { openTrace, TRACE_FORMATS, type TraceFormat } from "../../traces/trace-source";
import { writeJsonAtomic } from "../../sim/io/atomic-file";
import { writeStats } from "../stats-file";
import {
  modelFromArgs,
  parseRange,
  progressBar,
  runOptions,
  switchesFromArgs,
} from "../run-options";
import { resultJson } from "./simulate";

interface ReplayArgs {
  trace: string;
  format?: TraceFormat;
  mode: "auto" | "open" | "closed";
  requests?: number;
  offsets?: string;
  lengths?: string;
  "int-type": "int64" | "int32" | "uint64";
  tables?: number;
  naive: boolean;
  functional: number;
  timeline?: string;
  "timeline-requests": string;
  "window-ns": number;
  json: boolean;
  out?: string;
  progress: boolean;
  stats?: string;
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
          "The trace: autorac JSON Lines, a DLRM trace file or dlrm_datasets embedding bags",
      })
      .option("format", {
        choices: TRACE_FORMATS,
        describe: "Trace format (default: from the file name; .jsonl is autorac's)",
      })
      .option("mode", {
        choices: ["auto", "open", "closed"] as const,
        default: "auto" as const,
        describe:
          "open: honour arrival times; closed: as fast as the chip accepts; auto: open when the trace has times",
      })
      .option("requests", {
        type: "number",
        describe: "dlrm-trace: requests to draw from the id stream",
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
        default: "int64" as const,
        describe: "dlrm-bags-bin: integer type of the files",
      })
      .option("tables", {
        type: "number",
        describe: "dlrm-bags-bin: tables in the files (default: the model's sparse features)",
      })
      .options(runOptions())
      .option("naive", {
        type: "boolean",
        default: false,
        describe: "Also replay the naive mapping",
      })
      .option("functional", {
        type: "number",
        default: 0,
        describe: "Requests checked through the crossbar models against the integer reference",
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
      .option("window-ns", {
        type: "number",
        default: 1e6,
        describe: "Width of the throughput-over-time windows [ns]",
      })
      .example("$0 replay --trace criteo.jsonl", "a converted Criteo trace, open loop")
      .example("$0 replay --trace ids.txt --requests 5000 --model dlrm-criteo", "a DLRM id trace")
      .strict() as unknown as Argv<ReplayArgs>,
  handler: (args) => {
    const hw = hwConfigFromArgs(args);
    const spec = modelFromArgs(args);
    const graph = analyseModel(spec);
    const source = openTrace({
      path: args.trace,
      ...(args.format !== undefined && { format: args.format }),
      dataset: graph.dataset,
      ...(args.requests !== undefined && { requests: args.requests }),
      ...(args.offsets !== undefined && { offsets: args.offsets }),
      ...(args.lengths !== undefined && { lengths: args.lengths }),
      intType: args["int-type"],
      ...(args.tables !== undefined && { tables: args.tables }),
    });
    const nsPerCycle = buildHardware(hw).nsPerCycle;
    const openLoop = args.mode === "open" || (args.mode === "auto" && source.timed);
    const progress = progressBar(args.progress && !args.json);
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
      switches: switchesFromArgs(args),
      windowNs: args["window-ns"],
      timeline: args.timeline === undefined ? false : { nsPerCycle },
      timelineRequests: parseRange(args["timeline-requests"], "--timeline-requests"),
      onProgress: progress.update,
    });
    progress.stop();
    if (args.timeline !== undefined) result.run.sim.timeline!.write(args.timeline);
    if (args.stats !== undefined) writeStats(args.stats, result);
    const json = { ...resultJson(result), trace: source.describe, openLoop };
    if (args.out !== undefined) writeJsonAtomic(args.out, json);
    if (args.json) {
      console.log(JSON.stringify(json, null, 2));
      return;
    }
    const m = result.design;
    const ns = (v: number) => (v >= 1e6 ? v.toExponential(3) : v.toFixed(0));
    const quartet = (q: { mean: number; p50: number; p99: number; max: number }) =>
      `mean ${ns(q.mean)}   p50 ${ns(q.p50)}   p99 ${ns(q.p99)}   max ${ns(q.max)}`;
    const rates = m.throughputWindows.map((w) => w.throughputPerSec);
    const worst = [...m.bankConflicts.perTable.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
    const lines = [
      `autorac replay: ${source.describe}, model ${result.model}`,
      `  ${m.completed} requests, ${openLoop ? "open loop (arrival times honoured)" : "closed loop"}, ${result.config.maxInFlight} in flight, ${result.config.fidelity} fidelity`,
      "",
      `latency (ns)        ${quartet(m.latencyNs)}`,
      `queueing (ns)       ${quartet(m.queueingNs)}`,
      `throughput          ${m.throughputPerSec.toFixed(0)} inferences/s` +
        (rates.length > 1
          ? `; per ${args["window-ns"]} ns window: min ${Math.min(...rates).toFixed(0)}, max ${Math.max(...rates).toFixed(0)} (${rates.length} windows)`
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
    console.log(lines.join("\n"));
  },
};

function breakdown(m: Metrics): string {
  return Object.entries(m.energyBreakdownNj)
    .map(([k, v]) => `${k} ${v.toFixed(0)}`)
    .join(", ");
}
