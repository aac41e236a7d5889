import { createRequire } from "node:module";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { InputError } from "../../sim/kernel/input-error";

/** Which tfjs backend to run: `auto` tries tfjs-node, then WASM, then the plain-JS CPU backend. */
export type BackendChoice = "auto" | "node" | "wasm" | "cpu";

export const backendChoices: readonly BackendChoice[] = ["auto", "node", "wasm", "cpu"];

/** What tfjs calls each backend. */
const TFJS_NAME: Record<Exclude<BackendChoice, "auto">, string> = {
  node: "tensorflow",
  wasm: "wasm",
  cpu: "cpu",
};

/**
 * Selects and initialises a tfjs backend; returns its name as we call it
 * ("node", "wasm" or "cpu").
 *
 * `@tensorflow/tfjs-node` is an optional dependency: its install script
 * downloads libtensorflow, which fails on machines without network, so it is
 * loaded only when present. `auto` falls back from it to WASM (one thread in
 * Node) and then to CPU; a forced choice that cannot load is an InputError.
 * Production mode is switched on (tfjs then skips its debug checks).
 */
export async function selectBackend(choice: BackendChoice = "auto"): Promise<string> {
  const order: Array<Exclude<BackendChoice, "auto">> =
    choice === "auto" ? ["node", "wasm", "cpu"] : [choice];
  const reasons: string[] = [];
  for (const candidate of order) {
    const reason = await tryBackend(candidate);
    if (reason === null) {
      tf.enableProdMode();
      silenceCpuBanner();
      return candidate;
    }
    reasons.push(`${candidate}: ${reason}`);
  }
  throw new InputError(`cannot start the tfjs backend (${reasons.join("; ")})`);
}

/** The backend in use, as selectBackend names it. */
export function currentBackend(): string {
  const name = tf.getBackend();
  return name === "tensorflow" ? "node" : name;
}

async function tryBackend(candidate: Exclude<BackendChoice, "auto">): Promise<string | null> {
  if (candidate === "node") {
    try {
      // Registers the "tensorflow" backend with the same tfjs-core as ours.
      createRequire(__filename)("@tensorflow/tfjs-node");
    } catch {
      return "@tensorflow/tfjs-node is not installed (optional; its install needs network)";
    }
  }
  try {
    const ok = await tf.setBackend(TFJS_NAME[candidate]);
    if (!ok) return "tf.setBackend returned false";
    await tf.ready();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The CPU backend prints an advert for tfjs-node on first use; we print the backend ourselves. */
function silenceCpuBanner(): void {
  const backend = tf.backend() as unknown as { firstUse?: boolean };
  if (backend.firstUse === true) backend.firstUse = false;
}
