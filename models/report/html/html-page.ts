import { escapeXml } from "../svg-plot";

/**
 * The report's page: one self-contained HTML file (inline CSS, inline SVG,
 * a few lines of inline script to sort tables), nothing fetched.
 */

/** Text for an HTML element or attribute: the same four characters as in SVG. */
export const escapeHtml = escapeXml;

/** A cell: text, a number (shown by formatNumber), or a number shown as `text`; numbers sort by value; null shows "-". */
export type Cell = string | number | null | { value: number; text: string };

/** A table whose columns sort on a click on their header. */
export function table(headers: string[], rows: Cell[][], caption?: string): string {
  const cell = (c: Cell) => {
    if (c === null) return `<td data-v="">-</td>`;
    if (typeof c === "string") return `<td>${escapeHtml(c)}</td>`;
    if (typeof c === "number") return `<td class="num" data-v="${c}">${formatNumber(c)}</td>`;
    return `<td class="num" data-v="${c.value}">${escapeHtml(c.text)}</td>`;
  };
  return [
    `<table class="sortable">`,
    caption === undefined ? "" : `<caption>${escapeHtml(caption)}</caption>`,
    `<thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead>`,
    `<tbody>${rows.map((r) => `<tr>${r.map(cell).join("")}</tr>`).join("")}</tbody>`,
    `</table>`,
  ].join("");
}

/** A number as a table shows it: 3 significant digits below 1000, grouped thousands above. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString("en-US");
  return Number(x.toPrecision(3)).toString();
}

/** A chart: its SVG in a figure named for the browser test, with a caption. */
export function figure(name: string, svg: string, caption: string): string {
  return `<figure class="chart" data-chart="${escapeHtml(name)}">${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

/** A collapsible block of JSON (the resolved configuration). */
export function jsonDetails(summary: string, value: unknown): string {
  return `<details><summary>${escapeHtml(summary)}</summary><pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre></details>`;
}

export interface Section {
  title: string;
  html: string;
}

/**
 * The whole page. `data` is the data behind the charts, embedded as JSON
 * (for the reader's own plots, and for the browser test to count marks by).
 */
export function htmlPage(
  title: string,
  subtitle: string,
  sections: Section[],
  data: unknown,
): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1><p>${escapeHtml(subtitle)}</p></header>
<nav>${sections.map((s, i) => `<a href="#s${i}">${escapeHtml(s.title)}</a>`).join(" · ")}</nav>
${sections.map((s, i) => `<section id="s${i}"><h2>${escapeHtml(s.title)}</h2>${s.html}</section>`).join("\n")}
<script type="application/json" id="report-data">${JSON.stringify(data).replace(/</g, "\\u003c")}</script>
<script>${SORT_SCRIPT}</script>
</body>
</html>
`;
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1180px;padding:0 20px 40px;color:#222}
header h1{margin:20px 0 4px;font-size:24px}header p{margin:0;color:#555}
nav{margin:12px 0;padding:8px 0;border-bottom:1px solid #ddd;font-size:13px}
nav a{color:#2a5db0;text-decoration:none}
h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid #eee;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}
caption{text-align:left;color:#555;padding:4px 0}
th,td{border:1px solid #ddd;padding:4px 8px;text-align:left}
th{background:#f4f6f8;cursor:pointer;user-select:none}
td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:12px 0}figcaption{color:#555;font-size:12px;max-width:900px}
details pre{background:#f7f7f7;padding:8px;max-height:420px;overflow:auto;font-size:12px}
p.note{color:#555;font-size:13px;max-width:900px}
.warn{color:#a33}
`;

/** Click a header to sort by that column; click again to reverse. */
const SORT_SCRIPT = `
document.querySelectorAll("table.sortable th").forEach((th) => th.addEventListener("click", () => {
  const col = th.cellIndex, body = th.closest("table").tBodies[0];
  const key = (tr) => { const td = tr.cells[col]; const v = td.dataset.v; return v !== undefined && v !== "" ? Number(v) : td.textContent; };
  const dir = th.dataset.dir === "asc" ? -1 : 1; th.dataset.dir = dir === 1 ? "asc" : "desc";
  [...body.rows].sort((a, b) => { const x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * dir; }).forEach((r) => body.appendChild(r));
}));
`;
