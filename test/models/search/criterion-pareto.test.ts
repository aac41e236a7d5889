import { criterion, type CriterionSettings } from "../../../models/search/criterion";
import type { OracleMetrics } from "../../../models/search/oracle";
import { paretoFront } from "../../../models/search/pareto";

/** Metrics with only the three the criterion reads set; the rest are there for the type. */
function metrics(throughput: number, areaMm2: number, powerW: number): OracleMetrics {
  return {
    throughput,
    areaMm2,
    powerW,
    latencyNs: 1,
    energyPerInferencePj: 1,
    unloadedLatencyNs: 1,
    inFlight: 1,
  };
}

describe("the criterion (paper algorithm 1, line 11)", () => {
  // Targets [1/throughput, area, power] = [1/1000 s, 50 mm^2, 2 W];
  // lambdas [0.1, 0.2, 0.5].
  const settings: CriterionSettings = {
    targetThroughput: 1000,
    targetAreaMm2: 50,
    targetPowerW: 2,
    lambdaThroughput: 0.1,
    lambdaArea: 0.2,
    lambdaPower: 0.5,
  };

  it("adds lambda_i metric_i / target_i over [1/throughput, area, power] to the loss", () => {
    // loss 0.4; throughput 500/s, area 25 mm^2, power 4 W:
    //   1/throughput term: 0.1 * (1/500) / (1/1000) = 0.1 * 2   = 0.2
    //   area term:         0.2 * 25 / 50            = 0.2 * 0.5 = 0.1
    //   power term:        0.5 * 4 / 2              = 0.5 * 2   = 1.0
    //   criterion = 0.4 + 0.2 + 0.1 + 1.0 = 1.7
    expect(criterion(0.4, metrics(500, 25, 4), settings)).toBeCloseTo(1.7, 12);
  });

  it("is loss + sum of the lambdas for a design exactly on target", () => {
    // every ratio is 1: 0.3 + 0.1 + 0.2 + 0.5 = 1.1
    expect(criterion(0.3, metrics(1000, 50, 2), settings)).toBeCloseTo(1.1, 12);
  });

  it("charges the inverse of the throughput: twice as fast halves that term", () => {
    const only = { ...settings, lambdaArea: 0, lambdaPower: 0 };
    // 0.1 * 1000/250 = 0.4, 0.1 * 1000/500 = 0.2, 0.1 * 1000/2000 = 0.05
    expect(criterion(0, metrics(250, 1, 1), only)).toBeCloseTo(0.4, 12);
    expect(criterion(0, metrics(500, 1, 1), only)).toBeCloseTo(0.2, 12);
    expect(criterion(0, metrics(2000, 1, 1), only)).toBeCloseTo(0.05, 12);
  });

  it("is linear in area and in power", () => {
    const areaOnly = { ...settings, lambdaThroughput: 0, lambdaPower: 0 };
    const powerOnly = { ...settings, lambdaThroughput: 0, lambdaArea: 0 };
    // 0.2 * 100/50 = 0.4; 0.5 * 1/2 = 0.25
    expect(criterion(0, metrics(1, 100, 1), areaOnly)).toBeCloseTo(0.4, 12);
    expect(criterion(0, metrics(1, 1, 1), powerOnly)).toBeCloseTo(0.25, 12);
  });

  it("is the loss alone when every lambda is zero", () => {
    const none = { ...settings, lambdaThroughput: 0, lambdaArea: 0, lambdaPower: 0 };
    expect(criterion(0.4375, metrics(123, 456, 7.5), none)).toBe(0.4375);
  });

  it("is lower (better) for a design that is faster, smaller or cooler", () => {
    const base = criterion(0.4, metrics(500, 25, 4), settings);
    expect(criterion(0.4, metrics(600, 25, 4), settings)).toBeLessThan(base);
    expect(criterion(0.4, metrics(500, 20, 4), settings)).toBeLessThan(base);
    expect(criterion(0.4, metrics(500, 25, 3), settings)).toBeLessThan(base);
    expect(criterion(0.39, metrics(500, 25, 4), settings)).toBeLessThan(base);
  });
});

describe("paretoFront (throughput up, area and power down)", () => {
  type Named = { name: string; throughput: number; areaMm2: number; powerW: number };
  const p = (name: string, throughput: number, areaMm2: number, powerW: number): Named => ({
    name,
    throughput,
    areaMm2,
    powerW,
  });
  // By hand:
  //   A (100, 10, 1.0)
  //   B (100, 10, 1.0)  equal to A: neither dominates the other, both stay
  //   C ( 90, 10, 1.0)  A is faster and no worse elsewhere: dominated
  //   D (200, 20, 1.0)  faster than A but larger: incomparable with A
  //   E (200, 20, 1.5)  D is cooler and no worse elsewhere: dominated
  //   F ( 50,  5, 2.0)  the smallest, but slow and hot: incomparable
  //   G ( 40,  5, 2.0)  F is faster and no worse elsewhere: dominated
  //   H (300, 30, 0.5)  fastest and coolest, largest: incomparable
  //   J (200, 30, 0.5)  H is faster and no worse elsewhere: dominated
  // Front: A, B, D, F, H (in input order).
  const points = [
    p("A", 100, 10, 1.0),
    p("B", 100, 10, 1.0),
    p("C", 90, 10, 1.0),
    p("D", 200, 20, 1.0),
    p("E", 200, 20, 1.5),
    p("F", 50, 5, 2.0),
    p("G", 40, 5, 2.0),
    p("H", 300, 30, 0.5),
    p("J", 200, 30, 0.5),
  ];

  it("keeps the non-dominated points, equal points included, in input order", () => {
    expect(paretoFront(points).map((x) => x.name)).toEqual(["A", "B", "D", "F", "H"]);
  });

  it("does not depend on the order of the input (only the order of the output does)", () => {
    const reversed = [...points].reverse();
    expect(paretoFront(reversed).map((x) => x.name)).toEqual(["H", "F", "D", "B", "A"]);
  });

  it("returns the objects given, with their extra fields", () => {
    const front = paretoFront(points);
    expect(front[0]).toBe(points[0]);
  });

  it("treats each of the three objectives as a way to dominate", () => {
    const a = p("a", 10, 10, 10);
    expect(paretoFront([a, p("faster", 11, 10, 10)]).map((x) => x.name)).toEqual(["faster"]);
    expect(paretoFront([a, p("smaller", 10, 9, 10)]).map((x) => x.name)).toEqual(["smaller"]);
    expect(paretoFront([a, p("cooler", 10, 10, 9)]).map((x) => x.name)).toEqual(["cooler"]);
    // better in one, worse in another: both stay
    expect(paretoFront([a, p("trade", 11, 11, 10)]).map((x) => x.name)).toEqual(["a", "trade"]);
  });

  it("handles the empty set, one point, and a point that dominates all", () => {
    expect(paretoFront([])).toEqual([]);
    expect(paretoFront([points[2]!]).map((x) => x.name)).toEqual(["C"]);
    const king = p("K", 1000, 1, 0.1);
    expect(paretoFront([...points, king]).map((x) => x.name)).toEqual(["K"]);
  });

  it("keeps every copy when all points are equal", () => {
    const same = [p("x", 1, 1, 1), p("y", 1, 1, 1), p("z", 1, 1, 1)];
    expect(paretoFront(same).map((x) => x.name)).toEqual(["x", "y", "z"]);
  });
});
