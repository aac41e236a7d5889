import type { HwConfig } from "../../../arch/config/hw-config";
import type { CriterionSettings } from "../../search/criterion";
import type { Evaluated, EvolutionResult } from "../../search/evolution";
import { hwConfigOf } from "../../search/space";
import type { ChoiceBlock } from "../../spec/model-spec";
import { modelDiagramSvg } from "../model-diagram-svg";
import { escapeHtml, figure, htmlPage, jsonDetails, table, type Cell } from "./html-page";
import { renderCharts } from "./render-charts";
import type { RunChart } from "./run-charts";

/** What the search page is made from: `runSearch`'s outcome and the inputs it ran with. */
export interface SearchPageInput {
  result: EvolutionResult;
  criterion: CriterionSettings;
  reference: { model: string; loss: number } | null;
  baseHw: HwConfig;
  /** The resolved inputs, shown as JSON. */
  config: unknown;
}

const BEST = "best in population";
const MEAN = "mean of the generation's new candidates";

/**
 * The paper's figure 5: the best criterion in the population after each
 * generation, and the mean criterion of the candidates each generation
 * evaluated (generation 0: the initial population), one point per
 * generation and series.
 */
export function criterionChart(result: EvolutionResult): RunChart {
  const first = result.bestByGeneration[0]!;
  const sums = new Map<number, { total: number; count: number }>();
  for (const e of result.history) {
    const s = sums.get(e.generation) ?? { total: 0, count: 0 };
    sums.set(e.generation, { total: s.total + e.criterion, count: s.count + 1 });
  }
  const rows = [
    ...result.bestByGeneration.map((criterion, generation) => ({
      generation,
      series: BEST,
      criterion,
      dropPercent: (100 * (first - criterion)) / first,
    })),
    ...[...sums.entries()].map(([generation, s]) => ({
      generation,
      series: MEAN,
      criterion: s.total / s.count,
      dropPercent: (100 * (first - s.total / s.count)) / first,
    })),
  ];
  return {
    name: "criterion",
    caption: `Criterion by generation (the paper's figure 5; lower is better): the best in the population after each generation (${((100 * (first - result.best.criterion)) / first).toFixed(2)}% below generation 0's at the end), and the mean of the candidates each generation evaluated.`,
    rows,
    markClass: "mark-symbol",
    spec: {
      width: 860,
      height: 260,
      data: { values: rows },
      mark: { type: "line", point: true },
      encoding: {
        x: {
          field: "generation",
          type: "quantitative",
          title: "generation",
          axis: { format: "d", tickMinStep: 1 },
        },
        y: { field: "criterion", type: "quantitative", title: "criterion", scale: { zero: false } },
        color: {
          field: "series",
          type: "nominal",
          title: null,
          sort: [BEST, MEAN],
          legend: { orient: "bottom", labelLimit: 400 },
        },
        tooltip: [
          { field: "series" },
          { field: "generation" },
          { field: "criterion", format: ".5f" },
          { field: "dropPercent", format: ".2f", title: "drop from generation 0 [%]" },
        ],
      },
    },
  };
}

/**
 * Every distinct candidate evaluated, throughput against area, the Pareto
 * front's (throughput up, area and power down) drawn on top; one point each.
 */
export function paretoChart(result: EvolutionResult): RunChart {
  const front = new Set(result.pareto.map((e) => e.key));
  const seen = new Set<string>();
  const distinct = result.history.filter((e) => !seen.has(e.key) && seen.add(e.key));
  const row = (e: Evaluated) => ({
    candidate: e.candidate.model.name,
    set: front.has(e.key) ? "Pareto front" : "evaluated",
    areaMm2: e.metrics.areaMm2,
    throughput: e.metrics.throughput,
    powerW: e.metrics.powerW,
    criterion: e.criterion,
  });
  // the front last, so that its points are drawn over the others
  const rows = [
    ...distinct.filter((e) => !front.has(e.key)).map(row),
    ...distinct.filter((e) => front.has(e.key)).map(row),
  ];
  return {
    name: "pareto",
    caption: `The ${distinct.length} distinct candidates evaluated: throughput against area (log scales); the ${result.pareto.length} of the Pareto front (no other has more throughput with less area and less power) in orange.`,
    rows,
    markClass: "mark-symbol",
    spec: {
      width: 600,
      height: 400,
      data: { values: rows },
      mark: { type: "point", filled: true, size: 30 },
      encoding: {
        x: { field: "areaMm2", type: "quantitative", title: "area [mm^2]", scale: { type: "log" } },
        y: {
          field: "throughput",
          type: "quantitative",
          title: "throughput [inferences/s]",
          scale: { type: "log" },
        },
        color: {
          field: "set",
          type: "nominal",
          title: null,
          scale: { domain: ["evaluated", "Pareto front"], range: ["#9db4cc", "#f28e2b"] },
        },
        opacity: { condition: { test: "datum.set === 'Pareto front'", value: 1 }, value: 0.5 },
        tooltip: [
          { field: "candidate" },
          { field: "powerW", format: ".3f" },
          { field: "criterion", format: ".5f" },
        ],
      },
    },
  };
}

