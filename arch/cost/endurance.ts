import type { Program } from "../chip/program";
import type { Hardware } from "../config/hardware";
import type { EngineUnit } from "../engines/engine-unit";
import { tech } from "../tech/tables";

/** How fast one array written at run time wears out. */
export interface ArrayWear {
  /** The engine's program name, "block1.dp", "block3.fm". */
  name: string;
  kind: "dp" | "fm";
  /** Crossbars written every inference (every copy). */
  crossbars: number;
  /** Idle crossbars of its engines the writes rotate over with wear levelling (0 without). */
  rotation: number;
  /** Writes each written cell takes per second at the run's throughput. */
  writesPerCellPerSec: number;
  lifetimeHours: number;
}

export interface Endurance {
  /** Writes a cell takes before it wears out, and where the figure comes from. */
  enduranceCycles: number;
  source: string;
  wearLevel: boolean;
  /** The first array to wear out; null when no array is written at run time. */
  lifetimeHours: number | null;
  arrays: ArrayWear[];
}

/**
 * The crossbars written at run time wear out: a DP engine writes X^T (every
 * cell of it, in each copy) and an FM engine its sparse rows, once per
 * inference; stationary weights (MVM layers) and the embedding tables are
 * written once. At `inferencesPerSec`, a written cell takes that many writes
 * a second, and lasts endurance / that. With wear levelling, an engine's
 * writes rotate over its idle crossbars too (the spares of the engines it
 * was placed on), each taking its share: the rate falls by
 * written / (written + idle). The technology table's endurance
 * (arch/tech/reram.json, cited) applies unless the config gives one.
 */
export function endurance(program: Program, hw: Hardware, inferencesPerSec: number): Endurance {
  const cycles = hw.config.crossbar.enduranceCycles ?? tech.reram.enduranceCycles;
  const wearLevel = hw.config.crossbar.wearLevel;
  const perEngine = hw.config.chip.crossbarsPerEngine;
  const wear = (u: EngineUnit, kind: "dp" | "fm"): ArrayWear => {
    const written = u.crossbars * u.copies;
    const room = Math.max(1, Math.ceil(written / perEngine)) * perEngine;
    const rotation = wearLevel ? room - written : 0;
    const rate = (inferencesPerSec * written) / (written + rotation);
    return {
      name: u.name,
      kind,
      crossbars: written,
      rotation,
      writesPerCellPerSec: rate,
      lifetimeHours: cycles / rate / 3600,
    };
  };
  const arrays = [
    ...program.dpEngines.map((u) => wear(u, "dp")),
    ...program.fmEngines.map((u) => wear(u, "fm")),
  ];
  return {
    enduranceCycles: cycles,
    source:
      hw.config.crossbar.enduranceCycles === null
        ? tech.reram.enduranceSource
        : "crossbar.enduranceCycles of the hardware config",
    wearLevel,
    lifetimeHours: arrays.length === 0 ? null : Math.min(...arrays.map((a) => a.lifetimeHours)),
    arrays,
  };
}
