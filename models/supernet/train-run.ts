import { existsSync } from "node:fs";
import { InputError } from "../../sim/kernel/input-error";
import type { Batch } from "../data/batch";
import type { DataFormat } from "../data/ctr-example";
import { FileSource, SyntheticSource, type CtrSource } from "../data/sources";
import { syntheticLayoutOf, type SyntheticCtrOptions } from "../data/synthetic";
import type { ModelSpec } from "../spec/model-spec";
import { selectBackend, type BackendChoice } from "./backend";
import { loadCheckpoint, saveCheckpoint, weightsPath } from "./checkpoint";
import { finetuneAndEvaluate, type Evaluation } from "./finetune";
import { largestSubnet } from "./path-sampling";
import type { SearchSpace } from "./search-space";
import { Supernet } from "./supernet";
import { trainSupernet, type StepInfo } from "./train-supernet";

export interface TrainRunOptions {
  /** A data file, or "synthetic". */
  data: string;
  format: DataFormat;
  /** KDD: the user profile file. */
  userProfile?: string;
  /** Cap on every embedding table's rows (default: NASRec's sizes). */
  tableCap?: number;
  /** Synthetic data: training rows per pass and the generator's options. */
  syntheticRows: number;
  synthetic?: Partial<SyntheticCtrOptions>;
  epochs: number;
  batch: number;
  /** Stop after this many steps in total (default: epochs x training rows / batch). */
  steps?: number;
  seed: number;
  space: SearchSpace;
  backend: BackendChoice;
  learningRate: number;
  /** Validation rows to evaluate on (the first ones of the validation part). */
  validationRows: number;
  /** The subnet to evaluate (default: the largest one, DP in every block). */
  subnet?: ModelSpec;
  /** Train only `subnet` (no path sampling): a standalone model. */
  standalone: boolean;
  /** Steps of final-layer fine-tuning before evaluating (NASRec scores subnets after 500). */
  finetuneSteps: number;
  checkpoint?: string;
  resume?: string;
  onStart?: (info: { backend: string; totalSteps: number; resumedAt: number }) => void;
  onStep?: (info: StepInfo) => void;
}

export interface TrainRunResult {
  backend: string;
  data: string;
  dataset: string;
  steps: number;
  totalSteps: number;
  stepsThisRun: number;
  seconds: number;
  samplesPerSec: number;
  trainLoss: number;
  subnet: string;
  validation: Evaluation;
  checkpoint: { json: string; weights: string } | null;
}

/**
 * `autorac train` as a library call: selects the backend, builds (or
 * resumes) the supernet, trains it with path sampling (or one subnet
 * alone), evaluates a subnet on the validation rows and saves a checkpoint.
 */
