import { existsSync } from "node:fs";
import { basename } from "node:path";
import type { Argv, CommandModule } from "yargs";
import { datasetNames } from "../../traces/datasets";
import { modelInfo, type ModelInfo } from "../../models/inspect/model-info";
import { importNasrec } from "../../models/nasrec/import-nasrec";
import { parseModelSpec } from "../../models/spec/model-schema";
import type { ModelSpec } from "../../models/spec/model-spec";
import { zooModel, zooNames } from "../../models/zoo";
import { readJsonFile } from "../../sim/io/json-file";
import { writeFileAtomic } from "../../sim/io/atomic-file";
import { csvTable } from "../../sim/io/csv";
import { checkOutputFile } from "../../sim/io/output-path";

interface InfoArgs {
  spec: string;
  dataset?: string;
  json: boolean;
  csv?: string;
}

const info: CommandModule<object, InfoArgs> = {
  command: "info <spec>",
  describe:
    "Parameters (total, without embeddings), FLOPs per sample (total, per block) and block output shapes, counted as NASRec counts them",
  builder: (yargs: Argv) =>
    yargs
      .positional("spec", {
        type: "string",
        demandOption: true,
        describe: `A model spec file, a NASRec architecture JSON, or a zoo name (${zooNames().join(", ")})`,
      })
      .option("dataset", {
        type: "string",
        choices: datasetNames,
        describe:
          "Input layout to count against (default: the model's own; Criteo for a NASRec file whose name names none)",
      })
      .option("json", { type: "boolean", default: false, describe: "Print one JSON object" })
      .option("csv", {
        type: "string",
        describe:
          "Also write the per-block table as CSV to this file (one line per block, then the final layer)",
      })
      .example("$0 model info nasrec-criteo", "a zoo model")
      .example(
        "$0 model info ea_avazu_kaggle_autoctr_best_1shot.json --json",
        "a NASRec architecture, imported on the fly",
      )
      .example("$0 model info m.json --dataset kdd", "a spec's blocks on KDD's inputs")
      .strict() as unknown as Argv<InfoArgs>,
  handler: (args) => {
    checkOutputFile(args.csv, "--csv");
    const result = modelInfo(loadModel(args.spec, args.dataset), args.dataset);
    if (args.csv !== undefined) writeFileAtomic(args.csv, infoCsv(result));
    console.log(args.json ? JSON.stringify(result, null, 2) : formatInfo(result));
  },
};

export const modelCommand: CommandModule = {
  command: "model",
  describe: "Inspect a model: `model info <spec>`",
  builder: (yargs: Argv) =>
    yargs.command(info).demandCommand(1, "Name a subcommand: info.").strict(),
  handler: () => undefined, // demandCommand answers a bare `model`
};

/**
 * A file path (anything that exists, ends in .json or has a slash) is read:
 * NASRec's format when it has `micro` / `macro`, else a model spec. Any other
 * word is a zoo name. Errors name the file and the JSON path.
 */
export function loadModel(source: string, dataset: string | undefined): ModelSpec {
  if (!existsSync(source) && !/\.json$|[/\\]/i.test(source)) return zooModel(source);
  const json = readJsonFile(source);
  if (!isNasrec(json)) return parseModelSpec(json, source);
  // The importer takes the dataset from the file name; only when the name says none does it need one.
  const named = datasetNames.filter((n) => basename(source).toLowerCase().includes(n));
  return importNasrec(json, source, named.length === 1 ? {} : { dataset: dataset ?? "criteo" });
}

function isNasrec(json: unknown): boolean {
  return typeof json === "object" && json !== null && ("micro" in json || "macro" in json);
}

const count = (n: number) => n.toLocaleString("en-US");

/** The per-block table as CSV: one line per block, then the final layer. */
export function infoCsv(r: ModelInfo): string {
  const header = [
    "block",
    "live",
    "denseOut",
    "sparseOutRows",
    "sparseOutDim",
    "params",
    "flopsPerSample",
    "layers",
    "deadLayers",
  ];
  const rows: Array<Array<string | number | boolean>> = r.blockOutputShapes.map((shape, i) => {
    const layers = r.layers.filter((l) => l.block === i);
    const names = (live: boolean) =>
      layers
        .filter((l) => l.reachesOutput === live)
        .map((l) => l.name.slice(`block${i}.`.length))
        .join(" ");
    return [
      i,
      !r.deadBlocks.includes(i),
      shape.dense[0]!,
      shape.sparse[0]!,
      shape.sparse[1]!,
      r.blockParams[i]!,
      r.blockFlopsPerSample[i]!,
      names(true),
      names(false),
    ];
  });
  rows.push(["final", true, 1, "", "", r.finalParams, r.finalFlopsPerSample, "final", ""]);
  return csvTable(header, rows);
}

/** A readable summary: totals, then a row per block. */
export function formatInfo(r: ModelInfo): string {
  const lines = [
    `autorac model info: ${r.model} on ${r.dataset} (embedding dim ${r.embeddingDim})`,
    `  parameters           ${count(r.totalParams)}`,
    `    embeddings         ${count(r.embeddingParams)}`,
    `    other layers       ${count(r.paramsExcludingEmbeddings)} (of which biases ${count(r.biasParams)})`,
    `  FLOPs per sample     ${count(r.flopsPerSample)} (multiply-accumulates that reach the output)`,
    `  dead blocks          ${r.deadBlocks.length === 0 ? "none" : r.deadBlocks.join(", ")}`,
    "",
    `  ${"block".padEnd(6)}${"live".padEnd(6)}${"dense out".padStart(10)}${"sparse out".padStart(12)}` +
      `${"params".padStart(13)}${"FLOPs/sample".padStart(14)}  layers`,
  ];
  r.blockOutputShapes.forEach((shape, i) => {
    const layers = r.layers
      .filter((l) => l.block === i)
      .map((l) => {
        const name = l.name.slice(`block${i}.`.length);
        return l.reachesOutput ? name : `(${name})`;
      })
      .join(" ");
    lines.push(
      `  ${String(i).padEnd(6)}${(r.deadBlocks.includes(i) ? "no" : "yes").padEnd(6)}` +
        `${`[${shape.dense[0]}]`.padStart(10)}${`[${shape.sparse.join(", ")}]`.padStart(12)}` +
        `${count(r.blockParams[i]!).padStart(13)}${count(r.blockFlopsPerSample[i]!).padStart(14)}  ${layers}`,
    );
  });
  lines.push(
    `  ${"final".padEnd(6)}${"yes".padEnd(6)}${"[1]".padStart(10)}${"".padStart(12)}` +
      `${count(r.finalParams).padStart(13)}${count(r.finalFlopsPerSample).padStart(14)}`,
    "",
    "  (layer): holds parameters, but nothing it computes reaches the output",
  );
  return lines.join("\n");
}
