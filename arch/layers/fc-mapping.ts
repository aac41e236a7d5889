import { digitCount } from "../crossbar/offset-encoding";

/**
 * How an inputs x outputs weight matrix is tiled over size x size crossbars
 * whose weights take `slices` = ceil(weightBits / cellBits) adjacent columns:
 * each crossbar holds up to `size` rows and floor(size / slices) outputs.
 *
 *     crossbars = ceil(inputs / size) * ceil(outputs / floor(size / slices))
 */
export interface FcMapping {
  slices: number;
  outputsPerCrossbar: number;
  rowTiles: number;
  columnTiles: number;
  crossbars: number;
}

export function mapFc(
  inputs: number,
  outputs: number,
  weightBits: number,
  crossbar: { size: number; cellBits: number },
): FcMapping {
  const slices = digitCount(weightBits, crossbar.cellBits);
  const outputsPerCrossbar = Math.floor(crossbar.size / slices);
  if (outputsPerCrossbar === 0) {
    throw new RangeError(
      `${weightBits}-bit weights need ${slices} columns; the crossbar has ${crossbar.size}`,
    );
  }
  const rowTiles = Math.ceil(inputs / crossbar.size);
  const columnTiles = Math.ceil(outputs / outputsPerCrossbar);
  return { slices, outputsPerCrossbar, rowTiles, columnTiles, crossbars: rowTiles * columnTiles };
}

/** The rows and outputs of tile (rowTile, columnTile): edge tiles are partial. */
export function tileExtent(
  mapping: FcMapping,
  inputs: number,
  outputs: number,
  size: number,
  rowTile: number,
  columnTile: number,
): { rows: number; outputs: number } {
  return {
    rows: Math.min(size, inputs - rowTile * size),
    outputs: Math.min(
      mapping.outputsPerCrossbar,
      outputs - columnTile * mapping.outputsPerCrossbar,
    ),
  };
}
