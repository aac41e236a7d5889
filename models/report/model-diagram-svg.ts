import { escapeXml, svgDocument } from "./svg-plot";
import type { OperatorKind } from "../operators/operator-kind";
import { operatorKinds } from "../operators/registry";
import { analyseModel } from "../spec/model-graph";
import type { ChoiceBlock, ModelGraph, ModelSpec, WeightBits } from "../spec/model-spec";

/**
 * A model spec drawn in the style of the paper's figure 6: the inputs at the
 * bottom, one row per choice block above them (its dense operator and its
 * EFC side by side, DSI / FM as tags between them), the final layer on top.
 * Boxes are coloured by weight bits; dead blocks are grey. A dense input is
 * a line from the source's dense box to the block's dense box, a sparse
 * input one from the source's EFC box to the block's EFC box; a line to the
 * next row up is drawn straight, a longer one runs up a lane beside the
 * column (one lane per source). A DP also reads the block's sparse inputs,
 * drawn as a dashed tap from below the EFC box.
 *
 * Elements carry classes for tools and tests: `op` (an operator box, plus
 * `dead`), `io` (input and final boxes), `tag` (DSI, FM), `conn dense`,
 * `conn sparse` and `tap` (connections).
 */
export function modelDiagramSvg(spec: ModelSpec, options: { title?: string } = {}): string {
  const graph = tryAnalyse(spec);
  const live = spec.blocks.map((_, i) => graph?.blocks[i]?.live ?? true);
  const at = layout(spec.blocks.length);
  const lines = spec.blocks.flatMap((block, i) => blockLines(block, i, live[i]!, at));
  const boxes = spec.blocks.flatMap((block, i) => blockBoxes(block, i, live[i]!, at));
  const n = spec.blocks.length;
  const data = graph?.dataset;
  const [dense, sparse] = [at.x("dense"), at.x("sparse")];
  boxes.push(
    box(
      { cls: "io", x: dense, y: at.top(0), label: "Dense in", live: true },
      data && plural(data.denseFeatures, "dense feature"),
    ),
    box(
      { cls: "io", x: sparse, y: at.top(0), label: "Sparse in", live: true },
      data && `${plural(data.sparseFeatures, "embedding")} of ${spec.embeddingDim}`,
    ),
    box({
      cls: "io",
      x: dense,
      y: at.top(n + 1),
      w: sparse + BOX_W - dense,
      label: `Final FC 1, ${spec.final.weightBits}-bit`,
      bits: spec.final.weightBits,
      live: true,
    }),
  );
  if (n > 0) {
    // the final layer reads the last block's dense and sparse outputs
    for (const kind of KINDS)
      lines.push(straight(kind, at.centre(kind), at.top(n), at.top(n + 1) + BOX_H, ""));
  }
  const title = options.title ?? `${spec.name} (${spec.dataset}, embedding ${spec.embeddingDim})`;
  return svgDocument(at.width, at.top(0) + BOX_H + 20, [
    `<defs>${arrow("dense")}${arrow("sparse")}</defs>`,
    `<text x="10" y="22" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    ...legend(),
    ...lines,
    ...boxes,
  ]);
}

type Kind = "dense" | "sparse";
type Look = { fill: string; stroke: string };

const KINDS = ["dense", "sparse"] as const;
const LABEL_W = 64;
const LANE0 = 14;
const LANE = 9;
const BOX_W = 150;
const BOX_H = 40;
const GAP = 84;
const PITCH = 70;
const TOP = 84;
const LINE: Record<Kind, string> = { dense: "#2e7d32", sparse: "#8e44ad" };
const BITS: Record<WeightBits, Look> = {
  8: { fill: "#c6dbef", stroke: "#4e79a7" },
  4: { fill: "#fdd9b5", stroke: "#e07b00" },
};
const PLAIN: Look = { fill: "#ffffff", stroke: "#555555" };
const DEAD = { fill: "#eeeeee", stroke: "#bbbbbb", text: "#999999" };

/** Where things go for n blocks: row 0 holds the inputs, row i + 1 block i, row n + 1 the final layer. */
interface Layout {
  width: number;
  /** A column's left edge. */
  x(kind: Kind): number;
  centre(kind: Kind): number;
  top(row: number): number;
  /** The lane that carries source j's output up beside a column; later sources run nearer the boxes. */
  lane(kind: Kind, j: number): number;
}

function layout(n: number): Layout {
  const lanes = LANE0 + LANE * Math.max(0, n - 1);
  const dense = LABEL_W + lanes + 8;
  const sparse = dense + BOX_W + GAP;
  const x = (kind: Kind) => (kind === "dense" ? dense : sparse);
  return {
    width: Math.max(440, sparse + BOX_W + lanes + 20),
    x,
    centre: (kind) => x(kind) + BOX_W / 2,
    top: (row) => TOP + (n + 1 - row) * PITCH,
    lane: (kind, j) =>
      kind === "dense"
        ? dense - LANE0 - LANE * (n - 1 - j)
        : sparse + BOX_W + LANE0 + LANE * (n - 1 - j),
  };
}

function tryAnalyse(spec: ModelSpec): ModelGraph | undefined {
  try {
    return analyseModel(spec);
  } catch {
    return undefined; // an unknown dataset or a bad spec still draws, every block live
  }
}

/** A block's input indices on one side, ascending, without duplicates or impossible indices. */
function inputsOf(block: ChoiceBlock, kind: Kind, index: number): number[] {
  const list = Array.isArray(block.inputs) ? block.inputs : block.inputs[kind];
  const valid = list.filter((j) => Number.isInteger(j) && j >= 0 && j <= index);
  return [...new Set(valid)].sort((a, b) => a - b);
}

/** The lines into block i: straight from the row below, through a lane from further down. */
function blockLines(block: ChoiceBlock, i: number, live: boolean, at: Layout): string[] {
  const fade = live ? "" : ` opacity="0.3"`;
  const row = i + 1;
  const lines: string[] = [];
  for (const kind of KINDS) {
    const sources = inputsOf(block, kind, i);
    const viaLane = sources.filter((j) => j !== i);
    if (sources.includes(i)) {
      lines.push(straight(kind, at.centre(kind), at.top(i), at.top(row) + BOX_H, fade));
    }
    viaLane.forEach((j, k) => {
      const edge = kind === "dense" ? at.x(kind) : at.x(kind) + BOX_W;
      const yIn = at.top(row) + BOX_H * (0.3 + (0.65 * (k + 1)) / (viaLane.length + 1));
      const yOut = at.top(j) + BOX_H * 0.15;
      const x = at.lane(kind, j);
      const points = `${edge},${yOut} ${x},${yOut} ${x},${yIn} ${edge},${yIn}`;
      lines.push(`<polyline points="${points}" ${lineStyle(kind)}${fade}/>`);
    });
  }
  if (kindOf("dense", block.dense.op)?.readsSparse === true) {
    const y = at.top(row) + BOX_H;
    const [from, to] = [at.x("sparse") + 16, at.x("dense") + BOX_W - 16];
    lines.push(
      `<circle cx="${from}" cy="${y + 10}" r="2.5" fill="${LINE.sparse}"${fade}/>`,
      `<polyline class="tap" points="${from},${y} ${from},${y + 10} ${to},${y + 10} ${to},${y}" fill="none" stroke="${LINE.sparse}" stroke-width="1.3" stroke-dasharray="4 2" marker-end="url(#arrow-sparse)"${fade}><title>DP reads the block's sparse inputs too</title></polyline>`,
    );
  }
  return lines;
}

