import { operationCosts } from "../../arch/chip/op-costs";
import { buildHardware, type Hardware } from "../../arch/config/hardware";
import { resolveHwConfig, type HwConfig } from "../../arch/config/hw-config";
import { programArea } from "../../arch/cost/program-area";
import { memoryCosts } from "../../arch/memory/embedding-memory";
import { compileModel } from "../mapping/compile";
import { requestsInFlight } from "../simulate";
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

const SWITCHES_ON = {
  dpProgramOverlap: true,
  fmConcurrentHalves: true,
  requestPipelining: true,
  frequencyPlacement: true,
};

/**
 * The analytical oracle: a closed form of the compiled program, from the
 * same per-operation costs the event model runs (arch/chip/op-costs.ts).
 *
 * - Critical path L: one request's operations scheduled in program order,
 *   each after its dependencies and after the previous operation on its unit,
 *   plus its buffer transfers (without port contention) and, for lookups,
 *   the bank read and the memory tile's port in feature order.
 * - Busiest unit B: the largest busy time one request puts on a unit (an MVM
 *   layer, a DP engine, an FM array or MBSA, a buffer's ports, a memory port).
 * - Requests in flight N = ceil(L / B), as `simulate` chooses them.
 * - A DP engine or FM array is held from a request's first operation on it to
 *   its last (its crossbars hold that request's data), so it serves at most
 *   one request per such span S.
 * - Throughput X = min(N / L, 1 / max(B, S)); latency = N / X (Little's law).
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
  const program = compileModel(graph, hw, { naive: false, switches: SWITCHES_ON });
  const costs = operationCosts(program, hw, false);
  const memory = memoryCosts(hw, graph.embeddingDim, program.tables);
  const bus = hw.config.buffer.busBits;
  const access = hw.cycles.bufferAccess;

  // Units numbered: MVM layers, then DP engines, FM arrays, MBSAs, buffer ports, memory ports.
  const base = {
    mvm: 0,
    dp: program.layers.length,
    fm: program.layers.length + program.dpEngines.length,
    mbsa: program.layers.length + program.dpEngines.length + program.fmEngines.length,
  };
  const portBase = base.mbsa + program.fmEngines.length;
  const memoryBase = portBase + program.computeTiles;
  const finish = new Float64Array(costs.length);
  const unitFree = new Float64Array(memoryBase + program.memoryTiles);
  const busy = new Float64Array(memoryBase + program.memoryTiles);
  let dynamicPj = 0;
  let bufferWordsRead = 0;
  let bufferWordsWritten = 0;

  const ops = program.operations;
  for (let i = 0; i < ops.length; i++) {
    const o = ops[i]!;
    let ready = 0;
    for (const d of o.deps) ready = Math.max(ready, finish[d]!);
    if (o.kind === "lookup") {
      const port = memoryBase + program.tables[o.feature]!.memoryTile;
      const start = Math.max(ready + memory.bankReadCycles, unitFree[port]!);
      unitFree[port] = start + memory.transferCycles;
      busy[port]! += memory.transferCycles;
      dynamicPj += memory.lookupEnergyPj;
      finish[i] = unitFree[port]!;
      continue;
    }
    const c = costs[i]!;
    const readWords = Math.ceil(c.readBits / bus);
    const writeWords = Math.ceil(c.writeBits / bus);
    bufferWordsRead += readWords;
    bufferWordsWritten += writeWords;
    if (c.tile >= 0) busy[portBase + c.tile]! += (readWords + writeWords) * access;
    let end = ready + readWords * access;
    if (c.unit !== null) {
      const unit = base[c.unit.kind] + c.unit.index;
      const start = Math.max(end, unitFree[unit]!);
      end = start + c.computeCycles;
      unitFree[unit] = end;
      busy[unit]! += c.computeCycles;
      dynamicPj += c.energyPj;
    }
    finish[i] = end + writeWords * access;
  }

  const criticalPath = finish[finish.length - 1]!;
  let busiest = 1;
  for (const b of busy) busiest = Math.max(busiest, b);
  const inFlight = requestsInFlight(criticalPath, busiest);
  const cyclesPerRequest = Math.max(criticalPath / inFlight, busiest);
  const ns = hw.nsPerCycle;
  const throughput = 1e9 / (cyclesPerRequest * ns);
  dynamicPj +=
    bufferWordsRead * hw.buffer.readEnergyPj + bufferWordsWritten * hw.buffer.writeEnergyPj;
  const leakageMw = hw.buffer.leakageMw * program.computeTiles;
  const energyPerInferencePj = dynamicPj + leakageMw * cyclesPerRequest * ns; // mW x ns = pJ
  return {
    latencyNs: inFlight * cyclesPerRequest * ns,
    throughput,
    areaMm2: programArea(program, hw, graph.embeddingDim).totalUm2 / 1e6,
    powerW: (energyPerInferencePj * throughput) / 1e12,
    energyPerInferencePj,
    unloadedLatencyNs: criticalPath * ns,
    inFlight,
  };
}
