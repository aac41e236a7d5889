import type { OverlapSwitches } from "../../arch/chip/overlap-switches";
import type { Program } from "../../arch/chip/program";
import type { Hardware } from "../../arch/config/hardware";
import { perDimension } from "../operators/dims";
import { walkModel, type OperatorPart } from "../operators/walk";
import type { ModelGraph } from "../spec/model-spec";
import { LoweringAlgebra } from "./lowering-algebra";
import { placeOnTiles } from "./tile-placement";
import { placeTables } from "./table-placement";

export interface MappingOptions {
  /**
   * The paper's "naively mapped" comparison: every weight 8-bit, the FM on a
   * standard crossbar written row by row from the buffer, and the switches
   * dpProgramOverlap, fmConcurrentHalves and frequencyPlacement off.
   */
  naive: boolean;
  switches: OverlapSwitches;
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
  const switches: OverlapSwitches = options.naive
    ? {
        ...options.switches,
        dpProgramOverlap: false,
        fmConcurrentHalves: false,
        frequencyPlacement: false,
      }
    : options.switches;
  const e = graph.embeddingDim;
  const a = hw.config.precision.activationBits;
  const alg = new LoweringAlgebra(hw, e, options.naive, switches);
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
  const computeTiles = placeOnTiles(hw, {
    mvm: alg.layers,
    dp: alg.dpEngines,
    fm: alg.fmEngines,
  });
  const units = [...alg.layers, ...alg.dpEngines, ...alg.fmEngines];
  const operators = parts.map((part) => {
    const own = units.filter((u) => u.name === part.name || u.name.startsWith(`${part.name}.`));
    const tiles = new Set<number>();
    for (const u of own) for (let t = u.tile; t <= u.lastTile; t++) tiles.add(t);
    return {
      name: part.name,
      crossbars: own.reduce((s, u) => s + u.crossbars, 0),
      tiles: tiles.size,
      bufferBytes: Math.ceil((part.kind.bufferValues(part.spec, part.input, e) * a) / 8),
    };
  });
  return {
    layers: alg.layers,
    dpEngines: alg.dpEngines,
    fmEngines: alg.fmEngines,
    tables: placeTables(graph.dataset, hw),
    operations: alg.operations,
    computeTiles,
    memoryTiles: hw.config.chip.memoryTiles,
    switches,
    operators,
  };
}
