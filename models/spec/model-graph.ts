import { InputError } from "../../sim/kernel/input-error";
import { datasetByName, type DatasetDescriptor } from "../../traces/datasets";
import type { OperatorKind } from "../operators/operator-kind";
import { operatorKind, slotKind } from "../operators/registry";
import {
  type BlockInputs,
  type BlockShape,
  type ChoiceBlock,
  type ModelGraph,
  type ModelSpec,
} from "./model-spec";

/**
 * Resolves every tensor shape of a model spec against its dataset's layout,
 * and which blocks do work. A spec whose blocks cannot connect is refused
 * with an InputError naming the model, the block (0-based), the operator
 * and the reason. The spec's format is assumed checked (parseModelSpec);
 * what the schema cannot see (an index beyond the block, the dataset, a
 * spec built in code with a bad dim) is checked here.
 *
 * Shapes (NASRec's builder, `../shared/reference/nasrec/README.md`): input
 * index 0 is the model input, [denseFeatures] and [sparseFeatures, e];
 * index j >= 1 is block j-1's output, [d] and [s (+ 8 with DSI), e]. A
 * block's inputs are concatenated in ascending index order, duplicates
 * dropped: dense along features, sparse along rows.
 *
 * Liveness: only the last block feeds the final layer, so a block is live
 * when a chain of input references leads from the last block back to it;
 * a dead block holds parameters but does no work.
 */
export function analyseModel(spec: ModelSpec, dataset?: DatasetDescriptor): ModelGraph {
  const where = `model ${JSON.stringify(spec.name)}`;
  const data = resolveDataset(spec, dataset, where);
  checkPositiveInt(spec.embeddingDim, `${where}: embeddingDim`);
  if (spec.blocks.length === 0) {
    throw new InputError(`${where}: no blocks: expected at least one choice block`);
  }
  const blocks: BlockShape[] = [];
  spec.blocks.forEach((block, index) => {
    blocks.push(
      blockShape(block, index, blocks, data, spec.embeddingDim, `${where}: block ${index}`),
    );
  });
  markLive(blocks);
  const last = blocks[blocks.length - 1]!;
  const finalInWidth = last.denseOut + last.sparseOutRows * spec.embeddingDim;
  checkWidth(finalInWidth, `${where}: final layer`, "input width");
  return {
    spec,
    dataset: data,
    embeddingDim: spec.embeddingDim,
    blocks,
    finalInWidth,
    deadBlocks: blocks.filter((b) => !b.live).map((b) => b.index),
  };
}

function resolveDataset(
  spec: ModelSpec,
  given: DatasetDescriptor | undefined,
  where: string,
): DatasetDescriptor {
  let data: DatasetDescriptor;
  if (given === undefined) {
    try {
      data = datasetByName(spec.dataset);
    } catch (error) {
      if (error instanceof InputError) throw new InputError(`${where}: ${error.message}`);
      throw error;
    }
  } else if (given.name !== spec.dataset) {
    throw new InputError(
      `${where}: its dataset is ${JSON.stringify(spec.dataset)}, ` +
        `but it was analysed against ${JSON.stringify(given.name)}: expected the same dataset`,
    );
  } else {
    data = given;
  }
  checkDataset(data, `${where}: dataset ${JSON.stringify(data.name)}`);
  return data;
}

function checkDataset(data: DatasetDescriptor, at: string): void {
  checkCount(data.denseFeatures, `${at}: denseFeatures`);
  checkCount(data.sparseFeatures, `${at}: sparseFeatures`);
  if (data.tableRows.length !== data.sparseFeatures) {
    throw new InputError(
      `${at}: ${data.tableRows.length} table row counts for ${data.sparseFeatures} sparse ` +
        "features: expected one per sparse feature",
    );
  }
  data.tableRows.forEach((rows, f) => checkPositiveInt(rows, `${at}: tableRows[${f}]`));
}

