/**
 * What a fully-connected layer costs for one input vector, in either
 * organisation. Breakdowns name the part (crossbar, adc, buffer, ...) and
 * sum to the totals.
 */
export interface FcShape {
  inputs: number;
  outputs: number;
  weightBits: number;
  activationBits: number;
}

export interface FcCost {
  organisation: "autorac" | "mnsim";
  shape: FcShape;
  /** Physical crossbar arrays holding the weights. */
  crossbars: number;
  /** Chip clock cycles for one input vector (latencyNs rounded up to whole cycles). */
  cycles: number;
  latencyNs: number;
  energyPj: number;
  areaUm2: number;
  latencyBreakdownNs: Record<string, number>;
  energyBreakdownPj: Record<string, number>;
  areaBreakdownUm2: Record<string, number>;
  /** How many bits each ADC conversion can lose (0 when lossless). */
  adcBitsLost: number;
  notes: string[];
}
