import type { Hardware } from "../../arch/config/hardware";
import type { DpEngine, FmEngine, MvmLayer, Operation, Program } from "../../arch/chip/program";
import type { OverlapSwitches } from "../../arch/chip/overlap-switches";
import { DSI_ROWS, type ModelGraph } from "../spec/model-spec";
import { dpEngine, fmEngine, mvmLayer } from "./engine-costs";
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

/** Which operations produce a tensor: a dense tensor as a whole, a sparse one per embedding position. */
interface TensorSources {
  dense: number[];
  /** perDim[d]: the operations that produce position d of every row. */
  sparse: number[][];
}

/**
 * Compiles a model onto the chip (paper section 3.2): FC, EFC and DSI on MVM
 * engines; DP as FC (dense -> e) + EFC (rows -> k = round(sqrt(2 d))) + the DP
 * engine (X^T written as produced, then k rows of X streamed for the strict
 * lower triangle of X X^T) + FC (k (k + 1) / 2 -> d); FM as the FM engine on
 * the EFC output (transposed write, ones read, MBSA square, sums of squares)
 * + FC (e -> d). Dead blocks are not mapped: they do no work.
 */
export function compileModel(graph: ModelGraph, hw: Hardware, options: MappingOptions): Program {
  const naive = options.naive;
  const switches: OverlapSwitches = naive
    ? {
        ...options.switches,
        dpProgramOverlap: false,
        fmConcurrentHalves: false,
        frequencyPlacement: false,
      }
    : options.switches;
  const e = graph.embeddingDim;
  const a = hw.config.precision.activationBits;
  const bits = (b: number) => (naive ? 8 : b);
  const layers: MvmLayer[] = [];
  const dpEngines: DpEngine[] = [];
  const fmEngines: FmEngine[] = [];
  const operations: Operation[] = [];
  const operators: Program["operators"] = [];

  const op = (o: Operation): number => operations.push(o) - 1;
  const layer = (
    name: string,
    inputs: number,
    outputs: number,
    weightBits: number,
    vectors: number,
  ) =>
    layers[
      layers.push(mvmLayer(hw, layers.length, name, inputs, outputs, bits(weightBits), vectors)) - 1
    ]!;
  const report = (name: string, crossbars: number, bufferBytes: number) =>
    operators.push({ name, crossbars, tiles: 0, bufferBytes: Math.ceil(bufferBytes) });
  const perDim = <T>(f: (d: number) => T): T[] => Array.from({ length: e }, (_, d) => f(d));

  // Index 0: the request's dense features and one lookup per sparse feature.
  const denseInput = op({
    kind: "bufferMove",
    tile: 0,
    bits: graph.dataset.denseFeatures * a,
    label: "input",
    deps: [],
  });
  const lookups = Array.from({ length: graph.dataset.sparseFeatures }, (_, feature) =>
    op({ kind: "lookup", feature, deps: [] }),
  );
  const tensors: TensorSources[] = [{ dense: [denseInput], sparse: perDim(() => lookups) }];

  for (const block of graph.blocks) {
    const spec = graph.spec.blocks[block.index]!;
    if (!block.live) {
      tensors.push({ dense: [], sparse: perDim(() => []) });
      continue;
    }
    const name = `block${block.index}`;
    const denseIn = union(...block.denseInputs.map((i) => tensors[i]!.dense));
    const sparseIn = perDim((d) => union(...block.sparseInputs.map((i) => tensors[i]!.sparse[d]!)));
    const N = block.sparseInRows;

    // Sparse operator: EFC along the rows, one MVM per embedding position.
    const efc = layer(`${name}.efc`, N, block.efcOutRows, spec.sparse.weightBits, e);
    report(`${name}.efc`, efc.crossbars, ((N + block.efcOutRows) * e * a) / 8);
    const efcOps = perDim((d) => [
      op({ kind: "mvm", layer: efc.id, vector: d, deps: sparseIn[d]! }),
    ]);

    // Dense operator.
    let denseOut: number[];
    if (spec.dense.op === "fc") {
      const fc = layer(`${name}.fc`, block.denseInWidth, block.denseOut, spec.dense.weightBits, 1);
      report(`${name}.fc`, fc.crossbars, ((block.denseInWidth + block.denseOut) * a) / 8);
      denseOut = [op({ kind: "mvm", layer: fc.id, vector: 0, deps: denseIn })];
    } else {
      denseOut = dotProduct(
        name,
        block.denseInWidth,
        N,
        block.denseOut,
        spec.dense.weightBits,
        denseIn,
        sparseIn,
      );
    }

    // DSI: the dense output (before FM) -> 8 more sparse rows.
    let dsiOps: number[] = [];
    if (spec.dsi) {
      const dsi = layer(`${name}.dsi`, block.denseOut, DSI_ROWS * e, spec.dsi.weightBits, 1);
      report(`${name}.dsi`, dsi.crossbars, ((block.denseOut + DSI_ROWS * e) * a) / 8);
      dsiOps = [op({ kind: "mvm", layer: dsi.id, vector: 0, deps: denseOut })];
    }

    // FM: the EFC output -> e values -> Linear(e -> d), added to the dense output.
    if (spec.fm) {
      denseOut = union(
        denseOut,
        factorisationMachine(name, block.efcOutRows, block.denseOut, spec.fm.weightBits, efcOps),
      );
    }
    tensors.push({ dense: denseOut, sparse: perDim((d) => union(efcOps[d]!, dsiOps)) });
  }

  const last = tensors[tensors.length - 1]!;
  const final = layer("final", graph.finalInWidth, 1, graph.spec.final.weightBits, 1);
  report("final", final.crossbars, ((graph.finalInWidth + 1) * a) / 8);
  op({ kind: "mvm", layer: final.id, vector: 0, deps: union(last.dense, ...last.sparse) });

  const tiles = placeOnTiles(hw, layers, dpEngines, fmEngines);
  for (const operator of operators) {
    const spanned = new Set<number>();
    for (const unit of [...layers, ...dpEngines, ...fmEngines]) {
      if (unit.name !== operator.name && !unit.name.startsWith(`${operator.name}.`)) continue;
      for (let t = unit.tile; t <= unit.lastTile; t++) spanned.add(t);
    }
    operator.tiles = spanned.size;
  }
  const tables = placeTables(graph.dataset, hw);
  return {
    layers,
    dpEngines,
    fmEngines,
    tables,
    operations,
    computeTiles: tiles,
    memoryTiles: hw.config.chip.memoryTiles,
    switches,
    operators,
  };

  /** DP (section 3.2): returns the operations producing the block's dense output. */
  function dotProduct(
    name: string,
    width: number,
    rows: number,
    d: number,
    weightBits: 4 | 8,
    denseIn: number[],
    sparseIn: number[][],
  ): number[] {
    const k = Math.round(Math.sqrt(2 * d));
    let x = denseIn;
    let crossbars = 0;
    if (width !== e) {
      const proj = layer(`${name}.dp.dense`, width, e, weightBits, 1);
      crossbars += proj.crossbars;
      x = [op({ kind: "mvm", layer: proj.id, vector: 0, deps: denseIn })];
    }
    let y = sparseIn;
    if (rows !== k) {
      const proj = layer(`${name}.dp.rows`, rows, k, weightBits, e);
      crossbars += proj.crossbars;
      y = perDim((pos) => [op({ kind: "mvm", layer: proj.id, vector: pos, deps: sparseIn[pos]! })]);
    }
    const engine = dpEngine(hw, dpEngines.length, `${name}.dp`, e, k + 1);
    dpEngines.push(engine);
    const allY = union(...y);
    // Row `pos` of X^T is [x_pos, y_1[pos], ..., y_k[pos]]: written when it exists, or after all of Y.
    const writes = perDim((pos) =>
      op({
        kind: "dpWrite",
        engine: engine.id,
        row: pos,
        deps: union(x, switches.dpProgramOverlap ? y[pos]! : allY),
      }),
    );
    // Streaming row i of X (i = 1..k) gives X_i . X_j for j < i: the strict lower triangle.
    const streams = Array.from({ length: k }, (_, i) =>
      op({ kind: "dpStream", engine: engine.id, vector: i + 1, deps: writes }),
    );
    const out = layer(`${name}.dp.out`, (k * (k + 1)) / 2, d, weightBits, 1);
    crossbars += engine.crossbars + out.crossbars;
    report(
      `${name}.dp`,
      crossbars,
      ((width + rows * e + (k + 1) * e + (k * (k + 1)) / 2 + d) * a) / 8,
    );
    return [op({ kind: "mvm", layer: out.id, vector: 0, deps: streams })];
  }

  /** FM (section 3.2): returns the operations producing the FM term of the dense output. */
  function factorisationMachine(
    name: string,
    rows: number,
    d: number,
    weightBits: 4 | 8,
    efcOps: number[][],
  ): number[] {
    const engine = fmEngine(
      hw,
      fmEngines.length,
      `${name}.fm`,
      rows,
      e,
      naive ? "standard" : "transposed",
    );
    fmEngines.push(engine);
    const allEfc = union(...efcOps);
    const writes = Array.from({ length: engine.linesPerInference }, (_, line) =>
      op({ kind: "fmWrite", engine: engine.id, line, deps: naive ? allEfc : efcOps[line]! }),
    );
    const ones = op({ kind: "fmOnes", engine: engine.id, deps: writes });
    const square = op({ kind: "fmSquare", engine: engine.id, deps: [ones] });
    const squares = perDim((dim) =>
      op({
        kind: "fmSumSquares",
        engine: engine.id,
        dim,
        deps: switches.fmConcurrentHalves ? [ones] : [ones, square],
      }),
    );
    let crossbars = engine.crossbars;
    let result = union([square], squares);
    if (d !== e) {
      const proj = layer(`${name}.fm.proj`, e, d, weightBits, 1);
      crossbars += proj.crossbars;
      result = [op({ kind: "mvm", layer: proj.id, vector: 0, deps: result })];
    }
    report(`${name}.fm`, crossbars, ((rows * e + e + d) * a) / 8);
    return result;
  }
}

/** The operations of several dependency lists, once each, ascending (a native numeric sort). */
function union(...lists: number[][]): number[] {
  if (lists.length === 1) return lists[0]!; // every list is already ascending and without repeats
  let total = 0;
  for (const list of lists) total += list.length;
  const all = new Int32Array(total);
  let k = 0;
  for (const list of lists) for (const v of list) all[k++] = v;
  all.sort();
  const out: number[] = [];
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) out.push(all[i]!);
  return out;
}
