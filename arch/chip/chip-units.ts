import { Component } from "../../sim/kernel/component";
import type { Simulator } from "../../sim/kernel/simulator";
import type { Hardware } from "../config/hardware";
import { COMPUTE_UNIT_KINDS, COMPUTE_UNITS, type ComputeUnitKind } from "../engines/engine-kinds";
import type { UnitKind } from "../engines/engine-unit";
import { EngineServer, type Fidelity } from "./engine-server";
import type { Program } from "./program";

/**
 * A unit of the chip as the event model runs it: its kind, its place in
 * the component tree, what runs on it, and its server.
 */
export interface ChipUnit {
  kind: UnitKind;
  /** Where it sits in the hardware: "chip.tile3.dp0", "chip.memory2.bank7". */
  path: string;
  /**
   * What runs on it: the program's name ("block1.dp", "block0.efc",
   * "block1.fm.mbsa"), or for a tile's buffer, a bank or a memory port its
   * place ("tile0.buffer", "memory0.bank3", "memory0.port").
   */
  name: string;
  /** Its compute tile (a memory unit: its memory tile). */
  tile: number;
  /**
   * Its index among its kind: the program's (layer, DP or FM engine) for a
   * computing unit; the tile for a buffer or a memory port; the bank over
   * all memory tiles for a bank.
   */
  index: number;
  server: EngineServer;
}

/** The units of a chip built for a program, in the component tree they name. */
export interface ChipUnits {
  all: ChipUnit[];
  /** By kind, indexed as the program's operations index them. */
  compute: Record<ComputeUnitKind, ChipUnit[]>;
  /** A compute tile's buffer ports, by tile. */
  buffers: ChipUnit[];
  /** Every memory tile's banks, memory tile after memory tile. */
  banks: ChipUnit[];
  /** A memory tile's port to the compute tiles, by memory tile. */
  memoryPorts: ChipUnit[];
}

/**
 * Builds the chip as a tree of components whose names mirror the hardware:
 * chip -> tile<t> -> mvm<i> | dp<i> | fm<i> | mbsa<i> | buffer, and
 * chip -> memory<m> -> bank<b> | port. A unit sits on the tile of its first
 * engine; each kind is numbered within its tile. Statistics nest the same
 * way (sim.stats.chip.tile3.dp0.busy) and roll up along it.
 */
export function buildChipUnits(
  sim: Simulator,
  program: Program,
  hw: Hardware,
  fidelity: Fidelity,
): ChipUnits {
  const chip = new Component(sim, "chip");
  const tiles = Array.from(
    { length: program.computeTiles },
    (_, t) => new Component(chip, `tile${t}`),
  );
  const all: ChipUnit[] = [];
  const add = (
    parent: Component,
    local: string,
    kind: UnitKind,
    name: string,
    tile: number,
    index: number,
    capacity: number,
  ): ChipUnit => {
    const sessions = kind in COMPUTE_UNITS && COMPUTE_UNITS[kind as ComputeUnitKind].sessions;
    const server = new EngineServer(parent, local, kind, capacity, sessions, fidelity);
    server.trackTitle = `${server.path} ${name}`; // Perfetto shows the hardware and what runs on it
    const unit = { kind, path: server.path, name, tile, index, server };
    all.push(unit);
    return unit;
  };
  const perTile = new Map<string, number>();
  const compute = {} as Record<ComputeUnitKind, ChipUnit[]>;
  for (const kind of COMPUTE_UNIT_KINDS) {
    compute[kind] = COMPUTE_UNITS[kind].units(program).map((u) => {
      const key = `${kind}@${u.tile}`;
      const i = perTile.get(key) ?? 0;
      perTile.set(key, i + 1);
      const name = kind === "mbsa" ? `${u.name}.mbsa` : u.name;
      // an MVM layer's or DP engine's copies serve jobs side by side; one MBSA per FM engine
      const capacity = kind === "mbsa" ? 1 : u.copies;
      return add(tiles[u.tile]!, `${kind}${i}`, kind, name, u.tile, u.id, capacity);
    });
  }
  const buffers = tiles.map((tile, t) =>
    add(tile, "buffer", "buffer", `tile${t}.buffer`, t, t, hw.config.buffer.ports),
  );
  const banks: ChipUnit[] = [];
  const memoryPorts: ChipUnit[] = [];
  for (let m = 0; m < program.memoryTiles; m++) {
    const memory = new Component(chip, `memory${m}`);
    for (let b = 0; b < hw.config.chip.banksPerMemoryTile; b++) {
      banks.push(add(memory, `bank${b}`, "bank", `memory${m}.bank${b}`, m, banks.length, 1));
    }
    memoryPorts.push(add(memory, "port", "memoryPort", `memory${m}.port`, m, m, 1));
  }
  return { all, compute, buffers, banks, memoryPorts };
}
