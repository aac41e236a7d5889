import type { OpCost } from "./engine-unit";

/**
 * The memory tiles' operation: one sparse feature's lookup, every id it
 * lists read from its bank and sent out of the memory tile on its port.
 * Its timing and energy are the memory tiles' (arch/memory/embedding-memory.ts),
 * per row read, so the cost here books no compute unit.
 */
export interface LookupOperation {
  kind: "lookup";
  feature: number;
  deps: number[];
}

export function lookupCost(o: LookupOperation, labels: boolean): OpCost {
  return {
    unit: null,
    tile: -1,
    readBits: 0,
    computeCycles: 0,
    writeBits: 0,
    energyPj: 0,
    endsSession: false,
    label: labels ? `lookup f${o.feature}` : "",
  };
}

/** Values written into a tile's buffer from outside (the request's dense features). */
export interface BufferMoveOperation {
  kind: "bufferMove";
  tile: number;
  bits: number;
  label: string;
  deps: number[];
}

export function bufferMoveCost(o: BufferMoveOperation, labels: boolean): OpCost {
  return {
    unit: null,
    tile: o.tile,
    readBits: 0,
    computeCycles: 0,
    writeBits: o.bits,
    energyPj: 0,
    endsSession: false,
    label: labels ? o.label : "",
  };
}
