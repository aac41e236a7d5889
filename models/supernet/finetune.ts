import type { Batch } from "../data/batch";
import type { ModelSpec } from "../spec/model-spec";
import { auc, logLossFromLogits } from "./metrics";
import type { Supernet } from "./supernet";

/** A subnet's validation figures. */
export interface Evaluation {
  logLoss: number;
  auc: number;
  rows: number;
}

/** Log loss and AUC of a subnet over validation batches (supernet weights, scales frozen). */
export function evaluateSubnet(
  supernet: Supernet,
  spec: ModelSpec,
  batches: readonly Batch[],
): Evaluation {
  const logits: number[] = [];
  const labels: number[] = [];
  for (const batch of batches) {
    logits.push(...supernet.logits(spec, batch));
    labels.push(...batch.labels);
  }
  return {
    logLoss: logLossFromLogits(logits, labels),
    auc: auc(logits, labels),
    rows: labels.length,
  };
}

/** NASRec's fine-tune learning rate for scoring subnets. */
export const NASREC_FINETUNE_LR = 0.04;

export interface FinetuneContext {
  supernet: Supernet;
  /** The next training batch; called once per step (an endless stream). */
  nextBatch: () => Batch | Promise<Batch>;
  /** The validation subset the loss is measured on. */
  validation: readonly Batch[];
  /** Default NASREC_FINETUNE_LR. */
  learningRate?: number;
  /** How the fine-tuned subnet is scored (default evaluateSubnet; a lossy chip: its crossbar model). */
  evaluate?: (supernet: Supernet, spec: ModelSpec, batches: readonly Batch[]) => Evaluation;
}

/**
 * NASRec's subnet score: the subnet inherits the supernet's weights, its
 * final layer alone is fine-tuned for `steps` steps (a fresh Adagrad,
 * lr 0.04, the supernet's activation scales frozen), and its log loss on
 * the validation subset is returned. The supernet is left as it was: the
 * final layer and its Adagrad sums are restored afterwards, so candidates
 * can be scored one after another in any order.
 */
export async function finetuneAndEval(
  subnetSpec: ModelSpec,
  steps: number,
  context: FinetuneContext,
): Promise<number> {
  return (await finetuneAndEvaluate(subnetSpec, steps, context)).logLoss;
}

/** finetuneAndEval with AUC as well. */
export async function finetuneAndEvaluate(
  subnetSpec: ModelSpec,
  steps: number,
  context: FinetuneContext,
): Promise<Evaluation> {
  const { supernet } = context;
  supernet.plan(subnetSpec); // refuse an unfit spec before touching anything
  const final = supernet.params.get("final");
  const saved = [final.weight, final.bias, final.weightSquares, final.biasSquares].map((a) =>
    a.slice(),
  );
  final.weightSquares.fill(0);
  final.biasSquares.fill(0);
  try {
    for (let step = 0; step < steps; step++) {
      const batch = await context.nextBatch();
      supernet.trainStep(subnetSpec, batch, {
        learningRate: context.learningRate ?? NASREC_FINETUNE_LR,
        trainable: "final",
      });
    }
    return (context.evaluate ?? evaluateSubnet)(supernet, subnetSpec, context.validation);
  } finally {
    final.weight.set(saved[0]!);
    final.bias.set(saved[1]!);
    final.weightSquares.set(saved[2]!);
    final.biasSquares.set(saved[3]!);
  }
}
