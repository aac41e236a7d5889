import type { HwConfig } from "../../arch/config/hw-config";
import type { SearchOutcome } from "../../models/search/run-search";
import { describeHw } from "../../models/search/space";
import { searchHtml, topTable } from "../../models/report/html/search-html";
import { writeFileAtomic } from "../../sim/io/atomic-file";
import { csvTable } from "../../sim/io/csv";
import type { SearchArgs } from "./search-options";

/** --csv (the top 15) and --html (the report page), when asked for; returns the files written. */
export async function writeSearchReports(
  outcome: SearchOutcome,
  args: SearchArgs,
  baseHw: HwConfig,
  config: unknown,
): Promise<string[]> {
  const files: string[] = [];
  if (args.csv !== undefined) {
    const top = topTable(outcome.result);
    writeFileAtomic(args.csv, csvTable(top.header, top.rows));
    files.push(args.csv);
  }
  if (args.html !== undefined) {
    writeFileAtomic(args.html, await searchHtml({ ...outcome, baseHw, config }));
    files.push(args.html);
  }
  return files;
}

/** The search's outcome on stdout: the best design as JSON, or a summary. */
export function printSearch(outcome: SearchOutcome, args: SearchArgs, baseHw: HwConfig): void {
  const { result, criterion } = outcome;
  const best = result.best;
  if (args.json) {
    console.log(
      JSON.stringify(
        {
          best: {
            criterion: best.criterion,
            loss: best.loss,
            feasible: best.feasible,
            metrics: best.metrics,
            model: best.candidate.model,
            hw: best.candidate.hw,
          },
          maxLossOf: outcome.reference,
          files: outcome.files,
        },
        null,
        2,
      ),
    );
    return;
  }
  const first = result.bestByGeneration[0]!;
  const m = best.metrics;
  const blocks = best.candidate.model.blocks
    .map(
      (b, i) =>
        `${i}:${b.dense.op.toUpperCase()}${b.dense.dim}/${b.dense.weightBits}b EFC${b.sparse.dim}/${b.sparse.weightBits}b${b.dsi ? " +DSI" : ""}${b.fm ? " +FM" : ""}`,
    )
    .join("  ");
  console.log(
    [
      `autorac search: ${args.generations} generations, population ${args.population}, ${result.history.length} evaluations (${outcome.resumed} from the journal), loss ${args.loss}, seed ${args.seed}`,
      `criterion = loss + ${criterion.lambdaThroughput} (1/throughput)/(1/${criterion.targetThroughput.toFixed(0)}) + ${criterion.lambdaArea} area/${criterion.targetAreaMm2.toFixed(1)} mm^2 + ${criterion.lambdaPower} power/${criterion.targetPowerW.toFixed(2)} W`,
      `best criterion ${best.criterion.toFixed(5)} (generation 0: ${first.toFixed(5)}, a ${(100 * (1 - best.criterion / first)).toFixed(2)}% drop), found in generation ${best.generation}`,
      ...(outcome.reference === null
        ? []
        : [
            `loss ceiling: ${outcome.reference.model}'s loss ${outcome.reference.loss.toFixed(5)} (same scoring); the best is ${best.feasible ? "within it" : "ABOVE it: no candidate met it"}`,
          ]),
      `  loss ${best.loss.toFixed(5)}; ${m.throughput.toFixed(0)} inferences/s, ${(m.latencyNs / 1000).toFixed(1)} us, ${m.areaMm2.toFixed(1)} mm^2, ${m.powerW.toFixed(3)} W`,
      `  hardware: ${describeHw(best.candidate.hw, baseHw)}`,
      `  model: ${blocks}`,
      `Pareto front: ${result.pareto.length} designs; written: ${outcome.files.join(", ")}`,
    ].join("\n"),
  );
}
