import type { Hardware } from "../config/hardware";
import { mnsimFcCost } from "../mnsim/fc-layer";
import type { FcCost, FcShape } from "./fc-cost";
import { autoracFcCost } from "./fc-layer";

/** One FC layer's cost in the organisation the config names. */
export function fcCost(hw: Hardware, shape: FcShape): FcCost {
  return hw.config.organisation === "mnsim"
    ? mnsimFcCost(hw.config, shape)
    : autoracFcCost(hw, shape);
}
