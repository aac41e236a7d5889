import type { Hardware } from "../config/hardware";
import { mvmEnergyPj } from "../crossbar/mvm-energy";
import { mvmCycles, mvmStages, type MvmStages } from "../crossbar/mvm-timing";
import { offsetOf, toOffset } from "../crossbar/offset-encoding";
import { crossbarUnitAreaUm2, total } from "../crossbar/unit-area";
import { adderTreeAreaUm2, adderTreeCycles, adderTreeEnergyPj } from "../digital/adder-tree";
import type { FcCost, FcShape } from "./fc-cost";
import { mapFc } from "./fc-mapping";
import { programLayer } from "./programmed-layer";

export interface FcValues {
  /** sum_i W[i][j] x[i] for each output j, through the crossbars. */
  outputs: number[];
  conversions: number;
  clipped: number;
}

/**
 * One FC layer through the crossbars of the autorac organisation: the
 * weights (inputs x outputs, signed weightBits) are tiled over crossbars,
 * every crossbar computes its rows' partial sums of w' x', an adder tree
 * merges the row tiles, and the offsets are removed (offset-encoding.ts).
 */
export function fcValues(
  hw: Hardware,
  weights: readonly (readonly number[])[],
  input: readonly number[],
  weightBits: number,
): FcValues {
  const inputs = weights.length;
  const outputs = inputs === 0 ? 0 : weights[0]!.length;
  if (input.length !== inputs)
    throw new RangeError(`input has ${input.length} values; the layer has ${inputs} inputs`);
  const { size, cellBits } = hw.config.crossbar;
  const a = hw.config.precision.activationBits;
  const layer = programLayer(weights, weightBits, { size, cellBits });
  const x = input.map((v) => toOffset(v, a));
  const offsetSums = new Float64Array(outputs); // sum over all rows of w' x'
  const weightSums = new Float64Array(outputs); // sum over all rows of w'
  const settings = {
    inputBits: a,
    dacBits: hw.config.dac.bits,
    rowsPerRead: hw.rowsPerRead,
    adcBits: hw.config.adc.bits,
  };
  let conversions = 0;
  let clipped = 0;
  for (const tile of layer.tiles) {
    const read = tile.crossbar.mvm(x.slice(tile.r0, tile.r0 + tile.rows), settings);
    conversions += read.conversions;
    clipped += read.clipped;
    for (let j = 0; j < tile.outputs; j++) {
      offsetSums[tile.c0 + j]! += read.sums[j]!; // the adder tree across row tiles
      weightSums[tile.c0 + j]! += tile.crossbar.offsetWeightSums[j]!;
    }
  }
  const Bx = offsetOf(a);
  const Bw = offsetOf(weightBits);
  const inputSum = x.reduce((s, v) => s + v, 0);
  const result = Array.from(
    offsetSums,
    (s, j) => s - Bx * weightSums[j]! - Bw * inputSum + inputs * Bw * Bx,
  );
  return { outputs: result, conversions, clipped };
}

/** [extent, count] of `tiles` tiles of `per` covering `total`: the full ones, then the last if partial. */
function extents(total: number, per: number, tiles: number): Array<[number, number]> {
  const last = total - (tiles - 1) * per;
  return last === per
    ? [[per, tiles]]
    : tiles === 1
      ? [[last, 1]]
      : [
          [per, tiles - 1],
          [last, 1],
        ];
}

/** Bits of a sum of `terms` products of a wBits- and an aBits-bit unsigned value. */
function sumBits(terms: number, wBits: number, aBits: number): number {
  return Math.ceil(Math.log2(terms * (2 ** wBits - 1) * (2 ** aBits - 1) + 1));
}

/** The crossbar side of one MVM of a layer: what every layer, DP stream and FM read costs on its crossbars. */
export interface MvmLayerCost {
  crossbars: number;
  rowTiles: number;
  /** The largest tile's MVM (every crossbar works in parallel): its stages and their closed form. */
  stages: MvmStages;
  mvmCycles: number;
  adderTreeCycles: number;
  /** Per part, for one MVM of every crossbar, the adder tree and the offset sum. */
  energyPj: Record<string, number>;
}

/**
 * One MVM of an inputs x outputs layer on its crossbars: every crossbar runs
 * in parallel (the largest tile sets the time), then the adder tree merges
 * the row tiles. Buffer transfers are not included.
 */
