import type { Cycles } from "../../sim/kernel/time";
import type { MvmStages } from "../crossbar/mvm-timing";

/**
 * What every unit of the chip shares. The unit kinds: the three crossbar
 * engine kinds a compute tile hosts (MVM, DP, FM), the FM engine's MBSA, a
 * memory tile's banks and its port, and a compute tile's buffer ports.
 */
export type UnitKind = "mvm" | "dp" | "fm" | "mbsa" | "bank" | "memoryPort" | "buffer";

/** The crossbar engine kinds, placed on compute tiles. */
export type EngineKindName = "mvm" | "dp" | "fm";

/** An instance of a crossbar engine kind: a layer of stationary weights, a DP or an FM engine. */
export interface EngineUnit {
  id: number;
  /** Where it comes from in the model, e.g. "block3.efc", "block1.dp", "final". */
  name: string;
  /** Crossbars of one copy. */
  crossbars: number;
  /**
   * Copies of its crossbars (replication: paper-style pipeline balancing as
   * ISAAC and PUMA do), each able to serve a job: an MVM layer's copies hold
   * the same weights, a DP engine's copies the same X^T. Total crossbars:
   * crossbars x copies.
   */
  copies: number;
  /** Compute tile whose buffer holds its inputs and outputs (its first engine's tile); -1 before placement. */
  tile: number;
  /** Last compute tile its engines reach. */
  lastTile: number;
}

/**
 * What one operation of an inference costs, declared by the engine kind
 * that runs it: the event model (arch/chip) runs it and the analytical
 * oracle (models/search/oracle.ts) adds it up, so the two cannot drift. An
 * operation reads `readBits` from its tile's buffer, holds its unit for
 * `computeCycles`, then writes `writeBits`. Lookups are priced by the
 * memory tiles instead.
 */
export interface OpCost {
  /** Computing unit, or null for a buffer move or a lookup. */
  unit: { kind: UnitKind; index: number } | null;
  /** Compute tile whose buffer ports carry the transfers (-1: none). */
  tile: number;
  readBits: number;
  computeCycles: Cycles;
  writeBits: number;
  /** Dynamic energy of the computation (buffer transfers are priced per word). */
  energyPj: number;
  /** Bit fidelity steps an MVM through these. */
  stages?: MvmStages;
  /** It holds every copy of its unit at once (a DP row write goes into every copy of X^T); else one. */
  gang?: boolean;
  /** Last operation of a request on a DP engine or FM array: the engine is free for another request after it. */
  endsSession: boolean;
  /** Timeline label; "" unless asked for. */
  label: string;
}

/** One functional-unit step after an MVM or a DP stream: activation and requantisation. */
export const FUNCTIONAL_UNIT_CYCLES = 1;
