import type { CheckpointEvaluation } from "../../onchip/evaluate-checkpoint";
import { PASSES } from "../../onchip/evaluate-on-chip";
import { htmlPage, jsonDetails, table } from "./html-page";
import { renderCharts } from "./render-charts";
import type { RunChart } from "./run-charts";
import { sideBySide } from "./side-by-side";

const MEASURES = ["conversions clipped (%)", "error introduced (MAE, LSB)"];

/** Per layer or engine: the share of its conversions that clipped and the error that reached its outputs. */
export function clipsChart(r: CheckpointEvaluation): RunChart {
  const rows = r.layers.flatMap((l) => [
    {
      point: l.name,
      measure: MEASURES[0]!,
      value: l.conversions === 0 ? 0 : (100 * l.clipped) / l.conversions,
    },
    { point: l.name, measure: MEASURES[1]!, value: l.maeLsb },
  ]);
  return {
    name: "clips",
    caption:
      "Each layer and engine of the subnet on the chip: the share of its ADC conversions that saturated, and the mean error that put into its outputs (chip against exact products of the same inputs, after requantisation, in the output's steps).",
    rows,
    markClass: "mark-rect",
    spec: sideBySide(rows, "measure", MEASURES, {
      width: 260,
      mark: { type: "bar" },
      encoding: {
        y: { field: "point", type: "nominal", title: null, sort: null },
        x: { field: "value", type: "quantitative", title: null },
        tooltip: [{ field: "point" }, { field: "value", format: ".4g" }],
      },
    }),
  };
}

/** `evaluate --html`: the subnet's accuracy four ways, and where the chip's clips are. */
export async function evaluateHtml(r: CheckpointEvaluation, config: object): Promise<string> {
  const rendered = await renderCharts([clipsChart(r)]);
  const accuracy = table(
    ["pass", "log loss", "AUC", "log loss - reference", "AUC - reference"],
    PASSES.map(([key, name]) => [
      name,
      r[key].logLoss,
      r[key].auc,
      r[key].logLoss - r.integer.logLoss,
      r[key].auc - r.integer.auc,
    ]),
    `${r.rows.toLocaleString("en-US")} validation rows; ${r.chipVsInteger.rowsDiffering.toLocaleString("en-US")} chip logits differ from the reference (largest by ${r.chipVsInteger.maxAbsLogitDifference}).`,
  );
  const layers = table(
    ["point", "conversions", "clipped", "clipped (%)", "MAE (LSB)", "MAE (value)"],
    r.layers.map((l) => [
      l.name,
      l.conversions,
      l.clipped,
      l.conversions === 0 ? 0 : (100 * l.clipped) / l.conversions,
      l.maeLsb,
      l.maeValue,
    ]),
    `ADC conversions ${r.conversions.toLocaleString("en-US")}, of which ${r.clipped.toLocaleString("en-US")} clipped. Click a header to sort.`,
  );
  return htmlPage(
    `autorac evaluate: ${r.subnet}`,
    `a checkpoint trained ${r.steps} steps, on ${r.data} (docs/supernet.md, "A checkpoint on the chip")`,
    [
      { title: "Accuracy", html: accuracy },
      { title: "Layers", html: layers + rendered.html.join("") },
      { title: "Configuration", html: jsonDetails("the resolved inputs (JSON)", config) },
    ],
    { charts: rendered.data },
  );
}
