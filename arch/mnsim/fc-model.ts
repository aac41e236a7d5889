import { total } from "../crossbar/unit-area";
import type { FcCost } from "../layers/fc-cost";
import { checkMnsimFc, type MnsimFcConfig, type MnsimFcLayer } from "./fc-config";
import { mnsimFcAreaUm2 } from "./fc-area";
import { mnsimFcEnergyPj } from "./fc-energy";
import { mnsimFcLatencyNs } from "./fc-latency";
import { mapMnsimFc, type MnsimFcMapping } from "./fc-mapping";
import { mnsimFcNotes } from "./fc-notes";

/**
 * MNSIM's figures for one FC layer and one input vector, part by part:
 * the totals and breakdowns of an FcCost (latencyNs is MNSIM's
 * fc_layer_latency, finish - begin of the layer) with MNSIM's mapping.
 */
export type MnsimFcFigures = Pick<
  FcCost,
  | "latencyNs"
  | "energyPj"
  | "areaUm2"
  | "latencyBreakdownNs"
  | "energyBreakdownPj"
  | "areaBreakdownUm2"
  | "notes"
> & { mapping: MnsimFcMapping };

/**
 * One FC layer under MNSIM 2.0's composition rules
 * (docs/mnsim-organisation.md): the layer of a net [dummy conv, FC] (or of
 * a one-layer net when precedingTiles = 0), priced as MNSIM's
 * Model_latency, Model_Area, Model_inference_power and Model_energy price it.
 */
export function mnsimFcFigures(config: MnsimFcConfig, layer: MnsimFcLayer): MnsimFcFigures {
  checkMnsimFc(config, layer);
  const mapping = mapMnsimFc(config, layer);
  const latencyBreakdownNs = mnsimFcLatencyNs(mapping, layer);
  const energyBreakdownPj = mnsimFcEnergyPj(mapping, latencyBreakdownNs);
  const areaBreakdownUm2 = mnsimFcAreaUm2(mapping);
  return {
    mapping,
    latencyNs: total(latencyBreakdownNs),
    energyPj: total(energyBreakdownPj),
    areaUm2: total(areaBreakdownUm2),
    latencyBreakdownNs,
    energyBreakdownPj,
    areaBreakdownUm2,
    notes: mnsimFcNotes(config, layer, mapping),
  };
}
