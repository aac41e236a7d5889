import type { SwitchName } from "../arch/chip/overlap-switches";
import type { Metrics } from "./simulation/metrics";
import type { RunPoint } from "./simulation/run-point";

/**
 * What separates a design from its baseline, element by element, in the
 * order the ablation switches them on (docs/chip.md, "Ablation"): first
 * what the search chose (the chip's genes, the model, its bit widths), then
 * the mapping's techniques in the order data meets them (a lookup, a DP, an
 * FM, a whole request), then replication, which balances what is left.
 */
export const ABLATION_ELEMENTS = [
  {
    id: "hardware",
    label: "searched hardware genes",
    what: "the design's chip (crossbar size, cell bits, DAC and ADC bits) instead of the baseline's",
  },
  {
    id: "model",
    label: "searched model",
    what: "the design's model instead of the baseline's (its weights still 8-bit until the next step)",
  },
  {
    id: "mixedPrecision",
    label: "mixed precision",
    what: "each operator at its searched weight bits instead of 8",
  },
  {
    id: "frequencyPlacement",
    label: "frequency-ordered bank placement",
    what: "embedding rows placed by access frequency, round-robin over the banks (off: by row id)",
  },
  {
    id: "dpProgramOverlap",
    label: "DP programming overlap",
    what: "each EFC output row written into the DP crossbars as it is produced (off: after the whole output)",
  },
  {
    id: "transposedFm",
    label: "transposed FM with concurrent halves",
    what: "FM on a transposed crossbar written column by column as produced, the MBSA squaring while the array sums squares (off: a standard crossbar written row by row, the halves in turn)",
  },
  {
    id: "requestPipelining",
    label: "inter-request pipelining",
    what: "requests overlap in the chip, as many as Little's law needs (off: one at a time)",
  },
  {
    id: "replication",
    label: "replication",
    what: "the bottleneck's weights copied into spare crossbars while that shortens the request interval",
  },
] as const;

export type AblationElement = (typeof ABLATION_ELEMENTS)[number]["id"];

/**
 * The point with the design's choice for `on` elements and the baseline's for
 * the rest. Both ends must agree on what they leave unsearched (the design's
 * switches and replication are what it was run with).
 */
export function ablationPoint(
  baseline: RunPoint,
  design: RunPoint,
  on: ReadonlySet<AblationElement>,
): RunPoint {
  const pick = <T>(element: AblationElement, b: T, d: T): T => (on.has(element) ? d : b);
  const switch_ = (name: SwitchName, element: AblationElement = name as AblationElement) =>
    pick(element, baseline.mapping.switches[name], design.mapping.switches[name]);
  return {
    graph: pick("model", baseline.graph, design.graph),
    hw: pick("hardware", baseline.hw, design.hw),
    mapping: {
      mixedPrecision: pick(
        "mixedPrecision",
        baseline.mapping.mixedPrecision,
        design.mapping.mixedPrecision,
      ),
      transposedFm: pick(
        "transposedFm",
        baseline.mapping.transposedFm,
        design.mapping.transposedFm,
      ),
      replicate: pick("replication", baseline.mapping.replicate, design.mapping.replicate),
      switches: {
        frequencyPlacement: switch_("frequencyPlacement"),
        dpProgramOverlap: switch_("dpProgramOverlap"),
        fmConcurrentHalves: switch_("fmConcurrentHalves", "transposedFm"),
        requestPipelining: switch_("requestPipelining"),
      },
    },
  };
}

/** The points of the cumulative path: the baseline, then one more element on at each step; the last is the design. */
export function ablationPath(baseline: RunPoint, design: RunPoint): RunPoint[] {
  const on = new Set<AblationElement>();
  const points = [ablationPoint(baseline, design, on)];
  for (const e of ABLATION_ELEMENTS) {
    on.add(e.id);
    points.push(ablationPoint(baseline, design, on));
  }
  return points;
}

/** The design with one element switched back to the baseline's, for each element. */
export function ablationOffAlone(baseline: RunPoint, design: RunPoint): RunPoint[] {
  const all = ABLATION_ELEMENTS.map((e) => e.id);
  return all.map((off) => ablationPoint(baseline, design, new Set(all.filter((e) => e !== off))));
}

