import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { HwConfig } from "../../arch/config/hw-config";
import { InputError } from "../../sim/kernel/input-error";
import { writeFileAtomic, writeJsonAtomic } from "../../sim/io/atomic-file";
import { lineChartSvg } from "../report/line-chart-svg";
import { scatterSvg } from "../report/scatter-svg";
import { modelDiagramSvg } from "../report/model-diagram-svg";
import { zooModel } from "../zoo";
import { DEFAULT_LAMBDA, type CriterionSettings } from "./criterion";
import { evolve, type EvolutionResult, type EvolutionSettings, type Evaluated } from "./evolution";
import { journaled, localEvaluator, workerEvaluator, type CandidateEvaluator } from "./evaluators";
import { readJsonFile } from "../../sim/io/json-file";
import { CHECKPOINT_FORMAT, type CheckpointHeader } from "../supernet/checkpoint";
import { PAPER_SPACE, type SearchSpace } from "../supernet/search-space";
import { EVALUATION_VERSION, type LossSetting } from "./evaluate-candidate";
import { supernetLoss, type SupernetLoss } from "./supernet-loss";
import { proxyLoss } from "./proxy-loss";
import type { ModelSpec } from "../spec/model-spec";
import { SearchJournal } from "./journal";
import { Oracle } from "./oracle";
import { hwConfigOf } from "./space";

export interface SearchOptions extends Omit<EvolutionSettings, "criterion"> {
  /** "proxy" (named, never implied) or the trained supernet's fine-tuned validation loss. */
  loss: LossSetting;
  baseHw: HwConfig;
  /** Targets and weights of the criterion; a target left out is the figure-6 model's on the base chip. */
  criterion: Partial<CriterionSettings>;
  workers: number;
  /** Evaluates the candidates instead of this process or its worker threads (e.g. a BullMQ queue); closed at the end. */
  evaluator?: CandidateEvaluator;
  /** Journal file; with `resume`, an existing journal is continued. */
  journal: string;
  resume: boolean;
  /** Folder for best.json, top15.json, pareto.json, result.json and the SVG plots. */
  out: string;
  onGeneration?: (generation: number, best: Evaluated) => void;
  /**
   * A model the design must match in loss: it is scored by the same loss
   * first, and candidates with a higher loss rank after every one that is not
   * (EvolutionSettings.lossCeiling).
   */
  maxLossOf?: ModelSpec;
}

export interface SearchOutcome {
  result: EvolutionResult;
  criterion: CriterionSettings;
  /** The --max-loss-of model and its loss, the ceiling; null without one. */
  reference: { model: string; loss: number } | null;
  resumed: number;
  files: string[];
}

/** Lambdas of the hardware terms when none are given: each a few percent of a Criteo-like loss. */

/** `autorac search` as a function: the evolution with its journal, evaluators and outputs. */
export async function runSearch(options: SearchOptions): Promise<SearchOutcome> {
  if (options.allowLossy === true && options.loss === "proxy") {
    throw new InputError(
      "--allow-lossy needs --loss supernet: a lossy chip's loss is measured through its crossbar model on the supernet's validation rows, which the proxy cannot do",
    );
  }
  const targets = new Oracle().evaluate(zooModel("figure6-criteo"), options.baseHw);
  const criterion: CriterionSettings = {
    targetThroughput: options.criterion.targetThroughput ?? targets.throughput,
    targetAreaMm2: options.criterion.targetAreaMm2 ?? targets.areaMm2,
    targetPowerW: options.criterion.targetPowerW ?? targets.powerW,
    lambdaThroughput: options.criterion.lambdaThroughput ?? DEFAULT_LAMBDA,
    lambdaArea: options.criterion.lambdaArea ?? DEFAULT_LAMBDA,
    lambdaPower: options.criterion.lambdaPower ?? DEFAULT_LAMBDA,
  };
  const reference = options.maxLossOf === undefined ? null : await referenceLoss(options);
  const settings: EvolutionSettings = {
    dataset: options.dataset,
    seed: options.seed,
    population: options.population,
    generations: options.generations,
    sample: options.sample,
    children: options.children,
    mutations: options.mutations,
    hwShare: options.hwShare,
    // present only when set, so that a lossless run's journal reads as before
    ...(options.allowLossy === true && { allowLossy: true }),
    removal: options.removal,
    criterion,
    lossCeiling: reference?.loss ?? null,
    // A supernet scores only the subnets of the space it was trained on.
    space:
      options.loss === "proxy" ? (options.space ?? PAPER_SPACE) : checkpointSpace(options.loss),
  };
  mkdirSync(options.out, { recursive: true });
  const journal = SearchJournal.open(
    options.journal,
    { ...settings, loss: options.loss, baseHw: options.baseHw, evaluation: EVALUATION_VERSION },
    options.resume,
  );
  const pool =
    options.evaluator ??
    (options.workers > 1 ? workerEvaluator(options.baseHw, options.loss, options.workers) : null);
  let result: EvolutionResult;
  try {
    const one = pool?.evaluate ?? localEvaluator(options.baseHw, options.loss);
    result = await evolve(settings, journaled(one, journal), options.onGeneration);
  } finally {
    await pool?.close();
  }
  return {
    result,
    criterion,
    reference,
    resumed: journal.resumed,
    files: writeOutputs(options, settings, result, reference),
  };
}

