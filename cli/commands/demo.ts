import type { Argv, CommandModule } from "yargs";
import { demoParams, runPipelineDemo, type DemoResult } from "../../sim/demo/pipeline-demo";
import { optionsFromParams, paramsFromArgs } from "../param-options";
import { checkOutputFile } from "../../sim/io/output-path";

interface DemoArgs {
  json: boolean;
  timeline?: string;
  [key: string]: unknown;
}

export const demoCommand: CommandModule<object, DemoArgs> = {
  command: "demo",
  describe: "Run the kernel demo: a 3-stage pipeline with bounded FIFOs and a shared resource",
  builder: (yargs: Argv) =>
    yargs
      .options(optionsFromParams(demoParams))
      .option("json", {
        type: "boolean",
        default: false,
        describe: "Print one JSON object (result + resolved config)",
      })
      .option("timeline", {
        type: "string",
        describe: "Write a Perfetto / chrome://tracing timeline to this file",
      })
      .example("$0 demo", "the kernel's 3-stage pipeline demo, as text")
      .example("$0 demo --json --timeline demo.json", "as JSON, with a Perfetto timeline")
      .strict() as unknown as Argv<DemoArgs>,
  handler: (args) => {
    checkOutputFile(args["timeline"] as string | undefined, "--timeline");
    const result = runPipelineDemo(paramsFromArgs(demoParams, args).values, args.timeline);
    if (args.json) console.log(JSON.stringify(result, null, 2));
    else console.log(formatDemo(result, args.timeline));
  },
};

function formatDemo(r: DemoResult, timeline: string | undefined): string {
  const c = r.config;
  const lines = [
    "autorac kernel demo: source -> decoder -> FIFO -> workers sharing compute units -> FIFO -> writer",
    `  ${c.requests} requests, seed ${c.seed}, mean arrival gap ${c.arrivalMeanCycles} cycles, ` +
      `${c.workers} workers on ${c.computeUnits} units, FIFO depth ${c.fifoDepth}`,
    "",
    `  simulated time        ${r.simulatedCycles} cycles`,
    `  completed             ${r.completed} requests`,
    `  latency (cycles)      mean ${r.latencyCycles.mean.toFixed(2)}   p50 ${r.latencyCycles.p50}   p99 ${r.latencyCycles.p99}   max ${r.latencyCycles.max}`,
    `  throughput            ${r.throughputPerKiloCycle.toFixed(2)} requests per 1000 cycles`,
    `  compute utilisation   ${(100 * r.computeUtilisation).toFixed(1)} %`,
    `  back-pressure stalls  decoder ${r.stallCycles.decoderOnFullFifo} cycles, workers ${r.stallCycles.workersOnFullFifo} cycles`,
    `  kernel                ${r.kernelEvents} events in ${(r.wallSeconds * 1000).toFixed(0)} ms ` +
      `(${(r.kernelEvents / r.wallSeconds / 1e6).toFixed(2)} M events/s)`,
  ];
  if (timeline !== undefined)
    lines.push(`  timeline              ${timeline} (open in ui.perfetto.dev)`);
  return lines.join("\n");
}
