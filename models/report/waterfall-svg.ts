/**
 * A waterfall chart as SVG: how factors that multiply build a total, one
 * panel per measure (the ablation's speedup, area saving and power
 * efficiency). Each step is a bar from the running product before it to the
 * product after it, on a log axis, so a bar's length is its factor and the
 * bars end where the total bar does. Gains are green, losses red, the total
 * blue.
 */
import { escapeXml, svgDocument } from "./svg-plot";

export interface WaterfallPanel {
  name: string;
  /** The factors, in order; their product is the panel's total. */
  steps: Array<{ label: string; factor: number }>;
}

export interface WaterfallOptions {
  title: string;
  panels: WaterfallPanel[];
  /** The total bar's label (default "total"). */
  totalLabel?: string;
}

const GAIN = "#59a14f";
const LOSS = "#e15759";
const TOTAL = "#4e79a7";
const LABELS = 250;
const BAR = 18;
const PANEL_WIDTH = 420;
const GAP = 40;

export function waterfallSvg(options: WaterfallOptions): string {
  const rows = Math.max(...options.panels.map((p) => p.steps.length)) + 1;
  const plotHeight = rows * (BAR + 6);
  const width = LABELS + options.panels.length * (PANEL_WIDTH + GAP);
  const height = 70 + plotHeight + 40;
  const parts = [
    `<text x="12" y="24" font-size="14" font-weight="bold">${escapeXml(options.title)}</text>`,
  ];
  const labels = [...options.panels[0]!.steps.map((s) => s.label), options.totalLabel ?? "total"];
  labels.forEach((label, i) => {
    parts.push(
      `<text x="${LABELS - 8}" y="${rowY(i) + BAR / 2 + 4}" font-size="11" text-anchor="end">${escapeXml(label)}</text>`,
    );
  });
  options.panels.forEach((panel, p) => {
    parts.push(...panelSvg(panel, LABELS + p * (PANEL_WIDTH + GAP), plotHeight));
  });
  return svgDocument(width, height, parts);
}

/** The top of row i. */
const rowY = (i: number) => 60 + i * (BAR + 6);

function panelSvg(panel: WaterfallPanel, left: number, plotHeight: number): string[] {
  const products = [1];
  for (const s of panel.steps) products.push(products[products.length - 1]! * s.factor);
  const total = products[products.length - 1]!;
  // Powers of two covering every running product, 1 included.
  const lo = 2 ** Math.floor(Math.log2(Math.min(...products)) + 1e-9);
  const hi = 2 ** Math.max(1, Math.ceil(Math.log2(Math.max(...products)) - 1e-9));
  const span = Math.max(1, Math.log2(hi) - Math.log2(lo));
  const x = (v: number) => left + ((Math.log2(v) - Math.log2(lo)) / span) * PANEL_WIDTH;
  const parts = [
    `<text x="${left}" y="48" font-size="12" font-weight="bold">${escapeXml(panel.name)} (total ${total.toFixed(2)}x)</text>`,
  ];
  for (let t = lo; t <= hi * 1.0001; t *= 2) {
    const px = x(t).toFixed(1);
    parts.push(
      `<line x1="${px}" y1="56" x2="${px}" y2="${60 + plotHeight}" stroke="${t === 1 ? "#333" : "#ddd"}"/>`,
      `<text x="${px}" y="${74 + plotHeight}" font-size="10" text-anchor="middle">${t >= 1 ? t : `1/${1 / t}`}x</text>`,
    );
  }
  const bar = (i: number, from: number, to: number, colour: string, label: string) => {
    const a = x(Math.min(from, to));
    const b = x(Math.max(from, to));
    parts.push(
      `<rect x="${a.toFixed(1)}" y="${rowY(i)}" width="${Math.max(1, b - a).toFixed(1)}" height="${BAR}" fill="${colour}"><title>${escapeXml(label)}</title></rect>`,
      `<text x="${(Math.max(a, b) + 4).toFixed(1)}" y="${rowY(i) + BAR / 2 + 4}" font-size="10">${escapeXml(label)}</text>`,
    );
  };
  panel.steps.forEach((s, i) => {
    const colour = s.factor > 1 + 1e-9 ? GAIN : s.factor < 1 - 1e-9 ? LOSS : "#999";
    bar(i, products[i]!, products[i + 1]!, colour, `${s.factor.toFixed(2)}x`);
  });
  bar(panel.steps.length, 1, total, TOTAL, `${total.toFixed(2)}x`);
  return parts;
}
