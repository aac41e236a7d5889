import { ALL_OVERLAPS } from "../../arch/chip/overlap-switches";
import { buildHardware, type Hardware } from "../../arch/config/hardware";
import { resolveHwConfig, type HwConfig } from "../../arch/config/hw-config";
import { programArea } from "../../arch/cost/program-area";
import { compileCompact } from "../mapping/compile";
import { requestsInFlight, staticSchedule } from "../mapping/static-schedule";
import { analyseModel } from "../spec/model-graph";
import type { ModelSpec } from "../spec/model-spec";

/** What the search asks of a (model, hardware) pair. */
export interface OracleMetrics {
  /** Mean request latency in the closed loop replay runs (requests in flight by Little's law). */
  latencyNs: number;
  /** Inferences per second. */
  throughput: number;
  areaMm2: number;
  powerW: number;
  energyPerInferencePj: number;
  /** One request alone in an empty chip: the critical path. */
  unloadedLatencyNs: number;
  /** Requests in flight the replay would use. */
  inFlight: number;
}

/**
 * The analytical oracle: a closed form of the compiled program, from the
 * same per-operation costs the event model runs (arch/chip/op-costs.ts).
 *
 * - Critical path L and bottleneck B (the busiest unit's busy time) from
 *   the static schedule (models/mapping/static-schedule.ts).
 * - Requests in flight N = ceil(0.98 L / B): the window `simulate` runs.
 * - Throughput X = min(N / L, 1 / B); latency = N / X (Little's law).
 * - Energy: the same per-operation energies, buffer words and lookups the
 *   event model books, plus leakage; area: exactly `simulate`'s.
 */
export class Oracle {
  private readonly cache = new Map<string, OracleMetrics>();
  private readonly hardware = new Map<string, Hardware>();
  hits = 0;
  misses = 0;

  constructor(private readonly capacity = 100_000) {}

  evaluate(spec: ModelSpec, hwConfig: HwConfig | Partial<HwConfig>): OracleMetrics {
    const hwKey = JSON.stringify(hwConfig);
    const key = `${canonicalModel(spec)}|${hwKey}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.hits++;
      return cached;
    }
    this.misses++;
    let hw = this.hardware.get(hwKey);
    if (hw === undefined) {
      hw = buildHardware(resolveHwConfig(hwConfig, "oracle hardware config"));
      this.hardware.set(hwKey, hw);
    }
    const metrics = analyse(spec, hw);
    if (this.cache.size >= this.capacity) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, metrics);
    return metrics;
  }
}

/** The model's content without its name and notes: equal structures, equal keys. */
function canonicalModel(spec: ModelSpec): string {
  return JSON.stringify([spec.dataset, spec.embeddingDim, spec.blocks, spec.final]);
}

function analyse(spec: ModelSpec, hw: Hardware): OracleMetrics {
  const graph = analyseModel(spec);
  const { program, compact } = compileCompact(graph, hw, { switches: ALL_OVERLAPS });
  const s = staticSchedule(program, hw, graph.embeddingDim, compact);
  const inFlight = requestsInFlight(s.criticalPathCycles, s.bottleneckCycles);
  // a session engine is held by one request for its whole hold, whatever copies stand idle
  const cyclesPerRequest = Math.max(
    s.criticalPathCycles / inFlight,
    s.bottleneckCycles,
    s.sessionHoldCycles,
  );
  const ns = hw.nsPerCycle;
  const throughput = 1e9 / (cyclesPerRequest * ns);
  const dynamicPj =
    s.computeEnergyPj +
    s.bufferWordsRead * hw.buffer.readEnergyPj +
    s.bufferWordsWritten * hw.buffer.writeEnergyPj;
  const leakageMw = hw.buffer.leakageMw * program.computeTiles;
  const energyPerInferencePj = dynamicPj + leakageMw * cyclesPerRequest * ns; // mW x ns = pJ
  return {
    latencyNs: inFlight * cyclesPerRequest * ns,
    throughput,
    areaMm2: programArea(program, hw, graph.embeddingDim).totalUm2 / 1e6,
    powerW: (energyPerInferencePj * throughput) / 1e12,
    energyPerInferencePj,
    unloadedLatencyNs: s.criticalPathCycles * ns,
    inFlight,
  };
}