function blockShape(
  block: ChoiceBlock,
  index: number,
  earlier: readonly BlockShape[],
  data: DatasetDescriptor,
  e: number,
  at: string,
): BlockShape {
  const denseKind = operatorKind("dense", block.dense.op, `${at}: dense.op`);
  const sparseKind = operatorKind("sparse", block.sparse.op, `${at}: sparse.op`);
  const denseOp = denseKind.kind;

  const lists = inputLists(block.inputs, denseKind, sparseKind.kind);
  const denseInputs = resolveIndices(lists.dense, index, at);
  const sparseInputs = resolveIndices(lists.sparse, index, at);
  const widthOf = (j: number) => (j === 0 ? data.denseFeatures : earlier[j - 1]!.denseOut);
  const rowsOf = (j: number) => (j === 0 ? data.sparseFeatures : earlier[j - 1]!.sparseOutRows);
  const denseInWidth = sum(denseInputs.map(widthOf));
  const sparseInRows = sum(sparseInputs.map(rowsOf));

  // Only index 0 can be empty (a block's outputs have d, s >= 1): a dataset
  // without dense (or sparse) features. Block 0 can read nothing else, so it
  // is the block that fails, and the fix is in the dataset.
  if (denseInWidth === 0) {
    throw new InputError(
      `${at} (${denseOp}): dense input is 0 wide: dataset ${JSON.stringify(data.name)} has no ` +
        "dense features; expected at least one (NASRec feeds Avazu a pseudo-dense zero feature)",
    );
  }
  if (sparseInRows === 0) {
    throw new InputError(
      `${at} (${lists.sparse.readers}): sparse input has 0 rows: dataset ` +
        `${JSON.stringify(data.name)} has no sparse features; expected at least one`,
    );
  }
  const ins = { width: denseInWidth, rows: sparseInRows };
  const denseOut = denseKind.shape(block.dense, ins, e, `${at} (${denseOp})`).width!;
  const efcOutRows = sparseKind.shape(block.sparse, ins, e, `${at} (${sparseKind.kind})`).rows!;
  const dsiRows = block.dsi
    ? slotKind("dsi").shape(block.dsi, { width: denseOut, rows: 0 }, e, `${at} (dsi)`).rows!
    : 0;
  checkWidth(denseInWidth, `${at} (${denseOp})`, "dense input width");
  checkWidth(sparseInRows, `${at} (${lists.sparse.readers})`, "sparse input rows");
  checkWidth(denseOut, `${at} (${denseOp})`, "dense output width");
  checkWidth(efcOutRows + dsiRows, `${at} (${sparseKind.kind})`, "sparse output rows");
  return {
    index,
    live: false, // set by markLive once every block is known
    denseInputs,
    sparseInputs,
    denseInWidth,
    sparseInRows,
    denseOut,
    efcOutRows,
    sparseOutRows: efcOutRows + dsiRows,
  };
}

interface InputList {
  indices: readonly number[];
  /** Where the list sits in the block, for messages: "inputs" or "inputs.dense". */
  path: string;
  /** The operators that read the list, for messages. */
  readers: string;
}

/** Block-wise inputs feed both operators; operator-wise ones feed the dense or sparse side. DP reads both sides. */
function inputLists(
  inputs: BlockInputs,
  dense: OperatorKind,
  sparseOp: string,
): { dense: InputList; sparse: InputList } {
  const denseOp = dense.kind;
  const sparseReaders = dense.readsSparse === true ? `${sparseOp}, ${denseOp}` : sparseOp;
  if (Array.isArray(inputs)) {
    const both = { indices: inputs, path: "inputs", readers: `${denseOp}, ${sparseOp}` };
    return { dense: both, sparse: both };
  }
  return {
    dense: { indices: inputs.dense, path: "inputs.dense", readers: denseOp },
    sparse: { indices: inputs.sparse, path: "inputs.sparse", readers: sparseReaders },
  };
}

/** Checks one input list of block `index` and returns it ascending, without duplicates. */
function resolveIndices(list: InputList, index: number, at: string): number[] {
  const place = `${at} (${list.readers})`;
  if (list.indices.length === 0) {
    throw new InputError(
      `${place}: ${list.path} is empty: expected at least one index in 0..${index}`,
    );
  }
  list.indices.forEach((j, k) => {
    if (!Number.isInteger(j) || j < 0 || j > index) {
      throw new InputError(
        `${place}: ${list.path}[${k}] = ${j}: expected an index in 0..${index} ` +
          "(0 = the model input, j >= 1 = block j-1's output; a block reads only earlier blocks)",
      );
    }
  });
  return [...new Set(list.indices)].sort((a, b) => a - b);
}

/** Marks the last block and, walking back, every block a live block reads. */
function markLive(blocks: BlockShape[]): void {
  blocks[blocks.length - 1]!.live = true;
  for (let i = blocks.length - 1; i >= 0; i--) {
    const block = blocks[i]!;
    if (!block.live) continue;
    for (const j of [...block.denseInputs, ...block.sparseInputs]) {
      if (j >= 1) blocks[j - 1]!.live = true;
    }
  }
}

function checkPositiveInt(value: number, at: string, hint = ""): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new InputError(`${at} = ${value}: expected a positive integer${hint}`);
  }
}

/**
 * A width summed or multiplied from dims must stay a whole number: dims of
 * 1e308 pass the schema (they are integers) but add up to Infinity.
 */
function checkWidth(value: number, at: string, what: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new InputError(
      `${at}: ${what} = ${value}: expected at most ${Number.MAX_SAFE_INTEGER} (are the dims or embeddingDim huge?)`,
    );
  }
}

function checkCount(value: number, at: string): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new InputError(`${at} = ${value}: expected an integer >= 0`);
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
