/**
 * The ring benchmark's delay generator, written identically in every peer
 * (bench/peers/*): one 32-bit xorshift stream (Marsaglia 2003, shifts 13, 17,
 * 5) per process, seeded from the process index, so a process's k-th delay
 * is the same in every simulator and the simulated time of the N-th event
 * does not depend on how a simulator breaks ties.
 */
export const RING_PROCESSES = 64;

/** Seed of process i: (i + 1) * 2654435761 mod 2^32 (Knuth's multiplicative hash), never 0. */
export function ringSeed(i: number): number {
  return Math.imul(i + 1, 2654435761) | 0;
}

/** Advances the stream of process `i` in `state` and returns a delay of 1 to 16 cycles. */
export function ringDelay(state: Int32Array, i: number): number {
  let s = state[i]!;
  s ^= s << 13;
  s ^= s >>> 17;
  s ^= s << 5;
  state[i] = s;
  return 1 + (s & 15); // = 1 + (s mod 16) for the unsigned value
}

export function ringStates(): Int32Array {
  const state = new Int32Array(RING_PROCESSES);
  for (let i = 0; i < RING_PROCESSES; i++) state[i] = ringSeed(i);
  return state;
}

/** The ring's tokens: which processes wait, and the tokens queued at each. */
export interface RingTokens {
  busy: Uint8Array;
  queued: Int32Array;
}

export function ringTokens(): RingTokens {
  return { busy: new Uint8Array(RING_PROCESSES), queued: new Int32Array(RING_PROCESSES) };
}

/**
 * Process i's wait has ended: it passes its token on (an idle successor
 * starts waiting at once, a busy one queues the token), then starts its
 * next wait if it holds a queued token, else goes idle.
 */
export function passToken(t: RingTokens, i: number, startWait: (i: number) => void): void {
  const next = (i + 1) % RING_PROCESSES;
  if (t.busy[next] === 1) t.queued[next]!++;
  else startWait(next);
  if (t.queued[i]! > 0) {
    t.queued[i]!--;
    startWait(i);
  } else {
    t.busy[i] = 0;
  }
}

/** What every ring implementation reports. */
export interface RingResult {
  events: number;
  /** Simulated cycle of the N-th event. */
  finalTime: number;
}
