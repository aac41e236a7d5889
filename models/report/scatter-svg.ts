import {
  at,
  axesSvg,
  escapeXml,
  formatNumber,
  linearAxis,
  max,
  min,
  svgDocument,
  type Axis,
  type PlotArea,
} from "./svg-plot";

export interface ScatterOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Highlighted points (a Pareto front) are drawn larger and joined in x order. */
  points: Array<{ x: number; y: number; label?: string; highlight?: boolean }>;
  /** Logarithmic axes; points at or below 0 on a log axis are left out, and a note says how many. */
  logX?: boolean;
  logY?: boolean;
}

const WIDTH = 720;
const HEIGHT = 460;
const AREA: PlotArea = { left: 72, top: 40, width: WIDTH - 72 - 30, height: HEIGHT - 40 - 56 };
const DOT = "#4e79a7";
const FRONT = "#e15759";

/** A scatter plot as SVG, e.g. throughput vs area or vs power with the Pareto front highlighted. */
export function scatterSvg(options: ScatterOptions): string {
  const finite = options.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const points = finite.filter((p) => (!options.logX || p.x > 0) && (!options.logY || p.y > 0));
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const x = options.logX ? logAxis(xs) : linearAxis(xs);
  const y = options.logY ? logAxis(ys) : linearAxis(ys);
  const parts = axesSvg(options, x, y, AREA);
  const place = (p: { x: number; y: number }) => [at(x, p.x, AREA, "x"), at(y, p.y, AREA, "y")];
  const dot = (p: ScatterOptions["points"][number], r: number, fill: string) => {
    const [cx, cy] = place(p);
    const tip = `${p.label ? `${p.label}: ` : ""}(${p.x}, ${p.y})`;
    return `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${fill}" fill-opacity="${r > 3 ? 1 : 0.6}" stroke="#333" stroke-width="${r > 3 ? 1 : 0}"><title>${escapeXml(tip)}</title></circle>`;
  };
  const front = points.filter((p) => p.highlight).sort((a, b) => a.x - b.x);
  for (const p of points) if (!p.highlight) parts.push(dot(p, 3, DOT));
  if (front.length > 1) {
    const coords = front.map((p) => place(p).join(","));
    parts.push(
      `<polyline points="${coords.join(" ")}" fill="none" stroke="${FRONT}" stroke-width="1.5"/>`,
    );
  }
  for (const p of front) parts.push(dot(p, 5, FRONT));
  for (const p of points.filter((q) => q.label)) {
    const [cx, cy] = place(p).map(Number) as [number, number];
    parts.push(
      `<text x="${(cx + 6).toFixed(1)}" y="${(cy - 6).toFixed(1)}" font-size="9">${escapeXml(p.label!)}</text>`,
    );
  }
  const left = finite.length - points.length;
  if (left > 0) {
    parts.push(
      `<text x="${WIDTH - 30}" y="24" font-size="10" text-anchor="end">${left} point${left > 1 ? "s" : ""} at or below 0 not shown (log axis)</text>`,
    );
  }
  return svgDocument(WIDTH, HEIGHT, parts);
}

/**
 * A log axis over positive values: ticks at the powers of ten around them,
 * with 2 and 5 times each power added when they span three decades or fewer,
 * and every second (third...) power kept when they span more than eight.
 */
export function logAxis(values: number[]): Axis {
  const lo = values.length ? values.reduce(min) : 1;
  const hi = values.length ? values.reduce(max) : 10;
  const first = Math.floor(Math.log10(lo) + 1e-9);
  let last = Math.ceil(Math.log10(hi) - 1e-9);
  if (last === first) last = first + 1;
  const stride = Math.ceil((last - first) / 8);
  last = first + stride * Math.ceil((last - first) / stride);
  const ticks: number[] = [];
  for (let k = first; k <= last; k += stride) {
    const power = Number((10 ** k).toPrecision(12));
    ticks.push(power);
    if (last - first <= 3 && k < last) ticks.push(2 * power, 5 * power);
  }
  const label = (v: number) => formatNumber(v, 10 ** Math.floor(Math.log10(v) + 1e-9));
  return { lo: ticks[0]!, hi: ticks[ticks.length - 1]!, ticks, log: true, label };
}
