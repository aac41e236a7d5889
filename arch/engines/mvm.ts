import type { Cycles } from "../../sim/kernel/time";
import type { Hardware } from "../config/hardware";
import type { MvmStages } from "../crossbar/mvm-timing";
import { total } from "../crossbar/unit-area";
import { mvmLayerCost } from "../layers/fc-layer";
import { FUNCTIONAL_UNIT_CYCLES, type EngineUnit, type OpCost } from "./engine-unit";

/**
 * The MVM engine kind: weights stationary on crossbars (FC, EFC, DSI and the
 * projections inside DP and FM). One unit is a layer's crossbars, spread
 * over as many engines as it needs; every input vector is one MVM.
 */
export interface MvmLayer extends EngineUnit {
  inputs: number;
  outputs: number;
  weightBits: number;
  /** MVMs per inference: 1 for a dense layer, the embedding width for a layer applied along rows (EFC). */
  vectorsPerInference: number;
  /** MVM engines it occupies (crossbars / crossbarsPerEngine, rounded up). */
  engines: number;
  /** Read/convert stages of the largest crossbar tile (bit fidelity steps through them). */
  stages: MvmStages;
  /** Cycles of one MVM: the stages' closed form, the adder tree and the functional unit (buffer transfers excluded). */
  mvmCycles: Cycles;
  /** Dynamic energy of one MVM on all its crossbars, adder tree included. */
  mvmEnergyPj: number;
  /** Bits read from the buffer before, and written after, one MVM. */
  inputBits: number;
  outputBits: number;
}

/** One MVM of a layer: input vector `vector` (an embedding position along rows, else 0). */
export interface MvmOperation {
  kind: "mvm";
  layer: number;
  vector: number;
  deps: number[];
}

/** MVM layer costs by hardware and shape: a search prices the same few shapes again and again. */
const layerCosts = new WeakMap<Hardware, Map<string, ReturnType<typeof mvmLayerCost>>>();

function cachedLayerCost(hw: Hardware, inputs: number, outputs: number, weightBits: number) {
  let byShape = layerCosts.get(hw);
  if (byShape === undefined) layerCosts.set(hw, (byShape = new Map()));
  const key = `${inputs}x${outputs}x${weightBits}`;
  let cost = byShape.get(key);
  if (cost === undefined) {
    const activationBits = hw.config.precision.activationBits;
    cost = mvmLayerCost(hw, { inputs, outputs, weightBits, activationBits });
    byShape.set(key, cost);
  }
  return cost;
}

export interface MvmLayerShape {
  name: string;
  inputs: number;
  outputs: number;
  weightBits: number;
  vectorsPerInference: number;
}

/** A layer's unit on the chip, priced from the crossbar components (arch/crossbar, arch/layers). */
export function mvmLayer(hw: Hardware, id: number, shape: MvmLayerShape): MvmLayer {
  const a = hw.config.precision.activationBits;
  const cost = cachedLayerCost(hw, shape.inputs, shape.outputs, shape.weightBits);
  return {
    id,
    ...shape,
    crossbars: cost.crossbars,
    copies: 1,
    engines: Math.ceil(cost.crossbars / hw.config.chip.crossbarsPerEngine),
    tile: -1,
    lastTile: -1,
    stages: cost.stages,
    mvmCycles: cost.mvmCycles + cost.adderTreeCycles + FUNCTIONAL_UNIT_CYCLES,
    mvmEnergyPj: total(cost.energyPj),
    inputBits: shape.inputs * a,
    outputBits: shape.outputs * a,
  };
}

/** An MVM reads its input vector from the tile buffer, holds the layer's crossbars, writes its outputs. */
export function mvmCost(l: MvmLayer, o: MvmOperation, labels: boolean): OpCost {
  return {
    unit: { kind: "mvm", index: l.id },
    tile: l.tile,
    readBits: l.inputBits,
    computeCycles: l.mvmCycles,
    writeBits: l.outputBits,
    energyPj: l.mvmEnergyPj,
    stages: l.stages,
    endsSession: false,
    label: !labels ? "" : l.vectorsPerInference > 1 ? `${l.name}[${o.vector}]` : l.name,
  };
}
