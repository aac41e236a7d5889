import type { DatasetDescriptor } from "../../traces/datasets";
import { BatchBuilder, batchesOf, type Batch } from "./batch";
import type { CtrExample, DataFormat } from "./ctr-example";
import { cappedDataset, readCtrFile } from "./ctr-file";
import type { SplitPart } from "./split";
import { SyntheticCtr, type SyntheticCtrOptions } from "./synthetic";

/**
 * Where training and validation rows come from: a data file (streamed, the
 * 80/10/10 split applied on the fly) or the synthetic generator.
 */
export interface CtrSource {
  readonly dataset: DatasetDescriptor;
  /** A short description for reports. */
  readonly label: string;
  /** One pass over the training rows, in batches (the last one may be short). */
  trainBatches(batchSize: number): AsyncIterable<Batch>;
  /** The first `rows` validation rows, in batches. */
  validationBatches(batchSize: number, rows: number): Promise<Batch[]>;
  /** How many training rows one pass gives. */
  countTrainRows(): Promise<number>;
}

export interface FileSourceOptions {
  file: string;
  format: DataFormat;
  /** Cap every embedding table at this many rows (default: NASRec's sizes, uncapped). */
  tableCap?: number;
  userProfile?: string;
  splitSeed?: number;
  maxRows?: number;
}

/** A Criteo, Avazu or KDD file: parsed in a stream on every pass. */
export class FileSource implements CtrSource {
  readonly dataset: DatasetDescriptor;
  readonly label: string;

  constructor(readonly options: FileSourceOptions) {
    this.dataset = cappedDataset(options.format, options.tableCap);
    this.label = `${options.file} (${options.format})`;
  }

  private rows(part: SplitPart): AsyncGenerator<CtrExample> {
    const { file, format, userProfile, splitSeed, maxRows } = this.options;
    const all = readCtrFile({
      file,
      format,
      tableRows: this.dataset.tableRows,
      userProfile,
      splitSeed,
      maxRows,
    });
    return (async function* () {
      for await (const example of all) if (example.part === part) yield example;
    })();
  }

  async *trainBatches(batchSize: number): AsyncGenerator<Batch> {
    const builder = new BatchBuilder(
      batchSize,
      this.dataset.denseFeatures,
      this.dataset.sparseFeatures,
    );
    for await (const example of this.rows("train")) {
      const batch = builder.add(example);
      if (batch !== null) yield batch;
    }
    const rest = builder.flush();
    if (rest !== null) yield rest;
  }

  async validationBatches(batchSize: number, rows: number): Promise<Batch[]> {
    const examples: CtrExample[] = [];
    const stream = this.rows("validation");
    for await (const example of stream) {
      if (examples.length >= rows) break;
      examples.push(example);
    }
    await stream.return(undefined);
    return batchesOf(examples, batchSize, this.dataset.denseFeatures, this.dataset.sparseFeatures);
  }

  async countTrainRows(): Promise<number> {
    let count = 0;
    for await (const example of this.rows("train")) {
      void example;
      count++;
    }
    return count;
  }
}

/** The synthetic generator: `trainRows` rows per pass (the same rows every pass). */
export class SyntheticSource implements CtrSource {
  readonly generator: SyntheticCtr;
  readonly label: string;

  constructor(
    options: SyntheticCtrOptions,
    readonly trainRows: number,
  ) {
    this.generator = new SyntheticCtr(options);
    const layout = options.layout === undefined ? "" : ` in ${options.layout}'s layout`;
    this.label = `synthetic${layout} (seed ${options.seed}, ${trainRows} training rows)`;
  }

  get dataset(): DatasetDescriptor {
    return this.generator.dataset;
  }

  async *trainBatches(batchSize: number): AsyncGenerator<Batch> {
    const { denseFeatures, sparseFeatures } = this.dataset;
    const builder = new BatchBuilder(batchSize, denseFeatures, sparseFeatures);
    for (const example of this.generator.examples(this.trainRows, "train")) {
      const batch = builder.add(example);
      if (batch !== null) yield batch;
    }
    const rest = builder.flush();
    if (rest !== null) yield rest;
  }

  async validationBatches(batchSize: number, rows: number): Promise<Batch[]> {
    const { denseFeatures, sparseFeatures } = this.dataset;
    const examples = [...this.generator.examples(rows, "validation")];
    return batchesOf(examples, batchSize, denseFeatures, sparseFeatures);
  }

  async countTrainRows(): Promise<number> {
    return this.trainRows;
  }
}

/** The first `count` training batches of a source (fewer when it has fewer): the batches a fine-tune steps through. */
export async function firstBatches(
  source: CtrSource,
  batchSize: number,
  count: number,
): Promise<Batch[]> {
  const batches: Batch[] = [];
  for await (const batch of source.trainBatches(batchSize)) {
    batches.push(batch);
    if (batches.length >= count) break;
  }
  return batches;
}
