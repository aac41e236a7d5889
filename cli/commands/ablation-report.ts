import { ABLATION_ELEMENTS, type Ablation, type Gains } from "../../models/ablation";
import { waterfallSvg } from "../../models/report/waterfall-svg";

const x = (v: number) => `${v.toFixed(2)}x`;
const gains = (g: Gains) => [x(g.speedup), x(g.areaSaving), x(g.powerEfficiency)];
const row = (cells: string[], widths: number[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[0]!) : c.padStart(widths[i]!))).join("");

/** The ablation as a text table: each step against the previous and against the baseline. */
export function ablationText(a: Ablation, ends: { design: string; baseline: string }): string[] {
  const w = [40, 9, 9, 9, 12, 9, 9, 15, 11, 9];
  const lines = [
    `ablation: from ${ends.baseline} to ${ends.design}, one element on at a time (docs/chip.md)`,
    row(["", "step:", "", "", "cumulative:", "", "", "", "", ""], w),
    row(
      [
        "element",
        "speedup",
        "area",
        "power",
        "speedup",
        "area",
        "power",
        "inferences/s",
        "area mm^2",
        "power W",
      ],
      w,
    ),
    row(
      [
        "baseline",
        "",
        "",
        "",
        "",
        "",
        "",
        a.baseline.throughputPerSec.toFixed(0),
        a.baseline.areaMm2.toFixed(1),
        a.baseline.powerW.toFixed(3),
      ],
      w,
    ),
  ];
  for (const s of a.steps) {
    lines.push(
      row(
        [
          `+ ${s.label}${s.changes ? "" : " (same)"}`,
          ...gains(s.step),
          ...gains(s.cumulative),
          s.figures.throughputPerSec.toFixed(0),
          s.figures.areaMm2.toFixed(1),
          s.figures.powerW.toFixed(3),
        ],
        w,
      ),
    );
  }
  lines.push(row(["total (product of the steps)", ...gains(a.total)], w));
  if (a.offAlone !== null) {
    lines.push(
      "",
      "each element off alone from the full design: what it buys on top of the others",
    );
    lines.push(row(["element", "speedup", "area", "power"], w));
    for (const o of a.offAlone) {
      lines.push(row([`- ${o.label}${o.changes ? "" : " (same)"}`, ...gains(o.buys)], w));
    }
  }
  lines.push(
    "(area: area saving, naive / design; power: power efficiency, inferences/s per W; (same): the two ends make the same choice)",
  );
  return lines;
}

/** The ablation as CSV: one line per step (kind "step") and per element off alone (kind "off-alone"). */
export function ablationCsv(a: Ablation): string {
  const header =
    "kind,element,label,changes,speedup,areaSaving,powerEfficiency,cumulativeSpeedup,cumulativeAreaSaving,cumulativePowerEfficiency,throughputPerSec,latencyNsMean,areaMm2,powerW,energyPerInferenceNj";
  const figures = (f: Ablation["baseline"]) =>
    [f.throughputPerSec, f.latencyNsMean, f.areaMm2, f.powerW, f.energyPerInferenceNj].join(",");
  const g = (v: Gains) => [v.speedup, v.areaSaving, v.powerEfficiency].join(",");
  const lines = [header, `baseline,baseline,baseline,,,,,,,,${figures(a.baseline)}`];
  for (const s of a.steps) {
    lines.push(
      `step,${s.element},"${s.label}",${s.changes},${g(s.step)},${g(s.cumulative)},${figures(s.figures)}`,
    );
  }
  for (const o of a.offAlone ?? []) {
    lines.push(
      `off-alone,${o.element},"${o.label}",${o.changes},${g(o.buys)},,,,${figures(o.figures)}`,
    );
  }
  return lines.join("\n") + "\n";
}

/** The ablation's steps as a waterfall: one panel per ratio. */
export function ablationSvg(a: Ablation, ends: { design: string; baseline: string }): string {
  const panel = (name: string, pick: (g: Gains) => number) => ({
    name,
    steps: a.steps.map((s, i) => ({ label: ABLATION_ELEMENTS[i]!.label, factor: pick(s.step) })),
  });
  return waterfallSvg({
    title: `Ablation: ${ends.baseline} to ${ends.design}, one element at a time (log scale)`,
    panels: [
      panel("speedup", (g) => g.speedup),
      panel("area saving", (g) => g.areaSaving),
      panel("power efficiency", (g) => g.powerEfficiency),
    ],
  });
}
