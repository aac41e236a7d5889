import { lineChartSvg } from "../../../models/report/line-chart-svg";
import { formatNumber, niceTicks } from "../../../models/report/svg-plot";
import { logAxis, scatterSvg } from "../../../models/report/scatter-svg";

/** Throws unless the tags nest and close, attributes are quoted, and text holds no bare < or &. */
function expectWellFormed(svg: string): void {
  const stack: string[] = [];
  let rest = svg.trim();
  while (rest.length > 0) {
    const text = /^[^<]*/.exec(rest)![0];
    expect(text).not.toMatch(/&(?!(amp|lt|gt|quot);)/);
    rest = rest.slice(text.length);
    if (rest.length === 0) break;
    const tag =
      /^<(\/?)([a-zA-Z]+)((?:\s+[\w:-]+="[^"<&]*(?:&(?:amp|lt|gt|quot);[^"<&]*)*")*)\s*(\/?)>/.exec(
        rest,
      );
    expect(tag).not.toBeNull();
    const [whole, close, name, , selfClose] = tag!;
    if (close) expect(stack.pop()).toBe(name);
    else if (!selfClose) stack.push(name!);
    rest = rest.slice(whole.length);
  }
  expect(stack).toEqual([]);
}

function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

function frame(svg: string): { x: number; y: number; w: number; h: number } {
  const m = /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="none"/.exec(
    svg,
  )!;
  return { x: Number(m[1]), y: Number(m[2]), w: Number(m[3]), h: Number(m[4]) };
}

function polylines(svg: string): Array<Array<[number, number]>> {
  return [...svg.matchAll(/<polyline points="([^"]*)"/g)].map((m) =>
    m[1]!.split(" ").map((p) => p.split(",").map(Number) as [number, number]),
  );
}

describe("nice ticks", () => {
  it("steps by 1, 2 or 5 times a power of ten and widens to whole steps", () => {
    // 0.87 / 5 = 0.174 -> 2 x 0.1
    expect(niceTicks(0, 0.87)).toEqual({ step: 0.2, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] });
    // 94 / 5 = 18.8 -> 2 x 10; 3 rounds down to 0, 97 up to 100
    expect(niceTicks(3, 97).ticks).toEqual([0, 20, 40, 60, 80, 100]);
    // 0.055 / 5 = 0.011 -> 2 x 0.01; -0.013 down to -0.02, 0.042 up to 0.06
    expect(niceTicks(-0.013, 0.042).ticks).toEqual([-0.02, 0, 0.02, 0.04, 0.06]);
    // 4 / 5 = 0.8 -> 1
    expect(niceTicks(1, 5).ticks).toEqual([1, 2, 3, 4, 5]);
  });

  it("gives a one-value range some width", () => {
    const { ticks } = niceTicks(5, 5);
    expect(ticks[0]).toBeLessThan(5);
    expect(ticks[ticks.length - 1]).toBeGreaterThan(5);
    expect(niceTicks(0, 0).ticks).toEqual([-1, -0.5, 0, 0.5, 1]);
  });

  it("labels to the step's precision, large values with an SI suffix", () => {
    expect(formatNumber(0.4, 0.2)).toBe("0.4");
    expect(formatNumber(0.05, 0.01)).toBe("0.05");
    expect(formatNumber(250, 50)).toBe("250");
    expect(formatNumber(1000, 1000)).toBe("1000");
    expect(formatNumber(20000, 10000)).toBe("20k");
    expect(formatNumber(1_200_000, 200_000)).toBe("1.2M");
  });

  it("puts log ticks on powers of ten, with 2 and 5 over a few decades", () => {
    expect(logAxis([3, 4000]).ticks).toEqual([1, 10, 100, 1000, 10000]);
    expect(logAxis([0.3, 7]).ticks).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10]);
    expect(logAxis([3, 4000]).label(10000)).toBe("10k");
  });
});

describe("line chart", () => {
  const svg = lineChartSvg({
    title: "Criterion drop <by> generation & dataset",
    xLabel: "generation",
    yLabel: "criterion change",
    series: [
      {
        name: "criteo",
        points: [
          [0, -0.013],
          [5, 0.042],
          [10, 0.01],
        ],
      },
      { name: "avazu & kdd", points: [[2, 0]] },
    ],
    yAsPercent: true,
  });

  it("is well-formed SVG with escaped text", () => {
    expect(svg.startsWith("<svg")).toBe(true);
    expectWellFormed(svg);
    expect(texts(svg)).toContain("Criterion drop &lt;by&gt; generation &amp; dataset");
  });

  it("draws nice ticks, in percent on y", () => {
    const labels = texts(svg);
    for (const t of ["0", "2", "4", "6", "8", "10"]) expect(labels).toContain(t);
    for (const t of ["-2%", "0%", "2%", "4%", "6%"]) expect(labels).toContain(t);
  });

  it("draws one polyline per series, placed on the axes, and a legend", () => {
    const lines = polylines(svg);
    expect(lines).toHaveLength(2);
    const f = frame(svg);
    // x 0..10 spans the frame; y -0.02..0.06 bottom to top, so 0.01 sits 3/8 of the way up
    const [first, , last] = lines[0]!;
    expect(first![0]).toBeCloseTo(f.x, 0);
    expect(last![0]).toBeCloseTo(f.x + f.w, 0);
    expect(last![1]).toBeCloseTo(f.y + f.h * (5 / 8), 0);
    expect(svg.match(/<circle /g)).toHaveLength(1); // the one-point series gets a marker
    expect(texts(svg)).toEqual(expect.arrayContaining(["criteo", "avazu &amp; kdd"]));
  });
});

describe("scatter plot", () => {
  const points = [
    { x: 300, y: 2e6, label: "b", highlight: true },
    { x: 100, y: 1e6, label: "a <best>", highlight: true },
    { x: 200, y: 5e5 },
    { x: 400, y: 1e6 },
  ];

  it("draws every point, the highlighted ones larger and joined in x order", () => {
    const svg = scatterSvg({ title: "t", xLabel: "area", yLabel: "throughput", points });
    expectWellFormed(svg);
    expect(svg.match(/<circle /g)).toHaveLength(4);
    expect(svg.match(/<circle [^>]*r="5"/g)).toHaveLength(2);
    const lines = polylines(svg);
    expect(lines).toHaveLength(1);
    expect(lines[0]!).toHaveLength(2);
    expect(lines[0]![0]![0]).toBeLessThan(lines[0]![1]![0]); // x = 100 first
    expect(texts(svg)).toContain("a &lt;best&gt;");
    // x: 300 / 5 = 60 -> steps of 100 from 100 to 400; y: 1.5e6 / 5 = 3e5 -> steps of 500k
    expect(texts(svg)).toEqual(expect.arrayContaining(["100", "400", "500k", "1.5M", "2.0M"]));
  });

  it("leaves out what a log axis cannot show, and says so", () => {
    const svg = scatterSvg({
      title: "t",
      xLabel: "power",
      yLabel: "throughput",
      points: [...points, { x: 0, y: 1e6 }],
      logX: true,
      logY: true,
    });
    expectWellFormed(svg);
    expect(svg.match(/<circle /g)).toHaveLength(4);
    expect(texts(svg)).toContain("1 point at or below 0 not shown (log axis)");
    expect(texts(svg)).toEqual(expect.arrayContaining(["100", "1000", "100k", "1M", "10M"]));
  });
});