export function mvmLayerCost(hw: Hardware, shape: FcShape): MvmLayerCost {
  const { size, cellBits } = hw.config.crossbar;
  const { inputs, outputs, weightBits, activationBits } = shape;
  const mapping = mapFc(inputs, outputs, weightBits, { size, cellBits });
  const fullTile = {
    rows: Math.min(inputs, size),
    physicalColumns: Math.min(outputs, mapping.outputsPerCrossbar) * mapping.slices,
    inputBits: activationBits,
  };
  // Tiles come in at most four extents (full or last row tile x full or last
  // column tile): price each extent once and weigh it by how many tiles have it.
  const energy: Record<string, number> = {};
  for (const [rows, rowCount] of extents(inputs, size, mapping.rowTiles)) {
    for (const [outs, columnCount] of extents(
      outputs,
      mapping.outputsPerCrossbar,
      mapping.columnTiles,
    )) {
      const work = { rows, physicalColumns: outs * mapping.slices, inputBits: activationBits };
      const parts = mvmEnergyPj(hw, work, sumBits(rows, weightBits, activationBits));
      for (const [k, v] of Object.entries(parts))
        energy[k] = (energy[k] ?? 0) + v * rowCount * columnCount;
    }
  }
  const treeBits = sumBits(inputs, weightBits, activationBits);
  energy.adderTree =
    adderTreeEnergyPj(hw, mapping.rowTiles, outputs, treeBits) +
    adderTreeEnergyPj(hw, inputs, 1, activationBits + Math.ceil(Math.log2(inputs))); // sum(x') for the offsets
  const stages = mvmStages(hw, fullTile);
  return {
    crossbars: mapping.crossbars,
    rowTiles: mapping.rowTiles,
    stages,
    mvmCycles: mvmCycles(stages),
    adderTreeCycles: adderTreeCycles(hw, mapping.rowTiles),
    energyPj: energy,
  };
}

/** Area of a layer's crossbars with their periphery and its adder tree, by part. */
export function mvmLayerAreaUm2(hw: Hardware, shape: FcShape): Record<string, number> {
  const { size, cellBits } = hw.config.crossbar;
  const mapping = mapFc(shape.inputs, shape.outputs, shape.weightBits, { size, cellBits });
  const area: Record<string, number> = {};
  for (const [k, v] of Object.entries(crossbarUnitAreaUm2(hw))) area[k] = v * mapping.crossbars;
  const treeBits = sumBits(shape.inputs, shape.weightBits, shape.activationBits);
  area.adderTree = adderTreeAreaUm2(mapping.rowTiles, shape.outputs, treeBits);
  return area;
}

/**
 * Cycles, energy and area of one FC layer for one input vector:
 * the input vector is read from the tile buffer onto the crossbars' input
 * registers, every crossbar runs its MVM in parallel (the largest tile sets
 * the time), the adder tree merges the row tiles, and the outputs are
 * written back to the buffer. The activation function is not included.
 */
export function autoracFcCost(hw: Hardware, shape: FcShape): FcCost {
  const { size, cellBits } = hw.config.crossbar;
  const { inputs, outputs, weightBits, activationBits } = shape;
  const mapping = mapFc(inputs, outputs, weightBits, { size, cellBits });
  const layer = mvmLayerCost(hw, shape);
  const bus = hw.config.buffer.busBits;
  const inputWords = Math.ceil((inputs * activationBits) / bus);
  const outputWords = Math.ceil((outputs * activationBits) / bus);
  const latencyCycles = {
    inputLoad: inputWords * hw.cycles.bufferAccess,
    mvm: layer.mvmCycles,
    adderTree: layer.adderTreeCycles,
    outputStore: outputWords * hw.cycles.bufferAccess,
  };
  const energy = { ...layer.energyPj };
  energy.buffer = inputWords * hw.buffer.readEnergyPj + outputWords * hw.buffer.writeEnergyPj;
  const area = mvmLayerAreaUm2(hw, shape);
  const cycles = total(latencyCycles);
  const latencyBreakdownNs: Record<string, number> = {};
  for (const [k, v] of Object.entries(latencyCycles)) latencyBreakdownNs[k] = v * hw.nsPerCycle;
  return {
    organisation: "autorac",
    shape,
    crossbars: mapping.crossbars,
    cycles,
    latencyNs: cycles * hw.nsPerCycle,
    energyPj: total(energy),
    areaUm2: total(area),
    latencyBreakdownNs,
    energyBreakdownPj: energy,
    areaBreakdownUm2: area,
    adcBitsLost: hw.precision.bitsLost,
    notes: [
      `${mapping.rowTiles} x ${mapping.columnTiles} crossbars of ${size}x${size}, ${mapping.slices} cells per ` +
        `${weightBits}-bit weight, ${mapping.outputsPerCrossbar} outputs per crossbar`,
      "the activation function (functional unit) and inter-tile transfers are not included",
    ],
  };
}
