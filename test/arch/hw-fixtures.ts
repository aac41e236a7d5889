import { buildHardware, type Hardware } from "../../arch/config/hardware";
import { resolveHwConfig } from "../../arch/config/hw-config";

/** A resolved Hardware from a partial config (defaults fill the rest). */
export function hardware(partial: Record<string, unknown> = {}): Hardware {
  return buildHardware(resolveHwConfig(partial, "test config"));
}