/** The --max-loss-of model's loss, by the search's own loss (the same fine-tune and validation rows). */
async function referenceLoss(options: SearchOptions): Promise<{ model: string; loss: number }> {
  const model = options.maxLossOf!;
  if (model.dataset !== options.dataset) {
    throw new InputError(
      `--max-loss-of ${model.name}: a ${model.dataset} model, but the search is over ${options.dataset} models`,
    );
  }
  const loss =
    options.loss === "proxy" ? proxyLoss(model) : await supernetLoss(model, options.loss);
  return { model: model.name, loss };
}

/** The search space a supernet checkpoint was trained over (its header). */
function checkpointSpace(loss: SupernetLoss): SearchSpace {
  const header = readJsonFile(loss.checkpoint) as Partial<CheckpointHeader> | null;
  if (header?.format !== CHECKPOINT_FORMAT || header.space === undefined) {
    throw new InputError(
      `${loss.checkpoint}: not a supernet checkpoint (expected the JSON file autorac train --checkpoint writes)`,
    );
  }
  return header.space;
}

function design(e: Evaluated, baseHw: HwConfig) {
  return {
    criterion: e.criterion,
    loss: e.loss,
    feasible: e.feasible,
    metrics: e.metrics,
    generation: e.generation,
    model: e.candidate.model,
    hw: hwConfigOf(e.candidate.hw, baseHw),
  };
}

function writeOutputs(
  options: SearchOptions,
  settings: EvolutionSettings,
  result: EvolutionResult,
  reference: SearchOutcome["reference"],
): string[] {
  const out = (name: string) => join(options.out, name);
  const files: string[] = [];
  const json = (name: string, value: unknown) => {
    writeJsonAtomic(out(name), value);
    files.push(out(name));
  };
  const svg = (name: string, text: string) => {
    writeFileAtomic(out(name), text);
    files.push(out(name));
  };
  json("best.json", design(result.best, options.baseHw));
  json(
    "top15.json",
    result.top.map((e) => design(e, options.baseHw)),
  );
  json(
    "pareto.json",
    result.pareto.map((e) => ({
      ...design(e, options.baseHw),
      throughput: e.metrics.throughput,
      areaMm2: e.metrics.areaMm2,
      powerW: e.metrics.powerW,
    })),
  );
  json("result.json", {
    settings,
    loss: options.loss,
    baseHw: options.baseHw,
    evaluations: result.history.length,
    maxLossOf: reference,
    bestByGeneration: result.bestByGeneration,
    best: design(result.best, options.baseHw),
  });
  const first = result.bestByGeneration[0]!;
  svg(
    "criterion.svg",
    lineChartSvg({
      title:
        "Best criterion by generation (the paper's figure 5: percentage drop, lower is better)",
      xLabel: "generation",
      yLabel: "drop of the criterion from generation 0",
      series: [
        {
          name: "best in population",
          points: result.bestByGeneration.map((c, g) => [g, (c - first) / first]),
        },
      ],
      yAsPercent: true,
    }),
  );
  svg(
    "best-model.svg",
    modelDiagramSvg(result.best.candidate.model, {
      title: "Best model found (the paper's figure 6)",
    }),
  );
  const frontKeys = new Set(result.pareto.map((e) => e.key));
  svg(
    "pareto.svg",
    scatterSvg({
      title: "Candidates evaluated: throughput against area (Pareto front highlighted)",
      xLabel: "area (mm^2)",
      yLabel: "throughput (inferences/s)",
      points: result.history.map((e) => ({
        x: e.metrics.areaMm2,
        y: e.metrics.throughput,
        highlight: frontKeys.has(e.key),
      })),
      logX: true,
      logY: true,
    }),
  );
  return files;
}
