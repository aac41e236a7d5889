import type { MnsimFcMapping } from "./fc-mapping";
import { mnsimFcPowerMw } from "./fc-power";

/**
 * Energy of one input vector, by part, in pJ: each part's layer power
 * (fc-power.ts) times the time MNSIM's latency model charges it
 * (Model_energy.py: power[part] x total latency[part]). The buffers' read
 * power (input and output buffers together) is charged for the input-buffer
 * read plus the output-buffer read, and likewise for writes. The in-PE
 * adder's energy is not added (Model_energy.py leaves it out; it is 0 with
 * one group); the intra-tile transfer and the merge hops carry none.
 */
export function mnsimFcEnergyPj(
  m: MnsimFcMapping,
  latencyNs: Record<string, number>,
): Record<string, number> {
  const power = mnsimFcPowerMw(m);
  const ns = (part: string) => latencyNs[part] ?? 0;
  const energy: Record<string, number> = {};
  for (const part of Object.keys(power)) energy[part] = power[part]! * ns(part); // mW x ns = pJ
  energy.bufferRead = power.bufferRead! * (ns("inputBufferRead") + ns("outputBufferRead"));
  energy.bufferWrite = power.bufferWrite! * (ns("inputBufferWrite") + ns("outputBufferWrite"));
  return energy;
}
