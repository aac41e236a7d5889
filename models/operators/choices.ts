import type { Rng } from "../../sim/kernel/rng";
import type { Slot } from "./operator-kind";
import { searchableKinds } from "./registry";

/**
 * The operator kinds the search and the supernet draw from, by slot: the
 * searchable ones of the registry (paper table 1: FC or DP, EFC). A slot
 * with one kind needs no draw (none is made, so the random stream is the
 * same whatever else the registry holds).
 */
export function searchableOps(slot: Slot): string[] {
  return searchableKinds(slot).map((k) => k.kind);
}

/** One kind of the slot, uniformly. */
export function drawOp(rng: Rng, slot: Slot): string {
  const ops = searchableOps(slot);
  return ops.length === 1 ? ops[0]! : ops[Math.floor(rng.float() * ops.length)]!;
}

/** Another kind of the slot than `current`, uniformly; null when there is none. */
export function otherOp(rng: Rng, slot: Slot, current: string): string | null {
  const others = searchableOps(slot).filter((op) => op !== current);
  if (others.length <= 1) return others[0] ?? null;
  return others[Math.floor(rng.float() * others.length)]!;
}
