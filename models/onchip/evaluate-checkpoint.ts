import type { Hardware } from "../../arch/config/hardware";
import { InputError } from "../../sim/kernel/input-error";
import type { DataFormat } from "../data/ctr-example";
import { syntheticLayoutOf } from "../data/synthetic";
import type { ModelSpec } from "../spec/model-spec";
import { selectBackend, type BackendChoice } from "../supernet/backend";
import { loadCheckpoint } from "../supernet/checkpoint";
import { largestSubnet } from "../supernet/path-sampling";
import { checkSameLayout, openSource, validationRows } from "../supernet/train-run";
import { evaluateOnChip, type ChipEvaluation } from "./evaluate-on-chip";
import { finetuneAndEvaluate } from "../supernet/finetune";
import { firstBatches } from "../data/sources";

export interface CheckpointEvaluationOptions {
  /** A checkpoint JSON saved by `autorac train --checkpoint`. */
  checkpoint: string;
  /** The subnet (default: the space's largest, DP in every block, as `train` evaluates). */
  subnet?: ModelSpec;
  hw: Hardware;
  /** A data file, or "synthetic" / "synthetic-criteo" / ... (the layout it was trained on). */
  data: string;
  format: DataFormat;
  tableCap?: number;
  userProfile?: string;
  /** Synthetic data: the generator's seed (default: the checkpoint's, which `train` used for both). */
  seed?: number;
  /** Fine-tune the final layer this many steps first, as the search scores subnets (default 0). */
  finetuneSteps?: number;
  /** Validation rows to evaluate (the first ones of the 10 % validation part). */
  validationRows: number;
  batch: number;
  backend: BackendChoice;
  onBatch?: (done: number, total: number) => void;
}

export interface CheckpointEvaluation extends ChipEvaluation {
  backend: string;
  data: string;
  subnet: string;
  /** Training steps the checkpoint had taken. */
  steps: number;
  /** Final-layer fine-tuning steps before the evaluation. */
  finetuneSteps: number;
}

/**
 * `autorac evaluate` as a library call: loads a checkpoint, reads the
 * validation rows of the data it was trained on, and evaluates a subnet
 * in tfjs, in exact integers and on the chip `hw` (evaluate-on-chip.ts).
 */
export async function evaluateCheckpoint(
  options: CheckpointEvaluationOptions,
): Promise<CheckpointEvaluation> {
  const { supernet, header } = loadCheckpoint(options.checkpoint);
  const seed = options.seed ?? header.seed;
  const finetuneSteps = options.finetuneSteps ?? 0;
  const source = openSource({
    data: options.data,
    format: options.format,
    tableCap: options.tableCap,
    userProfile: options.userProfile,
    seed,
    syntheticRows: Math.max(1, finetuneSteps) * options.batch, // as the search's loss reads them
  });
  const synthetic = syntheticLayoutOf(options.data) !== null;
  checkSameLayout(supernet, source, options.checkpoint);
  // a model of the data set's layout runs on the supernet's own layout (synthetic rows have their own name)
  const spec = options.subnet
    ? { ...options.subnet, dataset: supernet.dataset.name }
    : largestSubnet(supernet.layout.space, supernet.dataset.name, "dp");
  supernet.plan(spec); // an unfit subnet is refused before the data is read
  const batches = await validationRows(source, {
    batch: options.batch,
    validationRows: options.validationRows,
  });
  const backend = await selectBackend(options.backend);
  const evaluate = () =>
    evaluateOnChip({ supernet, spec, hw: options.hw, batches, onBatch: options.onBatch });
  let result: ChipEvaluation | null = null;
  if (finetuneSteps === 0) result = evaluate();
  else {
    // the search's score: the final layer fine-tuned first (then restored), evaluated in between
    const finetune = await firstBatches(source, options.batch, finetuneSteps);
    if (finetune.length === 0)
      throw new InputError(`${source.label}: no training rows to fine-tune on`);
    let step = 0;
    await finetuneAndEvaluate(spec, finetuneSteps, {
      supernet,
      validation: batches,
      nextBatch: () => finetune[step++ % finetune.length]!,
      evaluate: () => (result = evaluate()).chip,
    });
  }
  return {
    backend,
    data: synthetic ? `${options.data} (seed ${seed})` : source.label,
    subnet: spec.name,
    steps: header.steps,
    finetuneSteps,
    ...result!,
  };
}
