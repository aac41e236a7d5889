import type { Argv, CommandModule } from "yargs";
import { compareDesign, type CompareResult } from "../../models/compare/table3";
import { backendChoices, type BackendChoice } from "../../models/supernet/backend";
import { DEFAULT_DESIGN, designNamed } from "../../models/design";
import { InputError } from "../../sim/kernel/input-error";
import { zooDesignNames } from "../../models/zoo";
import { writeJsonAtomic } from "../../sim/io/atomic-file";
import { ranged, seedOption } from "../ranged";
import { checkOutputFile } from "../../sim/io/output-path";

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
}

export const compareCommand: CommandModule<object, CompareArgs> = {
  command: "compare",
  describe:
    "The paper's table 3: the searched design against the naive NASRec, DLRM and DeepFM on the default chip, and a CPU running the same model (tfjs)",
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
      .option("cpu", { type: "boolean", default: true, describe: "Measure the CPU baseline" })
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
      .example(
        "$0 compare",
        "the paper's table 3: the co-searched design against naive NASRec and the CPU",
      )
      .example("$0 compare --no-cpu --requests 2000", "the chip rows only, quicker")
      .example(
        "$0 compare --design best.json --out table3.json",
        "a design of your own search, written as JSON",
      )
      .strict() as unknown as Argv<CompareArgs>,
  handler: async (args) => {
    checkOutputFile(args["out"] as string | undefined, "--out");
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
    console.log(args.json ? JSON.stringify(result, null, 2) : formatTable(result));
  },
};

function formatTable(r: CompareResult): string {
  const x = (v: number | null) => (v === null ? "-" : `${v.toFixed(2)}x`);
  const num = (v: number | null, digits = 0) => (v === null ? "-" : v.toFixed(digits));
  const m = r.design.metrics;
  const lines = [
    `autorac compare: ${r.design.model} on its chip: ${m.throughputPerSec.toFixed(0)} inferences/s, ${m.areaMm2.toFixed(1)} mm^2, ${m.powerW.toFixed(3)} W`,
    "",
    [
      "against".padEnd(24),
      "inf/s".padStart(9),
      "mm^2".padStart(8),
      "W".padStart(7),
      "speedup".padStart(9),
      "area".padStart(7),
      "power eff".padStart(10),
      "   paper (against): speedup / area / power eff",
    ].join(""),
  ];
  for (const row of r.rows) {
    lines.push(
      [
        row.against.padEnd(24),
        num(row.throughputPerSec).padStart(9),
        num(row.areaMm2, 1).padStart(8),
        num(row.powerW, 2).padStart(7),
        x(row.speedup).padStart(9),
        x(row.areaSaving).padStart(7),
        x(row.powerEfficiency).padStart(10),
        row.paper === null
          ? ""
          : `   ${row.paperAgainst}: ${x(row.paper.speedup)} / ${x(row.paper.areaSaving)} / ${x(row.paper.powerEfficiency)}`,
      ].join(""),
    );
  }
  lines.push(
    "",
    "Notes:",
    "- Chip rows: the same synthetic Criteo trace, closed loop; ratios are the design's over the baseline's.",
    "- The paper's DLRM/DeepFM-like comparisons are against other accelerators (RecNMP, ReREC); here the",
    "  handcrafted models run on this simulator's default chip, so the figures are not the same comparison.",
  );
  if (r.cpu !== null) {
    lines.push(
      `- CPU: the design's model in float32 on tfjs ${r.cpu.backend}, ${r.cpu.cores} core(s) of this machine; power ${r.cpu.powerW.toFixed(1)} W (${r.cpu.powerSource}).`,
      "  The paper measured a whole Xeon Gold 6254 with its own software: expect a different speedup.",
    );
  }
  for (const row of r.rows) lines.push(`- ${row.against}: ${row.description}`);
  return lines.join("\n");
}
