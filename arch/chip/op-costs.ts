import type { Cycles } from "../../sim/kernel/time";
import type { Hardware } from "../config/hardware";
import type { MvmStages } from "../crossbar/mvm-timing";
import type { Operation, Program } from "./program";

/** The unit that computes an operation: an MVM layer, a DP engine, an FM array or its MBSA. */
export type UnitKind = "mvm" | "dp" | "fm" | "mbsa";

/**
 * What one operation of an inference costs, declared once: the event model
 * (chip-run.ts) runs it and the analytical oracle (models/search/oracle.ts)
 * adds it up, so the two cannot drift. An operation reads `readBits` from its
 * tile's buffer, holds its unit for `computeCycles`, then writes `writeBits`.
 * Lookups are priced by the memory tiles (memoryCosts) instead.
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
  /** Last operation of a request on a DP engine or FM array: the engine is free for another request after it. */
  endsSession: boolean;
  /** Timeline label; "" unless asked for. */
  label: string;
}

export function operationCosts(program: Program, hw: Hardware, labels = true): OpCost[] {
  const a = hw.config.precision.activationBits;
  const sessionOf = (o: Operation): string | null =>
    o.kind === "dpWrite" || o.kind === "dpStream"
      ? `dp${o.engine}`
      : o.kind === "fmWrite" || o.kind === "fmOnes" || o.kind === "fmSumSquares"
        ? `fm${o.engine}`
        : null;
  const lastOfSession = new Map<string, number>();
  program.operations.forEach((o, i) => {
    const session = sessionOf(o);
    if (session !== null) lastOfSession.set(session, i);
  });

  return program.operations.map((o, i): OpCost => {
    const session = sessionOf(o);
    const endsSession = session !== null && lastOfSession.get(session) === i;
    switch (o.kind) {
      case "bufferMove":
        return {
          unit: null,
          tile: o.tile,
          readBits: 0,
          computeCycles: 0,
          writeBits: o.bits,
          energyPj: 0,
          endsSession,
          label: labels ? o.label : "",
        };
      case "lookup":
        return {
          unit: null,
          tile: -1,
          readBits: 0,
          computeCycles: 0,
          writeBits: 0,
          energyPj: 0,
          endsSession,
          label: labels ? `lookup f${o.feature}` : "",
        };
      case "mvm": {
        const l = program.layers[o.layer]!;
        return {
          unit: { kind: "mvm", index: l.id },
          tile: l.tile,
          readBits: l.inputBits,
          computeCycles: l.mvmCycles,
          writeBits: l.outputBits,
          energyPj: l.mvmEnergyPj,
          stages: l.stages,
          endsSession,
          label: !labels ? "" : l.vectorsPerInference > 1 ? `${l.name}[${o.vector}]` : l.name,
        };
      }
      case "dpWrite": {
        const d = program.dpEngines[o.engine]!;
        return {
          unit: { kind: "dp", index: o.engine },
          tile: d.tile,
          readBits: d.vectors * a,
          computeCycles: d.rowWriteCycles,
          writeBits: 0,
          energyPj: d.rowWriteEnergyPj,
          endsSession,
          label: labels ? `write row ${o.row}` : "",
        };
      }
      case "dpStream": {
        const d = program.dpEngines[o.engine]!;
        // row i of X X^T below the diagonal: i values
        return {
          unit: { kind: "dp", index: o.engine },
          tile: d.tile,
          readBits: d.rows * a,
          computeCycles: d.streamCycles,
          writeBits: o.vector * a,
          energyPj: d.streamEnergyPj,
          endsSession,
          label: labels ? `stream ${o.vector}` : "",
        };
      }
      case "fmWrite": {
        const f = program.fmEngines[o.engine]!;
        return {
          unit: { kind: "fm", index: o.engine },
          tile: f.tile,
          readBits: f.lineReadBits,
          computeCycles: f.lineWriteCycles,
          writeBits: 0,
          energyPj: f.lineWriteEnergyPj,
          endsSession,
          label: labels ? `write ${o.line}` : "",
        };
      }
      case "fmOnes": {
        const f = program.fmEngines[o.engine]!;
        return {
          unit: { kind: "fm", index: o.engine },
          tile: f.tile,
          readBits: 0,
          computeCycles: f.onesReadCycles,
          writeBits: 0,
          energyPj: f.onesReadEnergyPj,
          endsSession,
          label: "ones read",
        };
      }
      case "fmSquare": {
        const f = program.fmEngines[o.engine]!;
        return {
          unit: { kind: "mbsa", index: o.engine },
          tile: f.tile,
          readBits: 0,
          computeCycles: f.mbsaCycles,
          writeBits: 0,
          energyPj: f.mbsaEnergyPj,
          endsSession,
          label: "square of sum",
        };
      }
      case "fmSumSquares": {
        const f = program.fmEngines[o.engine]!;
        return {
          unit: { kind: "fm", index: o.engine },
          tile: f.tile,
          readBits: 0,
          computeCycles: f.sumOfSquaresCycles,
          writeBits: 0,
          energyPj: f.sumOfSquaresEnergyPj,
          endsSession,
          label: labels ? `sum of squares ${o.dim}` : "",
        };
      }
    }
  });
}

/** Energy part an operation's computation is booked under. */
export function energyPart(kind: UnitKind | null): "mvm" | "dp" | "fm" {
  return kind === "dp" ? "dp" : kind === "fm" || kind === "mbsa" ? "fm" : "mvm";
}