export async function runTraining(options: TrainRunOptions): Promise<TrainRunResult> {
  checkPositive(options.epochs, "epochs");
  checkPositive(options.batch, "batch");
  checkPositive(options.validationRows, "validation rows");
  if (options.steps !== undefined) checkPositive(options.steps, "steps");
  const source = openSource(options);
  const backend = await selectBackend(options.backend);
  let supernet: Supernet;
  let savedTotal: number | undefined;
  if (options.resume !== undefined) {
    const loaded = loadCheckpoint(options.resume);
    supernet = loaded.supernet;
    savedTotal = loaded.header.training?.totalSteps as number | undefined;
    checkSameLayout(supernet, source, options.resume);
  } else {
    supernet = new Supernet({ dataset: source.dataset, space: options.space, seed: options.seed });
  }
  const subnet =
    options.subnet ?? largestSubnet(supernet.layout.space, supernet.dataset.name, "dp");
  supernet.plan(subnet); // refuse a subnet the supernet cannot hold before training
  // read before the work, so that rows AUC cannot be computed on are refused at once
  const validation = await validationRows(source, options);
  // Counting the rows is a pass over a file: only when the schedule's length is not given.
  const totalSteps =
    options.steps ??
    savedTotal ??
    Math.max(1, Math.ceil((await source.countTrainRows()) / options.batch) * options.epochs);
  const resumedAt = supernet.steps;
  options.onStart?.({ backend, totalSteps, resumedAt });
  const started = process.hrtime.bigint();
  const summary = await trainSupernet({
    supernet,
    source,
    batchSize: options.batch,
    epochs: options.epochs,
    totalSteps,
    learningRate: options.learningRate,
    seed: options.seed,
    subnet: options.standalone ? subnet : undefined,
    onStep: options.onStep,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stepsThisRun = summary.steps - resumedAt;
  let next = source.trainBatches(options.batch)[Symbol.asyncIterator]();
  const evaluation = await finetuneAndEvaluate(subnet, options.finetuneSteps, {
    supernet,
    validation,
    nextBatch: async () => {
      let item = await next.next();
      if (item.done === true) {
        next = source.trainBatches(options.batch)[Symbol.asyncIterator]();
        item = await next.next();
      }
      return item.value as Exclude<typeof item.value, void>;
    },
  });
  await next.return?.();
  let checkpoint: TrainRunResult["checkpoint"] = null;
  if (options.checkpoint !== undefined) {
    saveCheckpoint(supernet, options.checkpoint, {
      totalSteps,
      batch: options.batch,
      data: source.label,
      learningRate: options.learningRate,
    });
    checkpoint = { json: options.checkpoint, weights: weightsPath(options.checkpoint) };
  }
  return {
    backend,
    data: source.label,
    dataset: supernet.dataset.name,
    steps: summary.steps,
    totalSteps,
    stepsThisRun,
    seconds,
    samplesPerSec: seconds > 0 ? summary.rows / seconds : 0,
    trainLoss: summary.recentLoss,
    subnet: subnet.name,
    validation: evaluation,
    checkpoint,
  };
}

/** The validation rows, which must hold both labels (else an InputError says which one is missing). */
export async function validationRows(
  source: CtrSource,
  options: Pick<TrainRunOptions, "batch" | "validationRows">,
): Promise<Batch[]> {
  const validation = await source.validationBatches(options.batch, options.validationRows);
  if (validation.length === 0) {
    throw new InputError(`${source.label}: no validation rows (the split gives 10 % of the rows)`);
  }
  const clicks = validation.reduce((n, b) => n + b.labels.reduce((m, l) => m + l, 0), 0);
  const rows = validation.reduce((n, b) => n + b.size, 0);
  if (clicks === 0 || clicks === rows) {
    throw new InputError(
      `${source.label}: the ${rows} validation rows are all ${clicks === 0 ? "non-clicks (label 0)" : "clicks (label 1)"}: AUC is undefined; use data with both labels, or more --validation-rows`,
    );
  }
  return validation;
}

export const NOT_DATA =
  'no such file (or "synthetic", or "synthetic-criteo", "synthetic-avazu", "synthetic-kdd" for that set\'s layout)';

/** The rows `autorac train` reads: a data file, or the synthetic generator seeded with `seed`. */
export function openSource(
  options: Pick<
    TrainRunOptions,
    "data" | "format" | "tableCap" | "userProfile" | "seed" | "synthetic" | "syntheticRows"
  >,
): CtrSource {
  const layout = syntheticLayoutOf(options.data);
  if (layout !== null) {
    return new SyntheticSource(
      {
        seed: options.seed,
        ...(layout !== "small" && { layout, layoutTableCap: options.tableCap }),
        ...options.synthetic,
      },
      options.syntheticRows,
    );
  }
  if (!existsSync(options.data)) {
    throw new InputError(`--data ${options.data}: ${NOT_DATA}`);
  }
  return new FileSource({
    file: options.data,
    format: options.format,
    tableCap: options.tableCap,
    userProfile: options.userProfile,
  });
}

/** A supernet goes on (training, scoring subnets) only on data of the layout it was trained on. */
export function checkSameLayout(supernet: Supernet, source: CtrSource, path: string): void {
  const a = supernet.dataset;
  const b = source.dataset;
  const same =
    a.name === b.name &&
    a.denseFeatures === b.denseFeatures &&
    a.tableRows.length === b.tableRows.length &&
    a.tableRows.every((rows, f) => rows === b.tableRows[f]);
  if (!same) {
    throw new InputError(
      `${path}: the supernet was trained on ${a.name} data with tables [${a.tableRows.join(", ")}], ` +
        `but ${source.label} is ${b.name} with tables [${b.tableRows.join(", ")}]: ` +
        `expected the same layout (give the data it was trained on)`,
    );
  }
}

function checkPositive(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InputError(`${what} = ${value}: expected a positive integer`);
  }
}
