import { compactProgram, type CompactProgram } from "../../arch/chip/compact-program";
import { SWITCH_NAMES, type OverlapSwitches } from "../../arch/chip/overlap-switches";
import type { Program } from "../../arch/chip/program";
import type { Hardware } from "../../arch/config/hardware";
import type { EngineUnit } from "../../arch/engines/engine-unit";
import { configuredChip } from "../../arch/cost/chip-cost";
import { placeTables } from "../../arch/memory/table-placement";
import { perDimension } from "../operators/dims";
import { walkModel, type OperatorPart } from "../operators/walk";
import type { ModelGraph } from "../spec/model-spec";
import { LoweringAlgebra } from "./lowering-algebra";
import { placeOnTiles } from "./tile-placement";
import { replicate, type ReplicateMode } from "./replication";

/** How a model is mapped: AutoRAC's techniques, each on or off. */
export interface MappingOptions {
  /** Each operator at its own weight bits (default true); false: every weight 8-bit. */
  mixedPrecision?: boolean;
  /**
   * FM on a transposed crossbar, each EFC output column written as it is
   * produced (default true); false: a standard crossbar written row by row
   * from the buffer once the whole output exists.
   */
  transposedFm?: boolean;
  switches: OverlapSwitches;
  /** Replicate the bottleneck into spare crossbars (replication.ts); default auto. */
  replicate?: ReplicateMode;
}

/**
 * The paper's "naively mapped" comparison: none of AutoRAC's techniques.
 * Every weight 8-bit, the FM on a standard crossbar, every overlap switch
 * off (requests one at a time, rows placed by id, DP programmed after the
 * whole EFC output, FM halves in sequence), no replication.
 */
export function naiveMapping(): Required<MappingOptions> {
  const off = Object.fromEntries(SWITCH_NAMES.map((n) => [n, false])) as OverlapSwitches;
  return { mixedPrecision: false, transposedFm: false, switches: off, replicate: "off" };
}

/**
 * Compiles a model onto the chip (paper section 3.2): every operator's
 * computation (models/operators) through the lowering algebra, which puts
 * layers on MVM engines and DP's and FM's interactions on their engines;
 * the request's dense features written into tile 0's buffer and one lookup
 * per sparse feature first. Dead blocks are not mapped: they do no work.
 * Then the layers and engines are placed on tiles, the tables on memory tiles.
 */
export function compileModel(graph: ModelGraph, hw: Hardware, options: MappingOptions): Program {
  return compileCompact(graph, hw, options).program;
}

/** compileModel, with the program's compact form (arch/chip/compact-program.ts) built on the way. */
export function compileCompact(
  graph: ModelGraph,
  hw: Hardware,
  options: MappingOptions,
): { program: Program; compact: CompactProgram } {
  const switches = options.switches;
  const e = graph.embeddingDim;
  const a = hw.config.precision.activationBits;
  const alg = new LoweringAlgebra(hw, e, {
    mixedPrecision: options.mixedPrecision ?? true,
    transposedFm: options.transposedFm ?? true,
    switches,
  });
  // Index 0: the request's dense features and one lookup per sparse feature.
  const dense = [
    alg.op({
      kind: "bufferMove",
      tile: 0,
      bits: graph.dataset.denseFeatures * a,
      label: "input",
      deps: [],
    }),
  ];
  const lookups = Array.from({ length: graph.dataset.sparseFeatures }, (_, feature) =>
    alg.op({ kind: "lookup", feature, deps: [] }),
  );
  const parts: OperatorPart[] = [];
  walkModel(
    graph,
    alg,
    { dense, sparse: perDimension(e, () => lookups) },
    {
      enter: (part) => parts.push(part),
    },
  );
  const placed = placeOnTiles(hw, { mvm: alg.layers, dp: alg.dpEngines, fm: alg.fmEngines });
  const computeTiles = placed.tiles;
  // Built as used, unless the config fixes the chip (computeTiles set): then every slot is built.
  const built =
    hw.config.chip.computeTiles === null
      ? { tiles: computeTiles, engines: placed.engines }
      : configuredChip(hw);
  const program: Program = {
    layers: alg.layers,
    dpEngines: alg.dpEngines,
    fmEngines: alg.fmEngines,
    tables: placeTables(graph.dataset.tableRows, hw),
    operations: alg.operations,
    computeTiles,
    built,
    memoryTiles: hw.config.chip.memoryTiles,
    switches,
    operators: [],
  };
  const compact = compactProgram(program, hw, e);
  if ((options.replicate ?? "auto") === "auto") replicate(program, hw, e, compact);
  program.operators = operatorsOf(program, parts, e, a);
  return { program, compact };
}

/** Per operator (block and part): its crossbars (copies included), compute tiles and buffer bytes. */
function operatorsOf(
  program: Program,
  parts: OperatorPart[],
  e: number,
  a: number,
): Program["operators"] {
  // A part owns the units named after it: its name, or its name and a dot, then more.
  const byPrefix = new Map<string, EngineUnit[]>();
  for (const u of [...program.layers, ...program.dpEngines, ...program.fmEngines]) {
    for (let end = u.name.indexOf("."); ; end = u.name.indexOf(".", end + 1)) {
      const prefix = end < 0 ? u.name : u.name.slice(0, end);
      const own = byPrefix.get(prefix);
      if (own === undefined) byPrefix.set(prefix, [u]);
      else own.push(u);
      if (end < 0) break;
    }
  }
  return parts.map((part) => {
    const own = byPrefix.get(part.name) ?? [];
    const tiles = new Set<number>();
    for (const u of own) for (let t = u.tile; t <= u.lastTile; t++) tiles.add(t);
    return {
      name: part.name,
      crossbars: own.reduce((s, u) => s + u.crossbars * u.copies, 0),
      copies: Math.max(1, ...own.map((u) => u.copies)),
      tiles: tiles.size,
      bufferBytes: Math.ceil((part.kind.bufferValues(part.spec, part.input, e) * a) / 8),
    };
  });
}
