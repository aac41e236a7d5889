import type { Hardware } from "../../arch/config/hardware";
import type { DpEngine, FmEngine, MvmLayer } from "../../arch/chip/program";
import { mvmEnergyPj } from "../../arch/crossbar/mvm-energy";
import { mvmCycles, mvmStages } from "../../arch/crossbar/mvm-timing";
import { digitCount } from "../../arch/crossbar/offset-encoding";
import { programCycles, programEnergyPj } from "../../arch/crossbar/write-cost";
import { mbsaCycles, mbsaEnergyPj } from "../../arch/digital/mbsa";
import { mvmLayerCost } from "../../arch/layers/fc-layer";
import { mapFc } from "../../arch/layers/fc-mapping";
import { total } from "../../arch/crossbar/unit-area";

/**
 * The per-operation costs of the three engine kinds, from the crossbar
 * components (arch/crossbar, arch/digital): what one MVM, one DP row write or
 * stream, one FM write or read takes on the engine that runs it.
 */

/** One functional-unit step after an MVM: activation and requantisation. */
const FUNCTIONAL_UNIT_CYCLES = 1;

/** MVM layer costs by hardware and shape: a search prices the same few shapes again and again. */
const layerCosts = new WeakMap<Hardware, Map<string, ReturnType<typeof mvmLayerCost>>>();

function cachedLayerCost(hw: Hardware, inputs: number, outputs: number, weightBits: number) {
  let byShape = layerCosts.get(hw);
  if (byShape === undefined) layerCosts.set(hw, (byShape = new Map()));
  const key = `${inputs}x${outputs}x${weightBits}`;
  let cost = byShape.get(key);
  if (cost === undefined) {
    cost = mvmLayerCost(hw, {
      inputs,
      outputs,
      weightBits,
      activationBits: hw.config.precision.activationBits,
    });
    byShape.set(key, cost);
  }
  return cost;
}

export function mvmLayer(
  hw: Hardware,
  id: number,
  name: string,
  inputs: number,
  outputs: number,
  weightBits: number,
  vectorsPerInference: number,
): MvmLayer {
  const a = hw.config.precision.activationBits;
  const cost = cachedLayerCost(hw, inputs, outputs, weightBits);
  return {
    id,
    name,
    inputs,
    outputs,
    weightBits,
    vectorsPerInference,
    crossbars: cost.crossbars,
    engines: Math.ceil(cost.crossbars / hw.config.chip.crossbarsPerEngine),
    tile: -1,
    lastTile: -1,
    stages: cost.stages,
    mvmCycles: cost.mvmCycles + cost.adderTreeCycles + FUNCTIONAL_UNIT_CYCLES,
    mvmEnergyPj: total(cost.energyPj),
    inputBits: inputs * a,
    outputBits: outputs * a,
  };
}

/**
 * A DP engine for X of `vectors` rows of `rows` (= e) activations: X^T is
 * written one row (one embedding position) at a time into crossbars of `rows`
 * rows and `vectors` value columns; streaming row i of X through them gives
 * row i of X X^T.
 */
export function dpEngine(
  hw: Hardware,
  id: number,
  name: string,
  rows: number,
  vectors: number,
): DpEngine {
  const a = hw.config.precision.activationBits;
  const { size, cellBits } = hw.config.crossbar;
  const mapping = mapFc(rows, vectors, a, { size, cellBits });
  const stream = mvmLayerCost(hw, {
    inputs: rows,
    outputs: vectors,
    weightBits: a,
    activationBits: a,
  });
  return {
    id,
    name,
    rows,
    vectors,
    crossbars: mapping.crossbars,
    tile: -1,
    lastTile: -1,
    // a row of X^T spans the column tiles, written in parallel
    rowWriteCycles: programCycles(hw, 1),
    rowWriteEnergyPj: programEnergyPj(vectors * mapping.slices),
    streamCycles: stream.mvmCycles + stream.adderTreeCycles + FUNCTIONAL_UNIT_CYCLES,
    streamEnergyPj: total(stream.energyPj),
  };
}

/**
 * An FM engine for `rows` sparse rows of `dims` (= e) activations.
 * Transposed layout (autorac): value column d, written as ceil(a / cell bits)
 * physical columns, as soon as the EFC produces it. Standard layout (naive):
 * one row per sparse row, once the whole EFC output is in the buffer.
 */
export function fmEngine(
  hw: Hardware,
  id: number,
  name: string,
  rows: number,
  dims: number,
  layout: "transposed" | "standard",
): FmEngine {
  const a = hw.config.precision.activationBits;
  const { size, cellBits } = hw.config.crossbar;
  const slices = digitCount(a, cellBits);
  const rowTiles = Math.ceil(rows / size);
  const columnTiles = Math.ceil((dims * slices) / size);
  const rowsPerTile = Math.min(rows, size);
  const accumulatorBits = a + Math.ceil(Math.log2(rows + 1));
  const onesStages = mvmStages(hw, {
    rows: rowsPerTile,
    physicalColumns: Math.min(dims * slices, size),
    inputBits: 1,
  });
  const squaresWork = { rows: rowsPerTile, physicalColumns: slices, inputBits: a };
  const transposed = layout === "transposed";
  const sumBits = a + Math.ceil(Math.log2(rows + 1));
  const mbsa = { lanes: dims, aBits: sumBits, bBits: sumBits };
  const perTile = (parts: Record<string, number>) => total(parts) * rowTiles;
  return {
    id,
    name,
    rows,
    dims,
    crossbars: rowTiles * columnTiles,
    tile: -1,
    lastTile: -1,
    lineWriteCycles: programCycles(hw, transposed ? slices : 1),
    lineWriteEnergyPj: programEnergyPj(transposed ? rows * slices : dims * slices),
    linesPerInference: transposed ? dims : rows,
    // the standard layout reads each sparse row back from the buffer ("idle buffers")
    lineReadBits: transposed ? 0 : dims * a,
    onesReadCycles: mvmCycles(onesStages) + Math.ceil(Math.log2(rowTiles)) * hw.cycles.digitalStep,
    onesReadEnergyPj: perTile(
      mvmEnergyPj(
        hw,
        { rows: rowsPerTile, physicalColumns: dims * slices, inputBits: 1 },
        accumulatorBits,
      ),
    ),
    mbsaCycles: mbsaCycles(hw, sumBits),
    mbsaEnergyPj: mbsaEnergyPj(hw, mbsa),
    sumOfSquaresCycles:
      mvmCycles(mvmStages(hw, squaresWork)) +
      Math.ceil(Math.log2(rowTiles)) * hw.cycles.digitalStep,
    sumOfSquaresEnergyPj: perTile(
      mvmEnergyPj(hw, squaresWork, 2 * a + Math.ceil(Math.log2(rows + 1))),
    ),
  };
}
