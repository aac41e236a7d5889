import { datasetByName } from "../../traces/datasets";
import { reachingWork } from "../operators/block-work";
import { walkModel } from "../operators/walk";
import { analyseModel } from "../spec/model-graph";
import type { ModelSpec } from "../spec/model-spec";
import { CountingAlgebra } from "./counting-algebra";

/**
 * Parameter and FLOP counts of a model, counted as NASRec counts them
 * (facebookresearch/NasRec, `get_model_flops_and_params` in
 * nasrec/utils/train_utils.py: `numel()` summed over the parameters, and
 * fvcore's FlopCountAnalysis of a traced batch divided by the batch size):
 *
 * - a FLOP is one multiply-accumulate of a Linear or of a batched matrix
 *   product (DP's T T^T: the whole (k+1) x (k+1) product, not only the
 *   triangle kept), per sample, the final layer included; bias adds,
 *   activations, FM's sums and squares and the lookups are not counted;
 * - only work the logit depends on is counted, layer by layer (a trace
 *   keeps nothing else): a dead block, and a live block's EFC or DSI whose
 *   rows nobody reads, hold parameters but no FLOPs;
 * - every Linear has a bias (NASRec's published models are trained with
 *   LayerNorm off); embeddings are rows x embeddingDim over the tables;
 * - a layer the shapes make unnecessary is skipped, as NASRec's builder
 *   skips it, and holds nothing: DP's dense projection when the dense input
 *   is e wide, its row projection when the rows already equal k, its output
 *   Linear when k (k + 1) / 2 already equals d; DSI's Linear when d = 8 e;
 *   FM's Linear when d = e.
 *
 * docs/model-info.md compares this with NASRec's published FLOPs.
 */
export interface LayerCount {
  /** The layer's name, as the mapping names it (`block1.dp.rows`, `final`). */
  name: string;
  /** The block it belongs to; null for the final layer. */
  block: number | null;
  kind: "linear" | "bmm";
  /** Linear: in and out features; bmm: e (each dot product's length) and (k + 1)^2 (the entries). */
  inputs: number;
  outputs: number;
  /** Vectors the layer is applied to per sample: e for a layer along the rows (EFC, DP's row projection), else 1. */
  vectorsPerSample: number;
  /** Weights plus biases. */
  params: number;
  biasParams: number;
  /** Whether the logit depends on the layer's result. */
  reachesOutput: boolean;
  /** inputs x outputs x vectorsPerSample multiply-accumulates when it reaches the output, else 0. */
  flopsPerSample: number;
}

/** A block output's shape: dense [d], sparse [rows, embeddingDim]. */
export interface OutputShape {
  dense: [number];
  sparse: [number, number];
}

export interface ModelInfo {
  model: string;
  dataset: string;
  embeddingDim: number;
  /** Embeddings plus every layer, those of dead blocks included. */
  totalParams: number;
  embeddingParams: number;
  paramsExcludingEmbeddings: number;
  /** The biases within paramsExcludingEmbeddings (the functional model has none). */
  biasParams: number;
  /** Blocks plus the final layer, only what reaches the output. */
  flopsPerSample: number;
  blockFlopsPerSample: number[];
  finalFlopsPerSample: number;
  blockParams: number[];
  finalParams: number;
  blockOutputShapes: OutputShape[];
  /** Blocks none of whose work reaches the output. */
  deadBlocks: number[];
  layers: LayerCount[];
}

/**
 * Counts a model's parameters and FLOPs for a dataset's layout: the spec's
 * own dataset unless `datasetName` names another (the same blocks then read
 * that dataset's inputs). A spec whose blocks do not connect, or an unknown
 * dataset, is refused with an InputError.
 */
export function modelInfo(spec: ModelSpec, datasetName?: string): ModelInfo {
  const name = datasetName ?? spec.dataset;
  const graph = analyseModel(
    name === spec.dataset ? spec : { ...spec, dataset: datasetByName(name).name },
  );
  const e = graph.embeddingDim;
  const counter = new CountingAlgebra(e);
  walkModel(
    graph,
    counter,
    { dense: graph.dataset.denseFeatures, sparse: graph.dataset.sparseFeatures },
    {
      dead: true,
      reach: reachingWork(graph).blocks,
      enter: (part) => {
        counter.block = part.block;
        counter.reaches = part.reaches;
      },
    },
  );
  const layers = counter.layers;
  const sum = (list: readonly LayerCount[], of: (l: LayerCount) => number) =>
    list.reduce((total, l) => total + of(l), 0);
  const inBlock = graph.blocks.map((b) => layers.filter((l) => l.block === b.index));
  const final = layers.filter((l) => l.block === null);
  const embeddingParams = graph.dataset.tableRows.reduce((total, rows) => total + rows * e, 0);
  const paramsExcludingEmbeddings = sum(layers, (l) => l.params);
  return {
    model: spec.name,
    dataset: graph.dataset.name,
    embeddingDim: e,
    totalParams: embeddingParams + paramsExcludingEmbeddings,
    embeddingParams,
    paramsExcludingEmbeddings,
    biasParams: sum(layers, (l) => l.biasParams),
    flopsPerSample: sum(layers, (l) => l.flopsPerSample),
    blockFlopsPerSample: inBlock.map((list) => sum(list, (l) => l.flopsPerSample)),
    finalFlopsPerSample: sum(final, (l) => l.flopsPerSample),
    blockParams: inBlock.map((list) => sum(list, (l) => l.params)),
    finalParams: sum(final, (l) => l.params),
    blockOutputShapes: graph.blocks.map((b) => ({
      dense: [b.denseOut],
      sparse: [b.sparseOutRows, e],
    })),
    deadBlocks: graph.blocks
      .filter((b) => !inBlock[b.index]!.some((l) => l.reachesOutput))
      .map((b) => b.index),
    layers,
  };
}
