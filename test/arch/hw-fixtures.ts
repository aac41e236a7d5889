import { buildHardware, type Hardware } from "../../arch/config/hardware";
import { resolveHwConfig } from "../../arch/config/hw-config";

/** A resolved Hardware from a partial config (defaults fill the rest). */
export function hardware(partial: Record<string, unknown> = {}): Hardware {
  return buildHardware(resolveHwConfig(partial, "test config"));
}

/**
 * The hand-derived clip's chip (crossbar-values.test.ts, fc-batch.test.ts):
 * 16x16 crossbars of 2-bit cells, a 2-bit DAC, a 4-bit ADC, 4-bit
 * activations, lossy allowed.
 */
export function handClipHardware(): Hardware {
  return hardware({
    lossy: true,
    crossbar: { size: 16, cellBits: 2 },
    dac: { bits: 2 },
    adc: { bits: 4, colsPerAdc: 1 },
    precision: { activationBits: 4 },
  });
}
