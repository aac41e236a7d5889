import { nsToCycles, type Hardware } from "../../config/hardware";
import { crossbarUnitAreaUm2, total } from "../../crossbar/unit-area";
import type { FcCost } from "../../layers/fc-cost";
import { autoracFcCost } from "../../layers/fc-layer";
import {
  groupAreaUm2,
  readEnergyPj,
  readLatencyNs,
  rowLayout,
  transferEnergyPjPerBit,
} from "../../memory/array-model";
import { tech } from "../../tech/tables";
import type { ReRecConfig } from "./config";
import { adcNetworkAreaUm2PerAdc } from "./inner-product";
import type { Placement } from "./placement";
import type { MlpLayerShape } from "./workload";

/** Each MLP layer priced by the autorac chip's FC model (arch/layers/fc-layer.ts), one input vector. */
export function mlpLayerCosts(hw: Hardware, layers: MlpLayerShape[], weightBits: number): FcCost[] {
  return layers.map((l) => autoracFcCost(hw, { ...l, weightBits, activationBits: weightBits }));
}

/**
 * One lookup: the driving operand must be digital, so each engine keeps a
 * digital copy of its vectors in a ReRAM memory bank, read a row at a time as
 * the autorac chip's memory tiles are (arch/memory/array-model.ts), then the
 * row crosses the engine's bus into its buffer, one bus word per cycle.
 * ReREC's abstract does not say how the driving vector is fetched; both
 * designs pay this the same way.
 */
export interface LookupCost {
  cycles: number;
  energyPj: number;
  /** Area of one group of subarrays and the embedding rows it holds. */
  groupAreaUm2: number;
  rowsPerGroup: number;
}

export function lookupCost(hw: Hardware, embeddingDim: number, c: ReRecConfig): LookupCost {
  const layout = rowLayout(hw, embeddingDim);
  const words = Math.ceil(layout.bitsPerRow / c.buffer.busBits);
  return {
    cycles: nsToCycles(total(readLatencyNs(layout)), hw.nsPerCycle) + words,
    energyPj:
      total(readEnergyPj(layout)) +
      layout.bitsPerRow * transferEnergyPjPerBit() +
      words * hw.buffer.writeEnergyPj,
    groupAreaUm2: total(groupAreaUm2(layout)),
    rowsPerGroup: layout.rowsPerGroup,
  };
}

/** Area of the chip by part, mm^2. */
export function areaBreakdownMm2(
  c: ReRecConfig,
  hw: Hardware,
  placement: Placement,
  lookup: LookupCost,
  mlp: FcCost[],
): Record<string, number> {
  const unit = crossbarUnitAreaUm2(hw);
  const { crossbars, engines } = placement;
  const um2: Record<string, number> = {};
  if (c.adcSharing.kind === "per-crossbar") {
    um2.crossbars = crossbars * total(unit);
  } else {
    // The crossbar with its DACs, sample-and-holds and input registers; the ADCs are the engine's.
    const perCrossbar =
      unit.crossbar! +
      unit.dac! +
      unit.sampleHold! +
      c.crossbarSize * tech.digital.register.areaUm2;
    const perAdc =
      hw.adc.areaUm2 +
      tech.digital.shiftAdd.areaUm2 +
      tech.digital.register.areaUm2 +
      adcNetworkAreaUm2PerAdc(c);
    um2.crossbars = crossbars * perCrossbar;
    um2.adcPools = engines * c.adcSharing.adcsPerEngine * perAdc;
  }
  um2.buffers = engines * hw.buffer.areaUm2;
  const copiesPerEngine = Math.ceil(placement.usedSlots / engines);
  um2.lookupBanks =
    engines * Math.ceil(copiesPerEngine / lookup.rowsPerGroup) * lookup.groupAreaUm2;
  um2.mlp = mlp.reduce((s, layer) => s + layer.areaUm2, 0);
  const mm2: Record<string, number> = {};
  for (const [k, v] of Object.entries(um2)) mm2[k] = v * 1e-6;
  return mm2;
}
