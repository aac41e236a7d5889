import type { Argv, CommandModule } from "yargs";
import { DEFAULT_ZIPF_EXPONENT } from "../../traces/synthetic";
import { hwConfigFromArgs } from "../hw-flags";
import { simulate, type Metrics, type SimulateResult } from "../../models/simulate";
import { writeJsonAtomic } from "../../sim/io/atomic-file";
import { modelFromArgs, progressBar, runOptions, switchesFromArgs } from "../run-options";

interface SimulateArgs {
  model: string;
  requests: number;
  seed: number;
  zipf: number;
  fidelity: "op" | "bit";
  "max-in-flight"?: number;
  naive: boolean;
  functional: number;
  json: boolean;
  out?: string;
  timeline?: string;
  "timeline-max-events": number;
  progress: boolean;
  operators: boolean;
  "dp-program-overlap": boolean;
  "fm-concurrent-halves": boolean;
  "request-pipelining": boolean;
  "frequency-placement": boolean;
  [key: string]: unknown;
}

export const simulateCommand: CommandModule<object, SimulateArgs> = {
  command: "simulate",
  describe:
    "Simulate a model on the chip over a trace, cycle by cycle, beside its naive mapping (defaults: the figure-6 model, the default chip, 10,000 synthetic requests)",
  builder: (yargs: Argv) =>
    yargs
      .options(runOptions())
      .option("requests", {
        type: "number",
        default: 10_000,
        describe: "Synthetic requests (Zipf-skewed ids, closed loop)",
      })
      .option("seed", {
        type: "number",
        default: 1,
        describe: "Seed of the synthetic trace and the model's weights",
      })
      .option("zipf", {
        type: "number",
        default: DEFAULT_ZIPF_EXPONENT,
        describe: "Zipf exponent of embedding-row popularity",
      })
      .option("naive", {
        type: "boolean",
        default: true,
        describe: "Also simulate the naive mapping and print the ratios (--no-naive to skip)",
      })
      .option("functional", {
        type: "number",
        default: 4,
        describe:
          "Requests computed through the crossbar models and checked against the integer reference",
      })
      .option("timeline", {
        type: "string",
        describe: "Write the design run's Perfetto / chrome://tracing timeline to this file",
      })
      .option("timeline-max-events", {
        type: "number",
        default: 200_000,
        describe: "Busy intervals the timeline keeps",
      })
      .option("operators", {
        type: "boolean",
        default: false,
        describe: "Also list each operator's crossbars, compute tiles and buffer bytes (design)",
      })
      .example("$0 simulate", "the figure-6 model on the default chip")
      .example(
        "$0 simulate --model nasrec-avazu --xbar 32 --adc-bits 6 --rows-per-read 7",
        "another model and chip",
      )
      .example("$0 simulate --no-dp-program-overlap --requests 2000", "what the DP overlap buys")
      .strict() as unknown as Argv<SimulateArgs>,
  handler: (args) => {
    const hw = hwConfigFromArgs(args);
    const progress = progressBar(args.progress && !args.json);
    const result = simulate({
      model: modelFromArgs(args),
      hw,
      requests: args.requests,
      seed: args.seed,
      zipfExponent: args.zipf,
      fidelity: args.fidelity,
      maxInFlight: args["max-in-flight"],
      compareNaive: args.naive,
      functionalChecks: args.functional,
      switches: switchesFromArgs(args),
      timeline:
        args.timeline === undefined
          ? false
          : { nsPerCycle: 1000 / hw.clockMhz, maxEvents: args["timeline-max-events"] },
      onProgress: progress.update,
    });
    progress.stop();
    if (args.timeline !== undefined) result.run.sim.timeline!.write(args.timeline);
    const json = resultJson(result);
    if (args.out !== undefined) writeJsonAtomic(args.out, json);
    console.log(args.json ? JSON.stringify(json, null, 2) : formatResult(result, args));
  },
};

/** The result as JSON: the figures, the ratios and the resolved inputs. */
export function resultJson(r: SimulateResult): Record<string, unknown> {
  return {
    model: r.model,
    design: r.design,
    naive: r.naive,
    ratios: r.ratios,
    functional: r.functional,
    operators: r.program.operators,
    config: r.config,
  };
}

const fix = (v: number, d = 1) => v.toFixed(d);
const eng = (v: number) => (v >= 1e6 ? v.toExponential(3) : v >= 100 ? v.toFixed(0) : v.toFixed(2));

