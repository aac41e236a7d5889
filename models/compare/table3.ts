import { defaultHwConfig, resolveHwConfig, type HwConfig } from "../../arch/config/hw-config";
import { simulate, type Metrics } from "../simulate";
import { analyseModel } from "../spec/model-graph";
import type { ModelSpec } from "../spec/model-spec";
import { zooModel } from "../zoo";
import { measureCpuBaseline, type CpuBaseline, type CpuOptions } from "./cpu-baseline";

/** The paper's table 3 (AutoRAC against each baseline); "-": not given. */
export const PAPER_TABLE3 = {
  cpu: { speedup: 22.83, powerEfficiency: 66.87, areaSaving: null },
  naiveNasrec: { speedup: 3.17, powerEfficiency: 2.39, areaSaving: 1.68 },
  recNmp: { speedup: 3.36, powerEfficiency: 12.48, areaSaving: null },
  reRec: { speedup: 1.28, powerEfficiency: 1.57, areaSaving: null },
} as const;

export interface CompareOptions {
  /** The searched design (best.json of `autorac search`); default the figure-6 model on the default chip. */
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
  const designModel = options.design?.model ?? zooModel("figure6-criteo");
  const designHw = resolveHwConfig(options.design?.hw ?? {}, "design hardware");
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
  const perJoule = (m: { throughputPerSec: number; powerW: number }) =>
    m.throughputPerSec / m.powerW;
  const chipRow = (
    against: string,
    description: string,
    m: Metrics,
    paperAgainst: string | null,
    paper: CompareRow["paper"],
  ): CompareRow => ({
    against,
    description,
    throughputPerSec: m.throughputPerSec,
    areaMm2: m.areaMm2,
    powerW: m.powerW,
    speedup: design.throughputPerSec / m.throughputPerSec,
    areaSaving: m.areaMm2 / design.areaMm2,
    powerEfficiency: perJoule(design) / perJoule(m),
    paper,
    paperAgainst,
  });

  const baselines = [
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
  const rows: CompareRow[] = baselines.map((b) => {
    options.onStep?.(b.against);
    return chipRow(
      b.against,
      b.description,
      run(b.model, baselineHw, b.naive),
      b.paperAgainst,
      b.paper,
    );
  });

  let cpu: CpuBaseline | null = null;
  if (options.cpu !== false) {
    options.onStep?.("CPU (tfjs)");
    cpu = await measureCpuBaseline(analyseModel(designModel), options.cpu);
    for (const m of cpu.measurements) {
      const baseline = { throughputPerSec: m.throughput, powerW: cpu.powerW };
      rows.push({
        against: `CPU, batch ${m.batch}`,
        description: `${designModel.name} in float32, tfjs ${cpu.backend} on ${cpu.cores} core(s), ${cpu.powerW.toFixed(1)} W`,
        throughputPerSec: m.throughput,
        areaMm2: null,
        powerW: cpu.powerW,
        speedup: design.throughputPerSec / m.throughput,
        areaSaving: null,
        powerEfficiency: perJoule(design) / perJoule(baseline),
        paper: PAPER_TABLE3.cpu,
        paperAgainst: "CPU (Xeon Gold 6254)",
      });
    }
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
