import { resolveHwConfig, type HwConfig } from "../../arch/config/hw-config";
import { syntheticRequests, DEFAULT_ZIPF_EXPONENT } from "../../traces/synthetic";
import { simulate, type Metrics } from "../simulate";
import { analyseModel } from "../spec/model-graph";
import type { ModelGraph, ModelSpec } from "../spec/model-spec";
import { DEFAULT_DESIGN, designNamed } from "../design";
import { zooModel } from "../zoo";
import {
  fastestBatch,
  measureCpuBaseline,
  type CpuBaseline,
  type CpuOptions,
} from "./cpu-baseline";
import type { BaselineFigures } from "./baseline-figures";
import type { OwnPaperCheck } from "../../arch/baselines/own-paper-check";
import { PAPER_SOURCES, PAPER_TABLE3, type PaperFigures } from "./paper-table3";
import { recNmpFigures } from "./recnmp-row";
import { reRecFigures } from "./rerec-row";

export { PAPER_TABLE3 } from "./paper-table3";

/** The model the handcrafted accelerators serve: DLRM, on the design's dataset. */
export const HANDCRAFTED_MODEL = "dlrm-criteo";

export interface CompareOptions {
  /** The searched design (best.json of `autorac search`); default the zoo's autorac-criteo on its chip. */
  design?: { model: ModelSpec; hw?: Partial<HwConfig> };
  /** Synthetic requests each run replays (the same ids for every platform). */
  requests: number;
  seed: number;
  /** The CPU baseline, or false to leave it out (RecNMP's host side is then not measured either). */
  cpu: CpuOptions | false;
  onStep?: (step: string) => void;
}

/** The rows of table 3, in the paper's order, then the design itself. */
export const ROW_IDS = ["cpu", "recnmp", "naiveNasrec", "rerec", "design"] as const;
export type RowId = (typeof ROW_IDS)[number];

/** The rows present, in the table's order (CPU, RecNMP, naive NASRec, ReREC, the design). */
export function rowsInOrder(r: CompareResult): CompareRow[] {
  return ROW_IDS.map((id) => r.rows[id]).filter((row): row is CompareRow => row !== null);
}

/** One platform: its figures and the design's ratios against it. */
export interface CompareRow extends BaselineFigures {
  id: RowId;
  /** The platform, as the paper's table names it. */
  against: string;
  /** Design throughput / this row's throughput. */
  speedup: number;
  /** This row's area / design area (null where the row has no area). */
  areaSaving: number | null;
  /** Design inferences per joule / this row's inferences per joule. */
  powerEfficiency: number;
  /** The paper's figures for this comparison (null for the design's own row). */
  paper: PaperFigures | null;
  /**
   * Set when the baseline does not reproduce a headline result of its own
   * paper within 2x: every report that shows the row shows this.
   */
  warning: string | null;
}

export interface CompareResult {
  design: { model: string; metrics: Metrics };
  /** Keyed by row id; `cpu` is null when the CPU was not measured. */
  rows: { [K in RowId]: K extends "cpu" ? CompareRow | null : CompareRow };
  cpu: CpuBaseline | null;
  /** The resolved inputs, to run the comparison again. */
  config: {
    design: { model: ModelSpec; hw: HwConfig };
    handcraftedModel: string;
    requests: number;
    seed: number;
    zipfExponent: number;
    cpu: CpuOptions | false;
  };
}

/**
 * The paper's table 3, measured: the searched design on its chip against a
 * CPU running its model (tfjs, float32), RecNMP and ReREC serving DLRM, and
 * NASRec's model naively mapped on the design's chip; every platform sees
 * the same synthetic requests (ids of the design's dataset, one seed).
 */
