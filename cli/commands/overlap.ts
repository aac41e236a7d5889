import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Argv, CommandModule } from "yargs";
import { buildHardware } from "../../arch/config/hardware";
import { hwConfigFromArgs } from "../hw-flags";
import {
  overlapStudy,
  SWITCH_NAMES,
  type SwitchName,
  type SwitchReport,
} from "../../models/overlap";
import { overlapHtml, switchTable } from "../../models/report/html/overlap-html";
import { csvTable } from "../../sim/io/csv";
import { analyseModel } from "../../models/spec/model-graph";
import { syntheticRequests } from "../../traces/synthetic";
import { openTrace } from "../../traces/trace-source";
import { writeFileAtomic, writeJsonAtomic } from "../../sim/io/atomic-file";
import { modelFromArgs, progressBar, runOptions } from "../run-options";
import { ranged, seedOption } from "../ranged";
import { checkOutputFlags } from "../output-flags";

interface OverlapArgs {
  trace?: string;
  requests: number;
  seed: number;
  switch?: SwitchName[];
  gantt: number;
  "svg-dir": string;
  json: boolean;
  out?: string;
  html?: string;
  csv?: string;
  progress: boolean;
  [key: string]: unknown;
}

export const overlapCommand: CommandModule<object, OverlapArgs> = {
  command: "overlap",
  describe:
    "Run a trace with each overlap switch on and off: the change in latency and throughput, how long the overlapped units were busy at once, and a Gantt chart (SVG) of the first requests",
  builder: (yargs: Argv) =>
    yargs
      .option("trace", {
        type: "string",
        describe: "A trace (default: a synthetic one of --requests requests)",
      })
      .option(
        "requests",
        ranged(
          "requests",
          {
            type: "number",
            default: 1000,
            describe: "Synthetic requests when no trace is given",
          },
          { integer: true, min: 1 },
        ),
      )
      .option("seed", seedOption("Seed of the synthetic trace"))
      .option("switch", {
        type: "array",
        choices: SWITCH_NAMES,
        describe: "Only these switches (default: all four)",
      })
      .option(
        "gantt",
        ranged(
          "gantt",
          {
            type: "number",
            default: 3,
            describe: "Requests drawn in each Gantt chart",
          },
          { integer: true, min: 1 },
        ),
      )
      .option("svg-dir", {
        type: "string",
        default: ".",
        describe: "Folder for the Gantt charts (overlap-<switch>.svg)",
      })
      .options(runOptions())
      .option("html", {
        type: "string",
        describe:
          "Also write a self-contained HTML report (each switch's effect as a table and charts, the Gantt charts, inputs) to this file",
      })
      .option("csv", {
        type: "string",
        describe:
          "Also write the per-switch table (on and off figures, changes) as CSV to this file",
      })
      .example(
        "$0 overlap",
        "what each overlap switch buys on the figure-6 model: latency, throughput and a Gantt chart per switch",
      )
      .example(
        "$0 overlap --switch dpProgramOverlap --gantt 5 --svg-dir plots",
        "one switch, five requests drawn, SVGs in plots/",
      )
      .example(
        "$0 overlap --model nasrec-criteo --json --out overlap.json",
        "another model, as JSON with its resolved config",
      )
      .example(
        "$0 overlap --requests 200 --html overlap.html --csv overlap.csv",
        "the study as a report page and a spreadsheet table",
      )
      .strict() as unknown as Argv<OverlapArgs>,
  // synchronous unless --html asks for the report (rendering its charts is asynchronous)
  handler: (args) => {
    checkOutputFlags(args, ["out", "html", "csv"]);
    const hw = hwConfigFromArgs(args);
    const spec = modelFromArgs(args);
    const graph = analyseModel(spec);
    const nsPerCycle = buildHardware(hw).nsPerCycle;
    const source =
      args.trace === undefined ? null : openTrace({ path: args.trace, dataset: graph.dataset });
    const trace =
      source === null
        ? () =>
            syntheticRequests({
              dataset: graph.dataset,
              count: args.requests,
              seed: args.seed,
              arrivals: { kind: "closed" },
            })
        : () => source.requests(nsPerCycle);
    const progress = progressBar(args.progress && !args.json);
    const reports = overlapStudy({
      model: spec,
      hw,
      trace,
      traceLength: source === null ? args.requests : source.length,
      openLoop: source?.timed ?? false,
      ganttRequests: args.gantt,
      replicate: args.replicate as "auto" | "off",
      ...(args.switch !== undefined && { switches: args.switch }),
      onProgress: progress.update,
    });
    progress.stop();
    mkdirSync(args["svg-dir"], { recursive: true });
    const files = reports.map((r) => {
      const file = join(args["svg-dir"], `overlap-${r.name}.svg`);
      writeFileAtomic(file, r.gantt);
      return file;
    });
    const json = reports.map(({ gantt: _gantt, ...rest }, i) => ({ ...rest, ganttFile: files[i] }));
    if (args.out !== undefined) writeJsonAtomic(args.out, { model: spec.name, switches: json });
    if (args.csv !== undefined) {
      const t = switchTable(reports);
      writeFileAtomic(args.csv, csvTable(t.header, t.rows));
    }
    const workload = source?.describe ?? `${args.requests} synthetic requests`;
    const print = () =>
      args.json
        ? console.log(JSON.stringify({ model: spec.name, switches: json }, null, 2))
        : printOverlap(spec.name, workload, reports, files, [args.csv, args.html]);
    if (args.html === undefined) return print();
    const html = args.html;
    const config = {
      model: spec.name,
      trace: args.trace ?? null,
      ...(source === null && { requests: args.requests, seed: args.seed }),
      switches: args.switch ?? SWITCH_NAMES,
      gantt: args.gantt,
      replicate: args.replicate,
      hw,
    };
    return overlapHtml(spec.name, workload, reports, config).then((page) => {
      writeFileAtomic(html, page);
      print();
    });
  },
};

