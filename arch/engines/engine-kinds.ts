import type { HwConfig } from "../config/hw-config";
import type { Hardware } from "../config/hardware";
import type { Program } from "../chip/program";
import { crossbarUnitAreaUm2, crossbarUnitPowerMw } from "../crossbar/unit-area";
import type { EngineKindName, EngineUnit, UnitKind } from "./engine-unit";
import { mbsaCostLine } from "./mbsa";

/** One line of the chip's area and power breakdown. */
export interface CostLine {
  /** Dotted name: engine kind, then part (mvm.adc, fm.mbsa, tile.buffer, ...). */
  name: string;
  /** How many of the part the chip has. */
  count: number;
  areaUm2: number;
  /** Peak power with every unit active (MNSIM's convention), plus leakage where the table has one. */
  powerMw: number;
}

/** What the chip needs to know of a crossbar engine kind: where it sits, what it costs to build. */
export interface EngineKind {
  kind: EngineKindName;
  /** How the mapping's messages name it. */
  title: string;
  /** The chip config's engines-per-tile field of this kind. */
  perTile: keyof Pick<
    HwConfig["chip"],
    "mvmEnginesPerTile" | "dpEnginesPerTile" | "fmEnginesPerTile"
  >;
  /** The program's units of this kind. */
  units(program: Program): readonly EngineUnit[];
  /** Area and peak power of the built engines of this kind, by part. */
  costLines(hw: Hardware, built: { engines: number; crossbars: number }): CostLine[];
}

/** Every crossbar with its periphery, times the crossbars built, one line per part. */
function crossbarLines(
  kind: EngineKindName,
  hw: Hardware,
  crossbars: number,
  transposedWrite: boolean,
): CostLine[] {
  const area = crossbarUnitAreaUm2(hw, transposedWrite);
  const power = crossbarUnitPowerMw(hw);
  return Object.keys(area).map((part) => ({
    name: `${kind}.${part}`,
    count: crossbars,
    areaUm2: area[part]! * crossbars,
    powerMw: power[part]! * crossbars,
  }));
}

/** The crossbar engine kinds, in the order tiles list them. */
export const ENGINE_KINDS: readonly EngineKind[] = [
  {
    kind: "mvm",
    title: "MVM",
    perTile: "mvmEnginesPerTile",
    units: (p) => p.layers,
    costLines: (hw, b) => crossbarLines("mvm", hw, b.crossbars, false),
  },
  {
    kind: "dp",
    title: "DP",
    perTile: "dpEnginesPerTile",
    units: (p) => p.dpEngines,
    costLines: (hw, b) => crossbarLines("dp", hw, b.crossbars, false),
  },
  {
    // transposed-write crossbars (their columns are driven too) and one MBSA per engine
    kind: "fm",
    title: "FM",
    perTile: "fmEnginesPerTile",
    units: (p) => p.fmEngines,
    costLines: (hw, b) => [
      ...crossbarLines("fm", hw, b.crossbars, true),
      ...(b.engines > 0 ? [mbsaCostLine(hw, b.engines)] : []),
    ],
  },
];

/** What the event model needs of each unit kind that computes. */
export const COMPUTE_UNITS: Record<
  "mvm" | "dp" | "fm" | "mbsa",
  {
    /** Holds a request's programmed activations from its first job to the one that ends its session. */
    sessions: boolean;
    /** The energy part its computations are booked under. */
    energyPart: "mvm" | "dp" | "fm";
    /** The program's units of this kind (an MBSA per FM engine). */
    units(program: Program): readonly EngineUnit[];
  }
> = {
  mvm: { sessions: false, energyPart: "mvm", units: (p) => p.layers },
  dp: { sessions: true, energyPart: "dp", units: (p) => p.dpEngines },
  fm: { sessions: true, energyPart: "fm", units: (p) => p.fmEngines },
  mbsa: { sessions: false, energyPart: "fm", units: (p) => p.fmEngines },
};

export type ComputeUnitKind = keyof typeof COMPUTE_UNITS;
export const COMPUTE_UNIT_KINDS = Object.keys(COMPUTE_UNITS) as ComputeUnitKind[];

/** Whether a unit kind computes (as opposed to moving data: banks, ports, buffers). */
export function isComputeUnit(kind: UnitKind): kind is ComputeUnitKind {
  return kind in COMPUTE_UNITS;
}