export async function compareDesign(options: CompareOptions): Promise<CompareResult> {
  const given = options.design ?? designNamed(DEFAULT_DESIGN);
  const designModel = given.model;
  const designHw = resolveHwConfig(given.hw ?? {}, "design hardware");
  const designGraph = analyseModel(designModel);
  const dataset = designGraph.dataset;
  const requests = () =>
    syntheticRequests({
      dataset,
      count: options.requests,
      seed: options.seed,
      zipfExponent: DEFAULT_ZIPF_EXPONENT,
      arrivals: { kind: "closed" },
    });
  options.onStep?.(`design ${designModel.name} and naive NASRec`);
  const chip = simulate({
    design: { name: designModel.name, model: designModel, hw: designHw },
    requests: options.requests,
    seed: options.seed,
    functionalChecks: 0,
  });
  const design = chip.design;
  const dlrm = analyseModel(zooModel(HANDCRAFTED_MODEL), dataset);
  let cpu: CpuBaseline | null = null;
  let host: CpuBaseline | null = null;
  if (options.cpu !== false) {
    options.onStep?.("CPU (tfjs)");
    cpu = await measureCpuBaseline(designGraph, options.cpu);
    options.onStep?.("RecNMP's host: DLRM after the lookups (tfjs)");
    host = await measureCpuBaseline(dlrm, options.cpu, "after-lookups");
  }
  options.onStep?.("RecNMP");
  const recnmp = recNmpFigures({ graph: dlrm, requests, host });
  options.onStep?.("ReREC");
  const rerec = reRecFigures({
    graph: dlrm,
    requests,
    maxRowsPerTable: designHw.memory.maxRowsPerTable,
  });
  const against = (id: RowId, label: string, f: BaselineFigures, paper: PaperFigures | null) =>
    row(id, label, f, design, paper);
  return {
    design: { model: designModel.name, metrics: design },
    rows: {
      cpu:
        cpu === null ? null : against("cpu", "CPU", cpuFigures(cpu, designGraph), PAPER_TABLE3.cpu),
      recnmp: against("recnmp", "RecNMP", recnmp, PAPER_TABLE3.recnmp),
      naiveNasrec: against(
        "naiveNasrec",
        "NASRec (naive)",
        chipFigures(
          chip.naive!,
          `${chip.comparison.baseline}: NASRec's model of ${dataset.name}, every AutoRAC technique off`,
          [PAPER_SOURCES.nasrec, 'this simulator\'s chip: docs/chip.md, "The naive mapping"'],
        ),
        PAPER_TABLE3.naiveNasrec,
      ),
      rerec: against("rerec", "ReREC", rerec, PAPER_TABLE3.rerec),
      design: against(
        "design",
        "AutoRAC (this design)",
        chipFigures(design, `${designModel.name} on its searched chip, on ${dataset.name}`, [
          PAPER_SOURCES.table3,
          "this simulator's chip: docs/chip.md",
        ]),
        null,
      ),
    },
    cpu,
    config: {
      design: { model: designModel, hw: designHw },
      handcraftedModel: HANDCRAFTED_MODEL,
      requests: options.requests,
      seed: options.seed,
      zipfExponent: DEFAULT_ZIPF_EXPONENT,
      cpu: options.cpu,
    },
  };
}

/** A row: the platform's figures and the design's ratios against them. */
function row(
  id: RowId,
  against: string,
  f: BaselineFigures,
  design: Metrics,
  paper: PaperFigures | null,
): CompareRow {
  const perJoule = (x: { throughputPerSec: number; powerW: number }) =>
    x.throughputPerSec / x.powerW;
  const check = f.ownPaperCheck;
  return {
    id,
    against,
    ...f,
    speedup: design.throughputPerSec / f.throughputPerSec,
    areaSaving: f.areaMm2 === null ? null : f.areaMm2 / design.areaMm2,
    powerEfficiency: perJoule(design) / perJoule(f),
    paper,
    warning: ownPaperWarning(against, check),
  };
}

/** The label of a baseline that misses its own paper's headline by more than 2x (null otherwise). */
export function ownPaperWarning(against: string, check: OwnPaperCheck | null): string | null {
  return check === null || check.within2x
    ? null
    : `${against} does not reproduce its own paper within 2x (${check.name}: paper ${check.paperFigure}, measured ${check.measured.toPrecision(3)}); read its ratios with care`;
}

/** A chip run's figures as a row. */
function chipFigures(m: Metrics, workload: string, sources: string[]): BaselineFigures {
  return {
    workload,
    throughputPerSec: m.throughputPerSec,
    latencyNs: { mean: m.latencyNs.mean, p50: m.latencyNs.p50, p99: m.latencyNs.p99 },
    areaMm2: m.areaMm2,
    powerW: m.powerW,
    energyPerInferenceNj: m.energyPerInferenceNj,
    sources,
    ownPaperCheck: null,
    notes: [],
  };
}

/** The CPU row: the fastest batch size measured. */
function cpuFigures(cpu: CpuBaseline, graph: ModelGraph): BaselineFigures {
  const best = fastestBatch(cpu);
  const latencyNs = best.batchLatencyMs * 1e6;
  return {
    workload: `${graph.spec.name} in float32, tfjs ${cpu.backend} on ${cpu.cores} core(s) of this machine, batch ${best.batch}`,
    throughputPerSec: best.throughput,
    latencyNs: { mean: latencyNs, p50: latencyNs, p99: latencyNs },
    areaMm2: null,
    powerW: cpu.powerW,
    energyPerInferenceNj: (cpu.powerW / best.throughput) * 1e9,
    sources: [
      PAPER_SOURCES.cpu,
      `power: ${cpu.powerSource}`,
      "throughput: measured on this machine",
    ],
    ownPaperCheck: null,
    notes: cpu.measurements.map(
      (m) =>
        `batch ${m.batch}: ${m.throughput.toFixed(0)} inferences/s, ${m.batchLatencyMs.toFixed(3)} ms per batch`,
    ),
  };
}
