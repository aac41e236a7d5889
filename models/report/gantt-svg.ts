import { COLOURS, escapeXml } from "./svg-plot";
import type { Intervals } from "./intervals";

export interface GanttPanel {
  title: string;
  /** Per unit: its busy intervals, each with the request it served. */
  rows: Array<{ unit: string; bars: Array<{ start: number; end: number; request: number }> }>;
}

const ROW = 16;
const LABEL = 190;
const WIDTH = 1100;

/**
 * A Gantt chart as SVG: one panel per run (switch on, switch off), a row
 * per unit, a bar per busy interval coloured by request, on a shared time
 * axis in cycles so the panels compare directly.
 */
export function ganttSvg(title: string, panels: GanttPanel[]): string {
  const end = Math.max(
    1,
    ...panels.flatMap((p) => p.rows.flatMap((r) => r.bars.map((b) => b.end))),
  );
  const scale = (WIDTH - LABEL - 20) / end;
  const parts: string[] = [];
  let y = 30;
  parts.push(`<text x="10" y="20" font-size="14" font-weight="bold">${escapeXml(title)}</text>`);
  for (const panel of panels) {
    parts.push(
      `<text x="10" y="${y + 12}" font-size="12" font-weight="bold">${escapeXml(panel.title)}</text>`,
    );
    y += 20;
    for (const row of panel.rows) {
      parts.push(`<text x="10" y="${y + 11}" font-size="10">${escapeXml(row.unit)}</text>`);
      for (const bar of row.bars) {
        const x = LABEL + bar.start * scale;
        const w = Math.max(0.5, (bar.end - bar.start) * scale);
        const colour = COLOURS[bar.request % COLOURS.length]!;
        parts.push(
          `<rect x="${x.toFixed(2)}" y="${y + 2}" width="${w.toFixed(2)}" height="${ROW - 4}" fill="${colour}"><title>request ${bar.request}: ${bar.start}-${bar.end}</title></rect>`,
        );
      }
      y += ROW;
    }
    y += 10;
  }
  // time axis
  const ticks = 10;
  for (let i = 0; i <= ticks; i++) {
    const t = Math.round((end * i) / ticks);
    const x = LABEL + t * scale;
    parts.push(
      `<line x1="${x.toFixed(2)}" y1="28" x2="${x.toFixed(2)}" y2="${y}" stroke="#ddd" stroke-width="0.5"/>`,
    );
    parts.push(
      `<text x="${x.toFixed(2)}" y="${y + 12}" font-size="9" text-anchor="middle">${t}</text>`,
    );
  }
  parts.push(`<text x="${LABEL}" y="${y + 26}" font-size="10">cycles; colour = request</text>`);
  const height = y + 36;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">\n${parts.join("\n")}\n</svg>\n`;
}

export type { Intervals };