function straight(kind: Kind, x: number, from: number, to: number, fade: string): string {
  return `<polyline points="${x},${from} ${x},${to}" ${lineStyle(kind)}${fade}/>`;
}

function lineStyle(kind: Kind): string {
  return `class="conn ${kind}" fill="none" stroke="${LINE[kind]}" stroke-width="1.3" marker-end="url(#arrow-${kind})"`;
}

/** Block i's two operator boxes, its DSI / FM tags and its row label. */
function blockBoxes(block: ChoiceBlock, i: number, live: boolean, at: Layout): string[] {
  const y = at.top(i + 1);
  const { dense, sparse } = block;
  const grey = live ? "" : ` fill="${DEAD.text}"`;
  const tagX = at.x("dense") + BOX_W + 8;
  return [
    box({
      cls: "op",
      x: at.x("dense"),
      y,
      label: `${kindOf("dense", dense.op)?.title ?? dense.op.toUpperCase()} ${dense.dim}, ${dense.weightBits}-bit`,
      bits: dense.weightBits,
      live,
    }),
    box({
      cls: "op",
      x: at.x("sparse"),
      y,
      label: `${kindOf("sparse", sparse.op)?.title ?? sparse.op.toUpperCase()} ${sparse.dim}, ${sparse.weightBits}-bit`,
      bits: sparse.weightBits,
      live,
    }),
    `<text x="10" y="${y + 15}" font-size="11"${grey}>block ${i}</text>`,
    live ? "" : `<text x="10" y="${y + 29}" font-size="10"${grey}>(dead)</text>`,
    block.dsi ? tag("DSI", tagX, y + 4, block.dsi.weightBits, live) : "",
    block.fm ? tag("FM", tagX, y + BOX_H - 18, block.fm.weightBits, live) : "",
  ].filter((part) => part !== "");
}

