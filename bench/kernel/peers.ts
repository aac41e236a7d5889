import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** What a peer prints as its one line of JSON. */
export interface PeerResult {
  events: number;
  finalTime: number;
  seconds: number;
  eventsPerSec: number;
}

/** bench/peers in the source tree, seen from dist/bench/kernel or bench/kernel. */
const PEERS_DIR = [resolve(__dirname, "../../../bench/peers"), resolve(__dirname, "../peers")].find(
  (dir) => existsSync(join(dir, "simpy_ring.py")),
);

/** SimPy is installed into Debian's system Python (see bench/peers/setup.sh). */
const SYSTEM_PYTHON = "/usr/bin/python3";

function lastJsonLine(stdout: string): PeerResult {
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]!) as PeerResult;
}

/** Runs the SimPy ring, or returns null (with the reason) when SimPy is absent. */
export function runSimpy(events: number): PeerResult | string {
  if (PEERS_DIR === undefined) return "bench/peers not found";
  const probe = spawnSync(SYSTEM_PYTHON, ["-c", "import simpy"], { encoding: "utf8" });
  if (probe.status !== 0) return "SimPy not installed (bash bench/peers/setup.sh)";
  const run = spawnSync(SYSTEM_PYTHON, [join(PEERS_DIR, "simpy_ring.py"), String(events)], {
    encoding: "utf8",
  });
  if (run.status !== 0) return `simpy_ring.py failed: ${run.stderr.trim()}`;
  return lastJsonLine(run.stdout);
}

/** Compiles (once per source change) and runs the SystemC ring, or returns why it cannot. */
export function runSystemc(events: number): PeerResult | string {
  if (PEERS_DIR === undefined) return "bench/peers not found";
  const source = join(PEERS_DIR, "systemc_ring.cpp");
  const buildDir = join(tmpdir(), "autorac-bench");
  mkdirSync(buildDir, { recursive: true });
  const binary = join(buildDir, "systemc_ring");
  if (!existsSync(binary) || statSync(binary).mtimeMs < statSync(source).mtimeMs) {
    const build = spawnSync("g++", ["-O2", "-o", binary, source, "-lsystemc"], {
      encoding: "utf8",
    });
    if (build.error !== undefined || build.status !== 0) {
      return "SystemC not installed or build failed (bash bench/peers/setup.sh)";
    }
  }
  const run = spawnSync(binary, [String(events)], {
    encoding: "utf8",
    env: { ...process.env, SC_COPYRIGHT_MESSAGE: "DISABLE" },
  });
  if (run.status !== 0) return `systemc_ring failed: ${run.stderr.trim()}`;
  return lastJsonLine(run.stdout);
}
