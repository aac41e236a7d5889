import { withinTwoX, type OwnPaperCheck } from "../own-paper-check";
import { datasets } from "../../../traces/datasets";
import { syntheticRequests } from "../../../traces/synthetic";
import { defaultReRecConfig, reramBaselineConfig } from "./config";
import { runReRec } from "./rerec";
import type { DlrmWorkload } from "./workload";

/** One headline figure of a baseline's own paper, reproduced on its own workload. */
/**
 * DLRM's Criteo Kaggle setting (Naumov et al. 2019, arXiv 1906.00091, and its
 * reference implementation's Kaggle run: bottom MLP 13-512-256-64-16, top MLP
 * 512-256-1, embeddings of 16), with NASRec's table sizes (traces/datasets.ts).
 */
export const dlrmCriteoKaggle: DlrmWorkload = {
  embeddingDim: 16,
  tableRows: datasets.criteo.tableRows,
  denseFeatures: datasets.criteo.denseFeatures,
  bottomMlp: [512, 256, 64, 16],
  topMlp: [512, 256, 1],
  weightBits: 8,
};

const REQUESTS = 2000;
const SEED = 1;

/**
 * ReREC's abstract: 7.69x speedup over a ReRAM-based baseline design. Both
 * designs run the same synthetic Criteo trace (ReREC's traces are not public):
 * one id per table per request, Zipf-skewed row popularity (exponent 1.05, the
 * generator's default), closed loop. Speedup = throughput ratio.
 */
export function reRecOwnPaperCheck(): OwnPaperCheck {
  const requests = () =>
    syntheticRequests({
      dataset: datasets.criteo,
      count: REQUESTS,
      seed: SEED,
      arrivals: { kind: "closed" },
    });
  const rerec = runReRec(defaultReRecConfig(), dlrmCriteoKaggle, requests());
  const baseline = runReRec(reramBaselineConfig(), dlrmCriteoKaggle, requests());
  const paperFigure = 7.69;
  const measured = rerec.throughputPerSec / baseline.throughputPerSec;
  const latencyRatio = baseline.latencyNs.mean / rerec.latencyNs.mean;
  return {
    name: "ReREC speedup over the ReRAM baseline",
    workload: `DLRM (Criteo Kaggle setting), ${REQUESTS} synthetic Zipf(1.05) requests, seed ${SEED}`,
    paperFigure,
    measured,
    ...withinTwoX(measured, paperFigure),
    source:
      "Y. Wang et al., ReREC: In-ReRAM Acceleration with Access-Aware Mapping for Personalized " +
      "Recommendation, ICCAD 2021, DOI 10.1109/ICCAD51958.2021.9643573, abstract (7.69x over a ReRAM-based baseline)",
    notes: [
      `throughput: ReREC ${rerec.throughputPerSec.toFixed(0)} /s, baseline ${baseline.throughputPerSec.toFixed(0)} /s`,
      `mean latency: ReREC ${rerec.latencyNs.mean.toFixed(0)} ns, baseline ${baseline.latencyNs.mean.toFixed(0)} ns (ratio ${latencyRatio.toFixed(2)})`,
      `energy per request: ReREC ${(rerec.energyPerRequestPj / 1e6).toFixed(2)} uJ, baseline ${(baseline.energyPerRequestPj / 1e6).toFixed(2)} uJ`,
      `area: ReREC ${rerec.areaMm2.toFixed(0)} mm^2, baseline ${baseline.areaMm2.toFixed(0)} mm^2`,
      "ReREC's models, datasets, traces and most hardware parameters are not public to us; see docs/baselines.md, ReREC",
      ...rerec.notes.map((n) => `ReREC: ${n}`),
      ...baseline.notes.map((n) => `baseline: ${n}`),
    ],
  };
}
