import {
  defaultReRecConfig,
  runReRec,
  type DlrmWorkload,
  type ReRecConfig,
} from "../../arch/baselines/rerec/rerec";
import { reRecOwnPaperCheck } from "../../arch/baselines/rerec/own-paper-check";
import type { InferenceRequest } from "../../traces/request";
import type { ModelGraph } from "../spec/model-spec";
import type { BaselineFigures } from "./baseline-figures";
import { PAPER_SOURCES } from "./paper-table3";

/**
 * DLRM's Criteo Kaggle setting (Naumov et al. 2019, arXiv 1906.00091; the
 * zoo's dlrm-criteo): bottom MLP 512-256-64-16 on the dense features, dot
 * interaction of the 16-wide embeddings with the bottom output, top MLP
 * 512-256-1, 8-bit weights as the zoo's models.
 */
export const DLRM_BOTTOM_MLP = [512, 256, 64, 16];
export const DLRM_TOP_MLP = [512, 256, 1];
const DLRM_WEIGHT_BITS = 8;

export interface ReRecRowOptions {
  /** DLRM on the design's dataset: the model ReREC accelerates. */
  graph: ModelGraph;
  requests: () => Iterable<InferenceRequest>;
  /** Rows each table keeps on chip (the design's chip caps its tables the same way). */
  maxRowsPerTable: number;
  config?: ReRecConfig;
}

/** DLRM on ReREC's inner-product engines, on the same requests as the design. */
export function reRecFigures(options: ReRecRowOptions): BaselineFigures {
  const config = options.config ?? defaultReRecConfig();
  const { graph } = options;
  const workload: DlrmWorkload = {
    embeddingDim: graph.embeddingDim,
    tableRows: graph.dataset.tableRows.map((rows) => Math.min(rows, options.maxRowsPerTable)),
    denseFeatures: graph.dataset.denseFeatures,
    bottomMlp: DLRM_BOTTOM_MLP,
    topMlp: DLRM_TOP_MLP,
    weightBits: DLRM_WEIGHT_BITS,
  };
  const capped = cappedRequests(options.requests(), workload.tableRows);
  const run = runReRec(config, workload, capped);
  return {
    workload:
      `${graph.spec.name} (bottom MLP ${DLRM_BOTTOM_MLP.join("-")}, dot interaction, top MLP ${DLRM_TOP_MLP.join("-")}) ` +
      `on ${graph.dataset.name}, the synthetic trace's ids, tables capped at ${options.maxRowsPerTable.toLocaleString("en-US")} rows as on the design's chip`,
    throughputPerSec: run.throughputPerSec,
    latencyNs: run.latencyNs,
    areaMm2: run.areaMm2,
    powerW: run.powerW,
    energyPerInferenceNj: run.energyPerRequestPj / 1e3,
    sources: [
      PAPER_SOURCES.rerec,
      "DLRM: Naumov et al. 2019, arXiv 1906.00091 (Criteo Kaggle setting)",
      "crossbar, ADC, DAC and buffer figures: this project's technology tables (MNSIM 2.0, CACTI 32 nm); docs/baselines.md (ReREC)",
    ],
    ownPaperCheck: reRecOwnPaperCheck(),
    notes: run.notes,
  };
}

/**
 * The trace's ids folded into the capped tables (id mod rows), as the
 * design's chip folds them: both sides see the same accesses.
 */
function* cappedRequests(
  requests: Iterable<InferenceRequest>,
  tableRows: number[],
): Generator<InferenceRequest> {
  for (const r of requests) {
    yield { ...r, sparse: r.sparse.map((ids, f) => ids.map((id) => id % tableRows[f]!)) };
  }
}