/** The paper's three ratios of a run against another: higher is better for each. */
export interface Gains {
  speedup: number;
  areaSaving: number;
  powerEfficiency: number;
}

/** The three gains of `after` over `before` (throughput, area, throughput per watt). */
export function gainsOf(after: PointFigures, before: PointFigures): Gains {
  return {
    speedup: after.throughputPerSec / before.throughputPerSec,
    areaSaving: before.areaMm2 / after.areaMm2,
    powerEfficiency:
      after.throughputPerSec / after.powerW / (before.throughputPerSec / before.powerW),
  };
}

/** The figures of one point the ablation keeps. */
export interface PointFigures {
  throughputPerSec: number;
  latencyNsMean: number;
  areaMm2: number;
  powerW: number;
  energyPerInferenceNj: number;
}

export function figuresOf(m: Metrics): PointFigures {
  return {
    throughputPerSec: m.throughputPerSec,
    latencyNsMean: m.latencyNs.mean,
    areaMm2: m.areaMm2,
    powerW: m.powerW,
    energyPerInferenceNj: m.energyPerInferenceNj,
  };
}

export interface AblationStep {
  element: AblationElement;
  label: string;
  /** False when the step's two ends are the same point (the same choice): the step changes nothing. */
  changes: boolean;
  figures: PointFigures;
  /** Against the previous step; the steps' factors multiply to the totals. */
  step: Gains;
  /** Against the baseline. */
  cumulative: Gains;
}

export interface OffAlone {
  element: AblationElement;
  label: string;
  changes: boolean;
  figures: PointFigures;
  /** The full design against this point: what the element buys on top of all the others. */
  buys: Gains;
}

export interface Ablation {
  baseline: PointFigures;
  design: PointFigures;
  /** The design against the baseline: the product of the steps' factors. */
  total: Gains;
  steps: AblationStep[];
  /** Each element off alone from the full design (null when not run). */
  offAlone: OffAlone[] | null;
}

/**
 * Two points that run the same model on the same chip with the same mapping
 * (names and notes aside; mixed precision on a model whose weights are all
 * 8-bit is no change).
 */
export function samePoint(a: RunPoint, b: RunPoint): boolean {
  return canonical(pointKey(a)) === canonical(pointKey(b));
}

function pointKey(p: RunPoint) {
  const spec = p.graph.spec;
  const mixed =
    p.mapping.mixedPrecision && JSON.stringify(spec).match(/"weightBits":[^8]/) !== null;
  return {
    spec: { ...spec, name: "", description: "", provenance: "" },
    hw: p.hw,
    mapping: { ...p.mapping, mixedPrecision: mixed },
  };
}

/** JSON with every object's keys sorted: equal values give equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === "object" && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1)))
      : v,
  );
}

/** The ablation's table from the figures of the path's points (and of the off-alone points). */
export function ablationOf(
  baseline: RunPoint,
  design: RunPoint,
  path: PointFigures[],
  offAlone: PointFigures[] | null,
): Ablation {
  const first = path[0]!;
  const last = path[path.length - 1]!;
  // a step changes nothing when its two ends are the same point (on the path, not from the baseline:
  // mixed precision changes nothing on NASRec's 8-bit model but does once the searched model is on)
  const points = ablationPath(baseline, design);
  const offPoints = ablationOffAlone(baseline, design);
  return {
    baseline: first,
    design: last,
    total: gainsOf(last, first),
    steps: ABLATION_ELEMENTS.map((e, i) => ({
      element: e.id,
      label: e.label,
      changes: !samePoint(points[i]!, points[i + 1]!),
      figures: path[i + 1]!,
      step: gainsOf(path[i + 1]!, path[i]!),
      cumulative: gainsOf(path[i + 1]!, first),
    })),
    offAlone:
      offAlone === null
        ? null
        : ABLATION_ELEMENTS.map((e, i) => ({
            element: e.id,
            label: e.label,
            changes: !samePoint(offPoints[i]!, design),
            figures: offAlone[i]!,
            buys: gainsOf(last, offAlone[i]!),
          })),
  };
}
