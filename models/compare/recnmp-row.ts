import {
  defaultRecNmpConfig,
  runRecNmp,
  type RecNmpConfig,
} from "../../arch/baselines/recnmp/recnmp";
import { recNmpOwnPaperCheck } from "../../arch/baselines/recnmp/own-paper-check";
import type { InferenceRequest } from "../../traces/request";
import { fastestBatch, type CpuBaseline } from "./cpu-baseline";
import { PAPER_SOURCES } from "./paper-table3";
import { powerOf, type BaselineFigures } from "./baseline-figures";
import type { ModelGraph } from "../spec/model-spec";

/** RecNMP keeps its tables in fp32 (its SLS operators sum fp32 vectors): 4 bytes per element. */
const RECNMP_BYTES_PER_ELEMENT = 4;

export interface RecNmpRowOptions {
  /** DLRM on the design's dataset: the model RecNMP serves (its MLPs on the host). */
  graph: ModelGraph;
  requests: () => Iterable<InferenceRequest>;
  /** The host's time for the layers after the lookups, measured (null: not measured). */
  host: CpuBaseline | null;
  config?: RecNmpConfig;
}

/**
 * RecNMP serving DLRM: the lookups and pooling (SLS) on the DIMMs' NMP
 * units, the MLPs and the interaction on the host CPU, the two pipelined
 * across batches (the host works on one batch while the DIMMs gather the
 * next), so the slower of the two sets the rate. Energy per inference adds
 * the host's share (its power over its throughput) to the memory side's.
 */
export function recNmpFigures(options: RecNmpRowOptions): BaselineFigures {
  const { graph } = options;
  const host = options.host === null ? null : fastestBatch(options.host);
  // The DIMMs gather for the batches the host runs (RecNMP batches its SLS calls the same way).
  const given = options.config ?? defaultRecNmpConfig();
  const config = host === null ? given : { ...given, batchRequests: host.batch };
  const memory = runRecNmp(
    config,
    {
      vectorBytes: graph.embeddingDim * RECNMP_BYTES_PER_ELEMENT,
      tableRows: graph.dataset.tableRows,
    },
    options.requests(),
  );
  const throughputPerSec =
    host === null ? memory.throughputPerSec : Math.min(memory.throughputPerSec, host.throughput);
  const hostEnergyNj = host === null ? 0 : (options.host!.powerW / host.throughput) * 1e9;
  const energyPerInferenceNj = memory.energyPerRequestPj / 1e3 + hostEnergyNj;
  const hostLatencyNs = host === null ? 0 : host.batchLatencyMs * 1e6;
  const workload =
    `${graph.spec.name} on ${graph.dataset.name} (the synthetic trace's ids): ` +
    `${memory.lookups} lookups of ${graph.embeddingDim} fp32 elements on RecNMP's DIMMs` +
    (host === null
      ? "; the host's MLPs not measured (--no-cpu): memory side only"
      : `; MLPs and interaction on the host (tfjs ${options.host!.backend}, batch ${host.batch})`);
  return {
    workload,
    throughputPerSec,
    latencyNs: {
      mean: memory.latencyNs.mean + hostLatencyNs,
      p50: memory.latencyNs.p50 + hostLatencyNs,
      p99: memory.latencyNs.p99 + hostLatencyNs,
    },
    areaMm2: null,
    powerW: powerOf(energyPerInferenceNj, throughputPerSec),
    energyPerInferenceNj,
    sources: [
      PAPER_SOURCES.recnmp,
      "DDR4 timing and energy: docs/baselines.md (RecNMP)",
      host === null ? "host: not measured" : `host: this machine, ${options.host!.powerSource}`,
    ],
    ownPaperCheck: recNmpOwnPaperCheck(),
    notes: [
      `memory side: batches of ${config.batchRequests} requests, ${fmt(memory.throughputPerSec)} requests/s, ${fmt(memory.energyPerRequestPj / 1e3)} nJ per request, RankCache hit rate ${(100 * memory.cacheHitRate).toFixed(1)} %`,
      ...(host === null
        ? ["the host was not measured: RecNMP's rate is its memory side's, an upper bound"]
        : [
            `host: ${fmt(host.throughput)} inferences/s for the layers after the lookups, ${fmt(hostEnergyNj)} nJ each`,
          ]),
      ...memory.notes,
    ],
  };
}

function fmt(x: number): string {
  return x.toLocaleString("en-US", { maximumFractionDigits: x < 100 ? 2 : 0 });
}
