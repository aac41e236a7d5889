import { defaultHwConfig, resolveHwConfig, type HwConfig } from "../../arch/config/hw-config";
import { simulate, type Metrics } from "../simulate";
import { analyseModel } from "../spec/model-graph";
import type { ModelSpec } from "../spec/model-spec";
import { DEFAULT_DESIGN, designNamed } from "../design";
import { measureCpuBaseline, type CpuBaseline, type CpuOptions } from "./cpu-baseline";

/** The paper's table 3 (AutoRAC against each baseline); "-": not given. */
export const PAPER_TABLE3 = {
  cpu: { speedup: 22.83, powerEfficiency: 66.87, areaSaving: null },
  naiveNasrec: { speedup: 3.17, powerEfficiency: 2.39, areaSaving: 1.68 },
  recNmp: { speedup: 3.36, powerEfficiency: 12.48, areaSaving: null },
  reRec: { speedup: 1.28, powerEfficiency: 1.57, areaSaving: null },
} as const;

export interface CompareOptions {
  /** The searched design (best.json of `autorac search`); default the zoo's autorac-criteo on its chip. */
  design?: { model: ModelSpec; hw?: Partial<HwConfig> };
  /** Synthetic requests each chip run replays. */
  requests: number;
  seed: number;
  /** The CPU baseline, or false to leave it out. */
  cpu: CpuOptions | false;
  onStep?: (step: string) => void;
}

/** One baseline: its figures and the design's ratios against it. */
export interface CompareRow {
  against: string;
  description: string;
  throughputPerSec: number;
  areaMm2: number | null;
  powerW: number;
  /** Design throughput / baseline throughput. */
  speedup: number;
  /** Baseline area / design area (null for the CPU). */
  areaSaving: number | null;
  /** Design inferences per joule / baseline inferences per joule. */
  powerEfficiency: number;
  /** The paper's figures for its corresponding comparison, if any. */
  paper: { speedup: number; powerEfficiency: number; areaSaving: number | null } | null;
  paperAgainst: string | null;
}

export interface CompareResult {
  design: { model: string; metrics: Metrics };
  rows: CompareRow[];
  cpu: CpuBaseline | null;
  /** The resolved inputs, to run the comparison again. */
  config: {
    design: { model: ModelSpec; hw: HwConfig };
    baselineHw: HwConfig;
    requests: number;
    seed: number;
    cpu: CpuOptions | false;
  };
}

/**
 * The paper's table 3 as a report: the searched design on its chip against
 * the naively mapped NASRec model, the handcrafted DLRM and DeepFM models
 * mapped on the default chip, and the design's model run in float32 with
 * tfjs on this machine's CPU at each batch size.
 */
export async function compareDesign(options: CompareOptions): Promise<CompareResult> {
  const given = options.design ?? designNamed(DEFAULT_DESIGN);
  const designModel = given.model;
  const designHw = resolveHwConfig(given.hw ?? {}, "design hardware");
  const baselineHw = defaultHwConfig();
  const run = (model: ModelSpec | string, hw: Partial<HwConfig>, naive: boolean) => {
    const r = simulate({
      model,
      hw,
      requests: options.requests,
      seed: options.seed,
      compareNaive: naive,
      functionalChecks: 0,
    });
    return naive ? r.naive! : r.design;
  };
  options.onStep?.(`design ${designModel.name}`);
  const design = run(designModel, designHw, false);
  const rows: CompareRow[] = CHIP_BASELINES.map((b) => {
    options.onStep?.(b.against);
    const m = run(b.model, baselineHw, b.naive);
    return row(b, design, m, m.areaMm2);
  });
  let cpu: CpuBaseline | null = null;
  if (options.cpu !== false) {
    options.onStep?.("CPU (tfjs)");
    cpu = await measureCpuBaseline(analyseModel(designModel), options.cpu);
    rows.push(...cpuRows(design, cpu, designModel.name));
  }
  return {
    design: { model: designModel.name, metrics: design },
    rows,
    cpu,
    config: {
      design: { model: designModel, hw: designHw },
      baselineHw,
      requests: options.requests,
      seed: options.seed,
      cpu: options.cpu,
    },
  };
}

/** A row of the table: the design against a baseline's throughput, power and area (null: none). */
function row(
  paperRow: Pick<CompareRow, "against" | "description" | "paper" | "paperAgainst">,
  design: Metrics,
  m: { throughputPerSec: number; powerW: number },
  areaMm2: number | null,
): CompareRow {
  const perJoule = (x: { throughputPerSec: number; powerW: number }) =>
    x.throughputPerSec / x.powerW;
  return {
    against: paperRow.against,
    description: paperRow.description,
    throughputPerSec: m.throughputPerSec,
    areaMm2,
    powerW: m.powerW,
    speedup: design.throughputPerSec / m.throughputPerSec,
    areaSaving: areaMm2 === null ? null : areaMm2 / design.areaMm2,
    powerEfficiency: perJoule(design) / perJoule(m),
    paper: paperRow.paper,
    paperAgainst: paperRow.paperAgainst,
  };
}

/** The chip rows: each model on the default chip, with the paper's row it stands beside. */
const CHIP_BASELINES = [
  {
    against: "NASRec (naive mapping)",
    model: "nasrec-criteo",
    naive: true,
    description: "nasrec-criteo, all weights 8-bit, naive mapping, default chip",
    paperAgainst: "NASRec (naive)",
    paper: PAPER_TABLE3.naiveNasrec,
  },
  {
    against: "DLRM",
    model: "dlrm-criteo",
    naive: false,
    description: "dlrm-criteo, AutoRAC mapping, default chip",
    paperAgainst: "RecNMP",
    paper: PAPER_TABLE3.recNmp,
  },
  {
    against: "DeepFM",
    model: "deepfm-criteo",
    naive: false,
    description: "deepfm-criteo, AutoRAC mapping, default chip",
    paperAgainst: "ReREC",
    paper: PAPER_TABLE3.reRec,
  },
];

/** One row per measured CPU batch size. */
function cpuRows(design: Metrics, cpu: CpuBaseline, model: string): CompareRow[] {
  return cpu.measurements.map((m) =>
    row(
      {
        against: `CPU, batch ${m.batch}`,
        description: `${model} in float32, tfjs ${cpu.backend} on ${cpu.cores} core(s), ${cpu.powerW.toFixed(1)} W`,
        paper: PAPER_TABLE3.cpu,
        paperAgainst: "CPU (Xeon Gold 6254)",
      },
      design,
      { throughputPerSec: m.throughput, powerW: cpu.powerW },
      null,
    ),
  );
}
