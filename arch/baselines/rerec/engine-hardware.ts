import { buildHardware, type Hardware } from "../../config/hardware";
import { resolveHwConfig } from "../../config/hw-config";
import { digitCount } from "../../crossbar/offset-encoding";
import type { ReRecConfig } from "./config";

/**
 * The repository's resolved hardware (arch/config/hardware.ts) for the embedding
 * crossbars and for the MLP crossbars of a ReREC-style design, so that every
 * latency, energy and area below comes from the same technology tables and the
 * same rounding to cycles as the autorac chip. `lossy` is set because the rule
 * there assumes all rows are driven; an inner product drives only one vector's
 * rows, and vectorLayout checks that conversion instead.
 */
export function embeddingHardware(c: ReRecConfig, weightBits: number): Hardware {
  const colsPerAdc =
    c.adcSharing.kind === "per-crossbar" ? c.crossbarSize / c.adcSharing.adcsPerCrossbar : 1;
  return buildHardware(
    resolveHwConfig(
      {
        clockMhz: c.clockMhz,
        lossy: true,
        crossbar: { size: c.crossbarSize, cellBits: c.cellBits },
        dac: { bits: c.dacBits },
        adc: { bits: c.adcBits, colsPerAdc },
        precision: { weightBits, activationBits: weightBits },
        buffer: { tileKiB: c.buffer.sizeKiB, busBits: c.buffer.busBits },
      },
      `${c.name} embedding crossbars`,
    ),
  );
}

export function mlpHardware(c: ReRecConfig, weightBits: number): Hardware {
  return buildHardware(
    resolveHwConfig(
      {
        clockMhz: c.clockMhz,
        lossy: true,
        crossbar: { size: c.mlp.crossbarSize, cellBits: c.cellBits },
        dac: { bits: c.dacBits },
        adc: { bits: c.mlp.adcBits, colsPerAdc: c.mlp.colsPerAdc },
        precision: { weightBits, activationBits: weightBits },
        buffer: { tileKiB: c.buffer.sizeKiB, busBits: c.buffer.busBits },
      },
      `${c.name} MLP crossbars`,
    ),
  );
}

/**
 * How one embedding vector sits in a crossbar: its elements down the rows (the
 * other operand drives them), each element's weightBits over `columnsPerVector`
 * adjacent cells. A vector longer than the crossbar is cut into `segments` of
 * `rowsPerSegment` rows, each a separate slot whose partial dot products are
 * added digitally. A crossbar holds rowBlocks x columnSlots segments; only one
 * row block can be driven per read (blocks share the columns).
 */
export interface VectorLayout {
  segments: number;
  rowsPerSegment: number;
  columnsPerVector: number;
  rowBlocks: number;
  columnSlots: number;
  slotsPerCrossbar: number;
  /** Bits the largest column sum of one read needs; above adcBits a conversion can clip. */
  partialSumBits: number;
}

export function vectorLayout(
  c: ReRecConfig,
  embeddingDim: number,
  weightBits: number,
): VectorLayout {
  const size = c.crossbarSize;
  const segments = Math.ceil(embeddingDim / size);
  const rowsPerSegment = Math.ceil(embeddingDim / segments);
  const columnsPerVector = digitCount(weightBits, c.cellBits);
  if (columnsPerVector > size) {
    throw new Error(
      `${c.name}: a ${weightBits}-bit element takes ${columnsPerVector} columns; the crossbar has ${size}`,
    );
  }
  const rowBlocks = Math.floor(size / rowsPerSegment);
  const columnSlots = Math.floor(size / columnsPerVector);
  const maxSum = rowsPerSegment * (2 ** c.dacBits - 1) * (2 ** c.cellBits - 1);
  return {
    segments,
    rowsPerSegment,
    columnsPerVector,
    rowBlocks,
    columnSlots,
    slotsPerCrossbar: rowBlocks * columnSlots,
    partialSumBits: Math.ceil(Math.log2(maxSum + 1)),
  };
}
