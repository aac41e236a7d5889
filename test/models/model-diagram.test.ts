import { modelDiagramSvg } from "../../models/report/model-diagram-svg";
import type { ModelSpec } from "../../models/spec/model-spec";
import { block, spec } from "./spec-fixtures";

/** Throws unless the tags nest and close, attributes are quoted, and text holds no bare < or &. */
function expectWellFormed(svg: string): void {
  const stack: string[] = [];
  for (const [, close, name, selfClose] of svg.matchAll(
    /<(\/?)([a-zA-Z]+)(?:\s+[\w:-]+="[^"<]*")*\s*(\/?)>/g,
  )) {
    if (close) expect(stack.pop()).toBe(name);
    else if (!selfClose) stack.push(name!);
  }
  expect(stack).toEqual([]);
  const text = svg.replace(/<(\/?)([a-zA-Z]+)(?:\s+[\w:-]+="[^"<]*")*\s*(\/?)>/g, "");
  expect(text).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot);)/);
}

function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

interface Box {
  cls: string;
  x: number;
  y: number;
  w: number;
  h: number;
  fill: string;
}

function boxes(svg: string): Box[] {
  const re =
    /<rect class="([^"]+)" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" rx="4" fill="([^"]+)"/g;
  return [...svg.matchAll(re)].map((m) => ({
    cls: m[1]!,
    x: Number(m[2]),
    y: Number(m[3]),
    w: Number(m[4]),
    h: Number(m[5]),
    fill: m[6]!,
  }));
}

function connections(svg: string, kind: string): Array<Array<[number, number]>> {
  const re = new RegExp(`<polyline points="([^"]*)" class="conn ${kind}"`, "g");
  return [...svg.matchAll(re)].map((m) =>
    m[1]!.split(" ").map((p) => p.split(",").map(Number) as [number, number]),
  );
}

/** The box whose edge the point lies on. */
function boxAt(all: Box[], [x, y]: [number, number]): Box | undefined {
  return all.find(
    (b) =>
      x >= b.x &&
      x <= b.x + b.w &&
      y >= b.y &&
      y <= b.y + b.h &&
      (x === b.x || x === b.x + b.w || y === b.y || y === b.y + b.h),
  );
}

// Block 0 reads the model input; block 1 reads only the model input too,
// so nothing leads from block 0 to the final layer: block 0 is dead.
const twoBlocks: ModelSpec = spec("two <blocks> & co", "criteo", [
  block(["fc", 64], 16, [0], { dsi: true }),
  {
    ...block(["dp", 128], 32, { dense: [0], sparse: [0] }),
    dense: { op: "dp", dim: 128, weightBits: 4 },
    fm: { weightBits: 4 },
  },
]);

describe("model diagram", () => {
  const svg = modelDiagramSvg(twoBlocks);

  it("is well-formed SVG titled with the escaped name", () => {
    expect(svg.startsWith("<svg")).toBe(true);
    expectWellFormed(svg);
    expect(texts(svg)[0]).toBe("two &lt;blocks&gt; &amp; co (criteo, embedding 16)");
  });

  it("labels each operator with its dim and bits, and the inputs and the final layer", () => {
    expect(texts(svg)).toEqual(
      expect.arrayContaining([
        "FC 64, 8-bit",
        "EFC 16, 8-bit",
        "DSI 8-bit",
        "DP 128, 4-bit",
        "EFC 32, 8-bit",
        "FM 4-bit",
        "Dense in",
        "Sparse in",
        "13 dense features",
        "26 embeddings of 16",
        "Final FC 1, 8-bit",
      ]),
    );
    expect(svg.match(/<rect class="tag"/g)).toHaveLength(2);
  });

  it("draws two operator boxes per block, colours them by bits and greys the dead block", () => {
    const all = boxes(svg);
    expect(all.filter((b) => b.cls.startsWith("op"))).toHaveLength(4);
    expect(all.filter((b) => b.cls === "io")).toHaveLength(3);
    expect(all.filter((b) => b.cls === "op dead")).toHaveLength(2);
    expect(texts(svg)).toContain("(dead)");
    const [dp, efc] = all.filter((b) => b.cls === "op");
    expect(dp!.fill).not.toBe(efc!.fill); // 4-bit DP, 8-bit EFC
    const dead = all.filter((b) => b.cls === "op dead");
    expect(dead[0]!.fill).toBe(dead[1]!.fill);
    expect([dp!.fill, efc!.fill]).not.toContain(dead[0]!.fill);
  });

  it("draws a line per input, from the source's box to the consumer's box of the same kind", () => {
    const all = boxes(svg);
    const [fc, efc16, dp, efc32] = all.filter((b) => b.cls.startsWith("op"));
    const [denseIn, sparseIn, final] = all.filter((b) => b.cls === "io");
    // dense: input -> block 0, input -> block 1, block 1 -> final; the same on the sparse side
    const ends = (kind: string) =>
      connections(svg, kind).map((line) => [
        boxAt(all, line[0]!),
        boxAt(all, line[line.length - 1]!),
      ]);
    expect(ends("dense")).toEqual([
      [denseIn, fc],
      [denseIn, dp],
      [dp, final],
    ]);
    expect(ends("sparse")).toEqual([
      [sparseIn, efc16],
      [sparseIn, efc32],
      [efc32, final],
    ]);
    expect(svg.match(/class="tap"/g)).toHaveLength(1); // the DP's sparse input
  });

  it("draws a spec whose dataset is unknown with every block live", () => {
    const unknown = modelDiagramSvg({ ...twoBlocks, dataset: "nowhere" }, { title: "mine" });
    expectWellFormed(unknown);
    expect(texts(unknown)[0]).toBe("mine");
    expect(boxes(unknown).filter((b) => b.cls === "op")).toHaveLength(4);
    expect(texts(unknown)).not.toContain("(dead)");
    expect(texts(unknown)).not.toContain("13 dense features");
  });
});
