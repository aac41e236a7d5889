/**
 * The frame of an SVG plot, shared by the line chart and the scatter plot:
 * axes with round ticks, the mapping of values to pixels, and the document.
 */
/** A chart axis: its extent, tick values and tick labels. */
export interface Axis {
  lo: number;
  hi: number;
  ticks: number[];
  log: boolean;
  label: (value: number) => string;
}

/** Where the plot area sits in the SVG, in pixels. */
export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

export const COLOURS = [
  "#4e79a7",
  "#f28e2b",
  "#59a14f",
  "#e15759",
  "#76b7b2",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
];
/**
 * Nice round ticks covering [low, high]: a step of 1, 2 or 5 times a power
 * of ten giving about `target` intervals; the extent widened to whole steps.
 */
export function niceTicks(
  low: number,
  high: number,
  target = 5,
): { step: number; ticks: number[] } {
  if (!(high > low))
    [low, high] = low === 0 ? [-1, 1] : [low - Math.abs(low) / 10, high + Math.abs(high) / 10];
  const rough = (high - low) / target;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((m) => rough / power <= m + 1e-9) ?? 10) * power;
  const first = Math.floor(low / step + 1e-9);
  const last = Math.ceil(high / step - 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(Number((k * step).toPrecision(12)));
  return { step, ticks };
}

/** A linear axis over the values (an empty list gives 0..1). */
export function linearAxis(values: number[], asPercent = false): Axis {
  const { step, ticks } = values.length
    ? niceTicks(values.reduce(min), values.reduce(max))
    : niceTicks(0, 1);
  const label = asPercent
    ? (v: number) => `${formatNumber(v * 100, step * 100)}%`
    : (v: number) => formatNumber(v, step);
  return { lo: ticks[0]!, hi: ticks[ticks.length - 1]!, ticks, log: false, label };
}

/** A number to the precision of `step`; from 10^4 up with an SI suffix (1.2M). */
export function formatNumber(value: number, step: number): string {
  if (value === 0) return "0";
  const units: Array<[number, string]> = [
    [1e12, "T"],
    [1e9, "G"],
    [1e6, "M"],
    [1e3, "k"],
  ];
  const [unit, suffix] = units.find(([u]) => Math.abs(value) >= 1e4 && Math.abs(value) >= u) ?? [
    1,
    "",
  ];
  const decimals = Math.min(12, Math.max(0, -Math.floor(Math.log10(step / unit) + 1e-9)));
  return `${(value / unit).toFixed(decimals)}${suffix}`;
}

/** A value's pixel coordinate on an axis, as text. */
export function at(axis: Axis, value: number, area: PlotArea, which: "x" | "y"): string {
  const f = axis.log
    ? (Math.log10(value) - Math.log10(axis.lo)) / (Math.log10(axis.hi) - Math.log10(axis.lo))
    : (value - axis.lo) / (axis.hi - axis.lo);
  const px = which === "x" ? area.left + f * area.width : area.top + (1 - f) * area.height;
  return px.toFixed(1);
}

/** Title, frame, grid lines, tick labels and axis labels. */
export function axesSvg(
  text: { title: string; xLabel: string; yLabel: string },
  x: Axis,
  y: Axis,
  area: PlotArea,
): string[] {
  const { left, top, width, height } = area;
  const bottom = top + height;
  const parts = [
    `<text x="${left}" y="24" font-size="14" font-weight="bold">${escapeXml(text.title)}</text>`,
  ];
  for (const t of x.ticks) {
    const px = at(x, t, area, "x");
    parts.push(`<line x1="${px}" y1="${top}" x2="${px}" y2="${bottom + 4}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${px}" y="${bottom + 17}" font-size="10" text-anchor="middle">${escapeXml(x.label(t))}</text>`,
    );
  }
  for (const t of y.ticks) {
    const py = at(y, t, area, "y");
    parts.push(`<line x1="${left - 4}" y1="${py}" x2="${left + width}" y2="${py}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${left - 7}" y="${(Number(py) + 3.5).toFixed(1)}" font-size="10" text-anchor="end">${escapeXml(y.label(t))}</text>`,
    );
  }
  parts.push(
    `<rect x="${left}" y="${top}" width="${width}" height="${height}" fill="none" stroke="#333"/>`,
    `<text x="${left + width / 2}" y="${bottom + 40}" font-size="12" text-anchor="middle">${escapeXml(text.xLabel)}</text>`,
    `<text transform="translate(16 ${top + height / 2}) rotate(-90)" font-size="12" text-anchor="middle">${escapeXml(text.yLabel)}</text>`,
  );
  return parts;
}

export function svgDocument(width: number, height: number, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">\n<rect width="${width}" height="${height}" fill="white"/>\n${parts.join("\n")}\n</svg>\n`;
}

/** Reducers for long lists (spreading them into Math.min overflows the stack). */
export const min = (a: number, b: number) => Math.min(a, b);
export const max = (a: number, b: number) => Math.max(a, b);

/** Text for an SVG element or attribute. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
