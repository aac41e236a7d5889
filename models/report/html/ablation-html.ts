import { sideBySide } from "./side-by-side";
import type { Ablation, Gains } from "../../ablation";
import { htmlPage, jsonDetails, table, type Cell, type Section } from "./html-page";
import { renderCharts, type ChartData } from "./render-charts";
import type { RunChart } from "./run-charts";

const METRICS: Array<[keyof Gains, string]> = [
  ["speedup", "speedup"],
  ["areaSaving", "area saving"],
  ["powerEfficiency", "power efficiency"],
];

/** The ablation's steps as a waterfall: each bar from the cumulative gain before the step to after it. */
export function ablationWaterfall(
  a: Ablation,
  ends: { design: string; baseline: string },
): RunChart {
  const rows = METRICS.flatMap(([key, metric]) => {
    let before = 1;
    return a.steps.map((s, i) => {
      const after = s.cumulative[key];
      const row = {
        metric,
        step: `${i + 1}. ${s.label}`,
        from: before,
        to: after,
        factor: s.step[key],
      };
      before = after;
      return row;
    });
  });
  return {
    name: "ablation",
    caption: `Ablation: from ${ends.baseline} to ${ends.design}, one element at a time; each bar spans the cumulative gain before and after its step (log scale).`,
    rows,
    markClass: "mark-rect",
    spec: sideBySide(
      rows,
      "metric",
      METRICS.map((m) => m[1]),
      {
        width: 230,
        mark: "rect",
        encoding: {
          y: { field: "step", type: "ordinal", title: null, sort: null, axis: { labelLimit: 260 } },
          x: {
            field: "from",
            type: "quantitative",
            scale: { type: "log" },
            title: "cumulative gain",
          },
          x2: { field: "to" },
          color: {
            condition: { test: "datum.to >= datum.from", value: "#59a14f" },
            value: "#e15759",
          },
          tooltip: [{ field: "step" }, { field: "factor", format: ".3f" }],
        },
      },
    ),
  };
}

/** The ablation section: the waterfall and the steps' table (and what each element buys alone). */
export async function ablationSection(
  a: Ablation,
  ends: { design: string; baseline: string },
): Promise<{ section: Section; data: ChartData }> {
  const rendered = await renderCharts([ablationWaterfall(a, ends)]);
  const x = (v: number): Cell => ({ value: v, text: `${v.toFixed(2)}x` });
  const steps = table(
    ["step", "changes", "speedup", "area saving", "power eff.", "cumulative speedup"],
    a.steps.map((s, i) => [
      `${i + 1}. ${s.label}`,
      s.changes ? "yes" : "no",
      x(s.step.speedup),
      x(s.step.areaSaving),
      x(s.step.powerEfficiency),
      x(s.cumulative.speedup),
    ]),
    "Each step against the previous; the factors multiply to the totals.",
  );
  const offAlone =
    a.offAlone === null
      ? ""
      : table(
          ["element off alone", "speedup it buys", "area saving", "power eff."],
          a.offAlone.map((o) => [
            o.label,
            x(o.buys.speedup),
            x(o.buys.areaSaving),
            x(o.buys.powerEfficiency),
          ]),
          "The full design against the design with this one element off.",
        );
  return {
    section: { title: "Ablation", html: rendered.html.join("") + steps + offAlone },
    data: rendered.data,
  };
}

/** `ablate --html`: the ablation alone on a page, with its comparison and inputs. */
export async function ablationHtml(
  a: Ablation,
  ends: { design: string; baseline: string; kind: string },
  config: unknown,
): Promise<string> {
  const { section, data } = await ablationSection(a, ends);
  return htmlPage(
    `autorac ablate: ${ends.design}`,
    `${ends.kind} comparison: ${ends.design} against ${ends.baseline}, one technique at a time`,
    [section, { title: "Configuration", html: jsonDetails("the resolved inputs (JSON)", config) }],
    { charts: data },
  );
}
