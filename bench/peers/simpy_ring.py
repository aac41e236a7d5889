"""Hold-model ring on SimPy 3: the peer of bench/kernel (ring-kernel.ts, ring-bare.ts).

P = 64 processes in a ring; process i passes tokens to process (i + 1) % 64.
Each holds one token at time 0. A process holding a token waits 1 + (s % 16)
cycles, s drawn from its own 32-bit xorshift stream (13, 17, 5) seeded with
(i + 1) * 2654435761 mod 2^32. Each completed wait is one event: it passes the
token on (queued if the next process is already waiting), then the process
starts waiting again if it has a queued token, else it goes idle. The run
stops at the N-th event; finalTime is its simulated time, which does not
depend on how ties are broken.

Usage: /usr/bin/python3 simpy_ring.py [N=5000000]
Prints one line of JSON: {"events", "finalTime", "seconds", "eventsPerSec"}.
"""
import json
import sys
import time

import simpy

P = 64


def ring(n):
    env = simpy.Environment()
    done = env.event()
    busy = [True] * P     # waiting on a delay (tokens passed to it are queued)
    queued = [0] * P
    wake = [None] * P     # what an idle process waits on; its sender succeeds it
    count = 0
    final_time = None

    def node(i):
        nonlocal count, final_time
        timeout = env.timeout
        nxt = (i + 1) % P
        s = (i + 1) * 2654435761 & 0xFFFFFFFF
        while True:
            s ^= (s << 13) & 0xFFFFFFFF
            s ^= s >> 17
            s ^= (s << 5) & 0xFFFFFFFF
            yield timeout(1 + (s & 15))
            if count == n:  # stopping: wake-ups already queued at this time don't count
                return
            count += 1
            if count == n:
                final_time = env.now
                done.succeed()
                return
            if busy[nxt]:
                queued[nxt] += 1
            else:
                busy[nxt] = True
                wake[nxt].succeed()
            if queued[i]:
                queued[i] -= 1
            else:
                busy[i] = False
                wake[i] = env.event()
                yield wake[i]

    for i in range(P):
        env.process(node(i))
    start = time.perf_counter()
    env.run(until=done)
    seconds = time.perf_counter() - start
    return final_time, seconds


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000_000
    if n < 1:
        sys.exit("N must be at least 1")
    final_time, seconds = ring(n)
    print(json.dumps({"events": n, "finalTime": int(final_time),
                      "seconds": seconds, "eventsPerSec": n / seconds}))


if __name__ == "__main__":
    main()