/** The study as text: a line per switch, what "busy at once" measures, the files written. */
function printOverlap(
  model: string,
  workload: string,
  reports: readonly SwitchReport[],
  files: string[],
  reportFiles: Array<string | undefined>,
): void {
  const pct = (v: number) => `${v >= 0 ? "+" : ""}${(100 * v).toFixed(2)}%`;
  const lines = [
    `autorac overlap: ${model}, ${workload}; each switch off in turn, the others on`,
    "",
    `${"switch".padEnd(22)}${"latency on/off (ns)".padStart(22)}${"latency".padStart(10)}${"throughput on/off (/s)".padStart(26)}${"thrpt".padStart(10)}${"busy at once on/off".padStart(22)}`,
  ];
  for (const r of reports) {
    if (!r.applies) {
      lines.push(`${r.name.padEnd(22)}  not applicable: the model has no unit it acts on`);
      continue;
    }
    lines.push(
      `${r.name.padEnd(22)}${`${r.on.latencyMeanNs.toFixed(0)} / ${r.off.latencyMeanNs.toFixed(0)}`.padStart(22)}${pct(r.latencyChange).padStart(10)}` +
        `${`${r.on.throughputPerSec.toFixed(0)} / ${r.off.throughputPerSec.toFixed(0)}`.padStart(26)}${pct(r.throughputChange).padStart(10)}` +
        `${`${(100 * r.on.busyAtOnce).toFixed(1)}% / ${(100 * r.off.busyAtOnce).toFixed(1)}%`.padStart(22)}`,
    );
  }
  lines.push(
    "",
    "latency: mean latency off / on - 1 (positive: the overlap shortens it); thrpt: throughput on / off - 1",
  );
  for (const r of reports) lines.push(`busy at once, ${r.name}: ${r.measure}`);
  lines.push(`Gantt charts: ${files.join(", ")}`);
  const written = reportFiles.filter((f) => f !== undefined);
  if (written.length > 0) lines.push(`written: ${written.join(", ")}`);
  console.log(lines.join("\n"));
}