/** A box with a centred label, and under it a small note. */
function box(
  b: {
    cls: string;
    x: number;
    y: number;
    w?: number;
    label: string;
    bits?: WeightBits;
    live: boolean;
  },
  note?: string,
): string {
  const w = b.w ?? BOX_W;
  const look = !b.live ? DEAD : b.bits ? BITS[b.bits] : PLAIN;
  const sub = note
    ? `<text x="${b.x + w / 2}" y="${b.y + 32}" font-size="9" text-anchor="middle" fill="#555555">${escapeXml(note)}</text>`
    : "";
  return (
    `<rect class="${b.cls}${b.live ? "" : " dead"}" x="${b.x}" y="${b.y}" width="${w}" height="${BOX_H}" rx="4" fill="${look.fill}" stroke="${look.stroke}" stroke-width="1.5"/>` +
    `<text x="${b.x + w / 2}" y="${note ? b.y + 17 : b.y + BOX_H / 2 + 4}" font-size="12" text-anchor="middle" fill="${b.live ? "#111111" : DEAD.text}">${escapeXml(b.label)}</text>${sub}`
  );
}

function tag(name: "DSI" | "FM", x: number, y: number, bits: WeightBits, live: boolean): string {
  const look = live ? BITS[bits] : DEAD;
  const why = name === "DSI" ? "dense-to-sparse interaction" : "FM, sparse-to-dense interaction";
  return (
    `<rect class="tag" x="${x}" y="${y}" width="${GAP - 16}" height="14" rx="7" fill="${look.fill}" stroke="${look.stroke}"><title>${why}</title></rect>` +
    `<text x="${x + (GAP - 16) / 2}" y="${y + 10.5}" font-size="9" text-anchor="middle" fill="${live ? "#111111" : DEAD.text}">${name} ${bits}-bit</text>`
  );
}

function arrow(kind: Kind): string {
  return `<marker id="arrow-${kind}" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="5" markerHeight="5" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="${LINE[kind]}"/></marker>`;
}

function legend(): string[] {
  const swatch = (x: number, look: Look, text: string) =>
    `<rect x="${x}" y="36" width="16" height="11" rx="2" fill="${look.fill}" stroke="${look.stroke}"/><text x="${x + 21}" y="45" font-size="10">${text}</text>`;
  const line = (x: number, kind: Kind, text: string) =>
    `<line x1="${x}" y1="61" x2="${x + 22}" y2="61" stroke="${LINE[kind]}" stroke-width="1.5" marker-end="url(#arrow-${kind})"/><text x="${x + 27}" y="65" font-size="10">${text}</text>`;
  return [
    swatch(10, BITS[8], "8-bit"),
    swatch(70, BITS[4], "4-bit"),
    swatch(130, DEAD, "dead block (no path to the output)"),
    line(10, "dense", "dense input"),
    line(110, "sparse", "sparse input (dashed: DP's sparse input)"),
  ];
}

/** An operator kind by name; undefined when the registry has none (the spec still draws). */
function kindOf(slot: "dense" | "sparse", op: string): OperatorKind | undefined {
  return operatorKinds(slot).find((k) => k.kind === op);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
