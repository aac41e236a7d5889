import { buildHardware } from "../../arch/config/hardware";
import type { HwConfig } from "../../arch/config/hw-config";
import { conversionPrecision } from "../../arch/config/precision";
import { InputError } from "../../sim/kernel/input-error";
import { chipEvaluation } from "../onchip/evaluate-on-chip";
import type { Batch } from "../data/batch";
import { firstBatches } from "../data/sources";
import type { DataFormat } from "../data/ctr-example";
import type { ModelSpec } from "../spec/model-spec";
import { selectBackend, type BackendChoice } from "../supernet/backend";
import { loadCheckpoint } from "../supernet/checkpoint";
import { finetuneAndEval } from "../supernet/finetune";
import type { Supernet } from "../supernet/supernet";
import { checkSameLayout, openSource } from "../supernet/train-run";

/**
 * `--loss supernet`: a candidate's loss is NASRec's subnet score, the
 * trained supernet's validation log loss after `finetuneSteps` steps of
 * final-layer fine-tuning (finetuneAndEval). Plain data, so that it can
 * cross to worker threads and queue workers, which open it themselves.
 */
export interface SupernetLoss {
  kind: "supernet";
  /** The checkpoint of `autorac train` (its JSON file). */
  checkpoint: string;
  /** The data file the supernet was trained on, or "synthetic" (seeded as the checkpoint). */
  data: string;
  format: DataFormat;
  tableCap?: number;
  userProfile?: string;
  batch: number;
  finetuneSteps: number;
  validationRows: number;
  backend: BackendChoice;
}

interface Context {
  supernet: Supernet;
  /** Losses by (subnet, chip): a lossless chip's is the supernet's, whatever the chip. */
  losses: Map<string, Promise<number>>;
  /** The batches every fine-tune steps through, the same for every candidate. */
  finetune: Batch[];
  validation: Batch[];
  /** Fine-tunes one at a time: each borrows the supernet's final layer. */
  queue: Promise<unknown>;
}

/** One context per settings and thread: the checkpoint is read once. */
const contexts = new Map<string, Promise<Context>>();

/**
 * The candidate's validation log loss through the supernet; on a lossy chip
 * (`hw` with ADC conversions that can clip), through the chip's crossbar
 * model after the same fine-tune, so that the loss an ADC bit costs is
 * measured. Cached per (subnet, chip) pair.
 */
export async function supernetLoss(
  spec: ModelSpec,
  settings: SupernetLoss,
  hw?: HwConfig,
): Promise<number> {
  const key = JSON.stringify(settings);
  let opened = contexts.get(key);
  if (opened === undefined) {
    opened = openContext(settings);
    contexts.set(key, opened);
  }
  const context = await opened;
  // The supernet is trained on its own data layout (synthetic rows have one of their own):
  // the same blocks on it.
  const subnet = { ...spec, dataset: context.supernet.dataset.name };
  const chip = hw !== undefined && conversionPrecision(hw).bitsLost > 0 ? buildHardware(hw) : null;
  const lossKey = JSON.stringify([
    subnet.embeddingDim,
    subnet.blocks,
    subnet.final,
    chip?.config ?? null,
  ]);
  const cached = context.losses.get(lossKey);
  if (cached !== undefined) return cached;
  const run = context.queue.then(() => {
    let step = 0;
    return finetuneAndEval(subnet, settings.finetuneSteps, {
      supernet: context.supernet,
      validation: context.validation,
      nextBatch: () => context.finetune[step++ % context.finetune.length]!,
      ...(chip !== null && {
        evaluate: (supernet, s, batches) => chipEvaluation(supernet, s, chip, batches),
      }),
    });
  });
  context.queue = run.catch(() => undefined);
  context.losses.set(lossKey, run);
  return run;
}

async function openContext(settings: SupernetLoss): Promise<Context> {
  await selectBackend(settings.backend);
  const { supernet, header } = loadCheckpoint(settings.checkpoint);
  const source = openSource({
    data: settings.data,
    format: settings.format,
    tableCap: settings.tableCap,
    userProfile: settings.userProfile,
    seed: header.seed,
    syntheticRows: Math.max(1, settings.finetuneSteps) * settings.batch,
  });
  checkSameLayout(supernet, source, settings.checkpoint);
  const finetune = await firstBatches(source, settings.batch, Math.max(1, settings.finetuneSteps));
  const validation = await source.validationBatches(settings.batch, settings.validationRows);
  if (finetune.length === 0 || validation.length === 0) {
    throw new InputError(
      `${source.label}: no ${finetune.length === 0 ? "training" : "validation"} rows to score subnets with`,
    );
  }
  return { supernet, finetune, validation, queue: Promise.resolve(), losses: new Map() };
}
