import { InputError } from "../../sim/kernel/input-error";
import { dotProductOperator } from "./dp";
import { denseToSparseOperator } from "./dsi";
import { embeddingFcOperator } from "./efc";
import { fullyConnectedOperator } from "./fc";
import { finalOperator } from "./final";
import { factorisationMachineOperator } from "./fm";
import type { OperatorKind, Slot } from "./operator-kind";

/**
 * The operator kinds, by slot, in registration order: the built-in ones
 * (paper section 3.1: FC, DP, EFC, DSI, FM and the final layer), and any
 * registered by a user of the library. Everything that needs an operator
 * looks it up here; an unknown kind is an InputError naming the known ones,
 * never a fallback. The order is the supernet's layer order (checkpoints
 * depend on it): fc, efc, dp, dsi, fm, final.
 */
const kinds = new Map<string, OperatorKind>();
let version = 0;

/** Adds an operator kind; a kind of the same name and slot is an error. */
export function registerOperator(kind: OperatorKind): void {
  const key = `${kind.slot}:${kind.kind}`;
  if (kinds.has(key)) throw new Error(`operator ${kind.kind} (${kind.slot}) is registered already`);
  kinds.set(key, kind);
  version++;
}

/** Removes a kind registered by registerOperator (tests); the built-in ones stay. */
export function unregisterOperator(kind: OperatorKind): void {
  if (BUILT_IN.includes(kind)) throw new Error(`operator ${kind.kind} is built in`);
  kinds.delete(`${kind.slot}:${kind.kind}`);
  version++;
}

/** Changes whenever the registry does (the spec schema is rebuilt then). */
export function registryVersion(): number {
  return version;
}

/** The kinds of a slot, in registration order. */
export function operatorKinds(slot: Slot): OperatorKind[] {
  return [...kinds.values()].filter((k) => k.slot === slot);
}

/** The kinds the search space holds (paper table 1), by slot, in registration order. */
export function searchableKinds(slot: Slot): OperatorKind[] {
  return operatorKinds(slot).filter((k) => k.searchable);
}

/** The kind `name` of a slot; an unknown one is an InputError naming the known ones. */
export function operatorKind(slot: Slot, name: string, at = "model spec"): OperatorKind {
  const kind = kinds.get(`${slot}:${name}`);
  if (kind === undefined) {
    const known = operatorKinds(slot).map((k) => JSON.stringify(k.kind));
    throw new InputError(
      `${at}: unknown ${slot} operator ${JSON.stringify(name)}: expected one of ${known.join(", ")}`,
    );
  }
  return kind;
}

/** The kind of a block's interaction slot or of the final layer, whose spec key names it. */
export function slotKind(slot: "dsi" | "fm" | "final"): OperatorKind {
  return operatorKind(slot, slot);
}

/** Every kind, in registration order. */
export function allOperatorKinds(): OperatorKind[] {
  return [...kinds.values()];
}

const BUILT_IN: readonly OperatorKind[] = [
  fullyConnectedOperator,
  embeddingFcOperator,
  dotProductOperator,
  denseToSparseOperator,
  factorisationMachineOperator,
  finalOperator,
];
for (const kind of BUILT_IN) registerOperator(kind);
