/**
 * A line chart as SVG, written by hand like the Gantt chart: the paper's
 * figure 5 (percentage drop of the criterion vs generation, lower is better)
 * or the best criterion vs generation. The frame is svg-plot.ts.
 */
import {
  at,
  axesSvg,
  COLOURS,
  escapeXml,
  linearAxis,
  svgDocument,
  type PlotArea,
} from "./svg-plot";

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  /** One polyline per series, drawn in the order given. */
  series: Array<{ name: string; points: Array<[number, number]> }>;
  /** Y values are fractions, labelled as percentages (0.05 -> "5%"). */
  yAsPercent?: boolean;
}

const DASHES = ["", "6 3", "2 2"];
const WIDTH = 760;
const HEIGHT = 440;
const LEGEND = 190;
const AREA: PlotArea = { left: 72, top: 40, width: WIDTH - 72 - LEGEND, height: HEIGHT - 40 - 56 };

export function lineChartSvg(options: LineChartOptions): string {
  const series = options.series.map((s) => ({
    name: s.name,
    points: s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)),
  }));
  const all = series.flatMap((s) => s.points);
  const x = linearAxis(all.map((p) => p[0]));
  const y = linearAxis(
    all.map((p) => p[1]),
    options.yAsPercent ?? false,
  );
  const parts = axesSvg(options, x, y, AREA);
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const dash = DASHES[Math.floor(i / COLOURS.length) % DASHES.length]!;
    const style = `fill="none" stroke="${colour}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ""}`;
    const coords = s.points.map(([px, py]) => `${at(x, px, AREA, "x")},${at(y, py, AREA, "y")}`);
    parts.push(
      `<polyline points="${coords.join(" ")}" ${style}><title>${escapeXml(s.name)}</title></polyline>`,
    );
    for (const [px, py] of s.points.length === 1 ? s.points : []) {
      parts.push(
        `<circle cx="${at(x, px, AREA, "x")}" cy="${at(y, py, AREA, "y")}" r="3" fill="${colour}"/>`,
      );
    }
    // legend entry, right of the plot
    const ly = AREA.top + 8 + i * 18;
    const lx = AREA.left + AREA.width + 16;
    parts.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 24}" y2="${ly}" ${style}/>`);
    parts.push(`<text x="${lx + 30}" y="${ly + 4}" font-size="11">${escapeXml(s.name)}</text>`);
  });
  return svgDocument(WIDTH, HEIGHT, parts);
}