/** The top-15 table's columns (the CSV's too): raw numbers, one row per design. */
export function topTable(result: EvolutionResult): {
  header: string[];
  rows: Array<Array<string | number | boolean>>;
} {
  return {
    header: [
      "rank",
      "candidate",
      "generation",
      "criterion",
      "loss",
      "feasible",
      "throughput (inferences/s)",
      "latency (ns)",
      "area (mm^2)",
      "power (W)",
      "energy per inference (pJ)",
      "crossbar",
      "cell bits",
      "DAC bits",
      "ADC bits",
      "blocks",
    ],
    rows: result.top.map((e, i) => [
      i + 1,
      e.candidate.model.name,
      e.generation,
      e.criterion,
      e.loss,
      e.feasible,
      e.metrics.throughput,
      e.metrics.latencyNs,
      e.metrics.areaMm2,
      e.metrics.powerW,
      e.metrics.energyPerInferencePj,
      e.candidate.hw.crossbar,
      e.candidate.hw.cellBits,
      e.candidate.hw.dacBits,
      e.candidate.hw.adcBits,
      e.candidate.model.blocks.map(blockText).join("  "),
    ]),
  };
}

/** One choice block as the search's summary writes it: `DENSE dim/bits EFC dim/bits +DSI +FM`. */
function blockText(b: ChoiceBlock): string {
  return `${b.dense.op.toUpperCase()}${b.dense.dim}/${b.dense.weightBits}b EFC${b.sparse.dim}/${b.sparse.weightBits}b${b.dsi ? " +DSI" : ""}${b.fm ? " +FM" : ""}`;
}

const criterionCell = (v: number): Cell => ({ value: v, text: v.toFixed(5) });

/** The best design: its criterion, loss, metrics and hardware genes, and its full hardware config. */
function bestSection(input: SearchPageInput): string {
  const best = input.result.best;
  const hw = hwConfigOf(best.candidate.hw, input.baseHw);
  const m = best.metrics;
  const c = input.criterion;
  const rows: Cell[][] = [
    ["criterion", criterionCell(best.criterion)],
    ["loss", criterionCell(best.loss)],
    ["feasible", best.feasible ? "yes" : "no: above the loss ceiling"],
    ["found in generation", best.generation],
    ["throughput (inferences/s)", m.throughput],
    ["mean latency (ns)", m.latencyNs],
    ["unloaded latency (ns)", m.unloadedLatencyNs],
    ["area (mm^2)", m.areaMm2],
    ["power (W)", m.powerW],
    ["energy per inference (pJ)", m.energyPerInferencePj],
    ["crossbar", `${best.candidate.hw.crossbar}x${best.candidate.hw.crossbar}`],
    ["cell bits", best.candidate.hw.cellBits],
    ["DAC bits", best.candidate.hw.dacBits],
    ["ADC bits", best.candidate.hw.adcBits],
  ];
  const formula = `criterion = loss + ${c.lambdaThroughput} (1/throughput)/(1/${c.targetThroughput.toFixed(0)}) + ${c.lambdaArea} area/${c.targetAreaMm2.toFixed(1)} mm^2 + ${c.lambdaPower} power/${c.targetPowerW.toFixed(2)} W`;
  const ceiling =
    input.reference === null
      ? ""
      : `<p class="note">Loss ceiling: ${escapeHtml(input.reference.model)}'s loss ${input.reference.loss.toFixed(5)} (the same scoring); a candidate above it ranks after every one below.</p>`;
  return (
    `<p class="note">${escapeHtml(formula)}</p>${ceiling}` +
    table(["figure", "value"], rows, "The best design: the oracle's metrics and hardware genes.") +
    jsonDetails("its hardware config (the base config with its genes)", hw)
  );
}

/** `search --html`: the criterion by generation, the best model, the Pareto front, the top 15. */
export async function searchHtml(input: SearchPageInput): Promise<string> {
  const { result } = input;
  const rendered = await renderCharts([criterionChart(result), paretoChart(result)]);
  const [criterion, pareto] = rendered.html;
  const top = topTable(result);
  // the blocks, long, are listed below the table; the table counts them
  const topCells = top.rows.map((r, rank) =>
    r.map((v, i): Cell => {
      if (typeof v === "boolean") return v ? "yes" : "no";
      if (i === r.length - 1) return result.top[rank]!.candidate.model.blocks.length;
      return i === 3 || i === 4 ? criterionCell(v as number) : v;
    }),
  );
  const topBlocks = result.top
    .map(
      (e, i) =>
        `<li>${i + 1}. ${escapeHtml(e.candidate.model.name)}: ${escapeHtml(e.candidate.model.blocks.map(blockText).join("; "))}</li>`,
    )
    .join("");
  const generations = table(
    ["generation", "best criterion"],
    result.bestByGeneration.map((v, g) => [g, criterionCell(v)]),
  );
  const diagram = figure(
    "best-model",
    modelDiagramSvg(result.best.candidate.model, { title: "Best model found" }),
    "The best model's choice blocks (the paper's figure 6): dense operator and EFC per block, DSI and FM where used; colour: weight bits; grey: a dead block.",
  );
  const s = input.config as { generations?: number; population?: number } | null;
  return htmlPage(
    `autorac search: ${result.best.candidate.model.name}`,
    `co-design search: ${s?.generations ?? result.bestByGeneration.length - 1} generations, population ${s?.population ?? result.population.length}, ${result.history.length} evaluations`,
    [
      {
        title: "Criterion by generation",
        html:
          criterion! +
          `<details><summary>the best criterion of each generation (table)</summary>${generations}</details>`,
      },
      { title: "Best design", html: bestSection(input) + diagram },
      { title: "Pareto front", html: pareto! },
      {
        title: "Top 15",
        html:
          table(
            top.header,
            topCells,
            "The 15 best distinct candidates seen (the paper retrains its top 15). Click a header to sort.",
          ) + `<details><summary>their blocks</summary><ul>${topBlocks}</ul></details>`,
      },
      { title: "Configuration", html: jsonDetails("the resolved inputs (JSON)", input.config) },
    ],
    { charts: rendered.data },
  );
}