function formatResult(r: SimulateResult, args: SimulateArgs): string {
  const c = r.config;
  const hw = c.hw;
  const lines = [
    `autorac simulate: ${r.model} (${c.model.dataset}, ${c.model.blocks.length} blocks) on ${hw.crossbar.size}x${hw.crossbar.size} crossbars, ` +
      `${hw.crossbar.cellBits}-bit cells, ${hw.dac.bits}-bit DAC, ${hw.adc.bits}-bit ADC per ${hw.adc.colsPerAdc} columns, ${hw.clockMhz} MHz`,
    `  ${c.requests ?? "trace"} requests (synthetic, Zipf ${c.zipfExponent}, seed ${c.seed}), ${c.maxInFlight} in flight, ${c.fidelity} fidelity`,
    "",
  ];
  const cols = r.naive === null ? ["design"] : ["design", "naive", "ratio"];
  lines.push(`${"".padEnd(30)}${cols.map((h) => h.padStart(14)).join("")}`);
  const row = (
    label: string,
    get: (m: Metrics) => number,
    format: (v: number) => string,
    better: "lower" | "higher" | null,
  ) => {
    const d = get(r.design);
    const cells = [format(d)];
    if (r.naive !== null) {
      const n = get(r.naive);
      cells.push(format(n));
      cells.push(better === null ? "" : `${fix(better === "lower" ? n / d : d / n, 2)}x`);
    }
    lines.push(`${label.padEnd(30)}${cells.map((v) => v.padStart(14)).join("")}`);
  };
  row(
    "latency mean (cycles)",
    (m) => m.latencyCycles.mean,
    (v) => fix(v, 0),
    "lower",
  );
  row("latency p50 (ns)", (m) => m.latencyNs.p50, eng, "lower");
  row("latency p99 (ns)", (m) => m.latencyNs.p99, eng, "lower");
  row(
    "unloaded latency (ns)",
    (m) => m.unloadedLatencyCycles.mean * (1000 / hw.clockMhz),
    eng,
    "lower",
  );
  row("throughput (inferences/s)", (m) => m.throughputPerSec, eng, "higher");
  row(
    "area (mm^2)",
    (m) => m.areaMm2,
    (v) => fix(v, 2),
    "lower",
  );
  row(
    "  compute tiles (mm^2)",
    (m) => m.areaBreakdownMm2.compute,
    (v) => fix(v, 2),
    null,
  );
  row(
    "  tile buffers (mm^2)",
    (m) => m.areaBreakdownMm2.buffers,
    (v) => fix(v, 2),
    null,
  );
  row(
    "  memory tiles (mm^2)",
    (m) => m.areaBreakdownMm2.memory,
    (v) => fix(v, 2),
    null,
  );
  row(
    "power (W)",
    (m) => m.powerW,
    (v) => fix(v, 3),
    "lower",
  );
  row("energy per inference (nJ)", (m) => m.energyPerInferenceNj, eng, "lower");
  row(
    "bank conflicts",
    (m) => m.bankConflicts.total,
    (v) => fix(v, 0),
    "lower",
  );
  row(
    "crossbars (MVM+DP+FM)",
    (m) => m.crossbars.mvm + m.crossbars.dp + m.crossbars.fm,
    (v) => fix(v, 0),
    "lower",
  );
  row(
    "compute tiles",
    (m) => m.computeTiles,
    (v) => fix(v, 0),
    null,
  );
  lines.push("");
  const util = (m: Metrics) =>
    Object.entries(m.utilisation)
      .map(([k, v]) => `${k} ${fix(100 * v)}%`)
      .join(", ");
  lines.push(`utilisation (design): ${util(r.design)}`);
  if (r.naive !== null) lines.push(`utilisation (naive):  ${util(r.naive)}`);
  lines.push(
    `bank conflicts: ${r.design.bankConflicts.total} of ${r.design.bankConflicts.lookups} row reads (design)`,
  );
  if (r.ratios !== null) {
    lines.push(
      `ratios: speedup ${fix(r.ratios.speedup, 2)}x, area saving ${fix(r.ratios.areaSaving, 2)}x, power efficiency ${fix(r.ratios.powerEfficiency, 2)}x`,
    );
  }
  if (r.functional !== null) {
    const f = r.functional;
    lines.push(
      `functional: ${f.equal} of ${f.requests} outputs equal the integer reference through ${f.conversions} ADC conversions` +
        (f.clippedConversions > 0
          ? ` (${f.clippedConversions} saturated, max logit difference ${f.maxLogitDifference})`
          : ""),
    );
  }
  if (args.timeline !== undefined)
    lines.push(`timeline: ${args.timeline} (open in https://ui.perfetto.dev)`);
  lines.push(
    "naive mapping: all weights 8-bit, row-id embedding placement, DP programmed after the whole EFC output, FM on a standard crossbar written row by row from the buffer with sequential halves",
  );
  return lines.join("\n");
}
