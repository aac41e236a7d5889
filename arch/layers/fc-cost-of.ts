import type { HwConfig } from "../config/hw-config";
import { buildHardware } from "../config/hardware";
import { mnsimFcCost } from "../mnsim/fc-layer";
import type { FcCost, FcShape } from "./fc-cost";
import { autoracFcCost } from "./fc-layer";

/** One FC layer's cost in the organisation the config names. */
export function fcCost(config: HwConfig, shape: FcShape): FcCost {
  return config.organisation === "mnsim"
    ? mnsimFcCost(config, shape)
    : autoracFcCost(buildHardware(config), shape);
}
