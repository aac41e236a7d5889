/**
 * npm run bench:train — training samples per second of a Criteo-shaped model
 * (26 tables capped at 1 M rows, 13 dense features, batch 256) through the
 * supernet on the tfjs backend in use, beside the same model trained by
 * PyTorch on the same batches (bench/peers/torch_train.py, run with Debian's
 * /usr/bin/python3 when `import torch` works there; bench/peers/setup.sh
 * installs it), and the ratio.
 *
 * Measured: (1) the DLRM-like subnet of bench-model.ts trained through the
 * supernet (weight slices, 8-bit fake quantisation, sparse Adagrad): the
 * figure compared with PyTorch; (2) for information, supernet training with
 * a new random path per step in the small search space.
 *
 * Usage: node dist/bench/train/run.js [--backend auto|node|wasm|cpu] [--steps 100]
 * The last line of output is one JSON object with the figures.
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
  openSync,
  writeSync,
  closeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Rng } from "../../sim/kernel/rng";
import type { Batch } from "../../models/data/batch";
import { cappedDataset } from "../../models/data/ctr-file";
import { selectBackend, type BackendChoice } from "../../models/supernet/backend";
import { PathSampler } from "../../models/supernet/path-sampling";
import { SMALL_SPACE } from "../../models/supernet/search-space";
import { Supernet } from "../../models/supernet/supernet";
import type { ModelSpec } from "../../models/spec/model-spec";
import { BENCH_SPEC, BENCH_TABLE_CAP, benchBatches } from "./bench-model";

const BATCH = 256;
const LEARNING_RATE = 0.12;
const SEED = 7;
const WARMUP_STEPS = 5;

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1]! : fallback;
}

/** Steps per second of `next()`'s subnets over the batches, after a few warm-up steps. */
function measure(
  supernet: Supernet,
  batches: readonly Batch[],
  steps: number,
  next: (i: number) => ModelSpec,
): { samplesPerSec: number; lastLoss: number } {
  for (let i = 0; i < WARMUP_STEPS; i++) {
    supernet.trainStep(next(i), batches[i % batches.length]!, { learningRate: LEARNING_RATE });
  }
  let lastLoss = NaN;
  const start = process.hrtime.bigint();
  for (let i = 0; i < steps; i++) {
    lastLoss = supernet.trainStep(next(i), batches[i % batches.length]!, {
      learningRate: LEARNING_RATE,
    });
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { samplesPerSec: (steps * BATCH) / seconds, lastLoss };
}

const PEERS_DIR = [resolve(__dirname, "../../../bench/peers"), resolve(__dirname, "../peers")].find(
  (dir) => existsSync(join(dir, "torch_train.py")),
);
const SYSTEM_PYTHON = "/usr/bin/python3";

/** Runs the PyTorch peer on the same batches, or returns why it cannot. */
function runTorch(
  batches: readonly Batch[],
  tableRows: readonly number[],
  steps: number,
): { samplesPerSec: number; threads: number; torch: string; lastLoss: number } | string {
  if (PEERS_DIR === undefined) return "bench/peers not found";
  const probe = spawnSync(SYSTEM_PYTHON, ["-c", "import torch"], { encoding: "utf8" });
  if (probe.error !== undefined || probe.status !== 0) {
    return "PyTorch not installed in /usr/bin/python3 (bash bench/peers/setup.sh)";
  }
  const dir = mkdtempSync(join(tmpdir(), "autorac-bench-train-"));
  try {
    const data = join(dir, "batches.bin");
    const fd = openSync(data, "w");
    for (const b of batches) {
      for (const array of [b.dense, b.sparse, b.labels]) {
        writeSync(fd, Buffer.from(array.buffer, array.byteOffset, array.byteLength));
      }
    }
    closeSync(fd);
    const meta = join(dir, "meta.json");
    writeFileSync(
      meta,
      JSON.stringify({
        batches: data,
        count: batches.length,
        batch: BATCH,
        denseFeatures: batches[0]!.denseFeatures,
        sparseFeatures: batches[0]!.sparseFeatures,
        tableRows,
        learningRate: LEARNING_RATE,
        seed: SEED,
        warmupSteps: WARMUP_STEPS,
        steps,
      }),
    );
    const run = spawnSync(SYSTEM_PYTHON, [join(PEERS_DIR, "torch_train.py"), meta], {
      encoding: "utf8",
    });
    if (run.status !== 0) return `torch_train.py failed: ${run.stderr.trim()}`;
    const lines = run.stdout.trim().split("\n");
    return JSON.parse(lines[lines.length - 1]!) as {
      samplesPerSec: number;
      threads: number;
      torch: string;
      lastLoss: number;
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const backendChoice = flag("backend", "auto") as BackendChoice;
  const steps = Number(flag("steps", "100"));
  const backend = await selectBackend(backendChoice);
  const dataset = cappedDataset("criteo", BENCH_TABLE_CAP);
  console.log(
    `backend: ${backend}; Criteo-shaped: 26 tables (capped at ${BENCH_TABLE_CAP} rows, ` +
      `${dataset.tableRows.reduce((a, b) => a + b, 0)} in all) x 16, 13 dense, batch ${BATCH}, ${steps} timed steps`,
  );
  const batches = benchBatches(dataset, 20, BATCH, SEED);

  const fixed = measure(
    new Supernet({ dataset, space: SMALL_SPACE, seed: SEED }),
    batches,
    steps,
    () => BENCH_SPEC,
  );
  console.log(
    `${"autorac, DLRM-like subnet".padEnd(34)} ${Math.round(fixed.samplesPerSec).toString().padStart(8)} samples/s (loss ${fixed.lastLoss.toFixed(3)})`,
  );

  const sampler = new PathSampler(
    { space: SMALL_SPACE, dataset: "criteo", warmupSteps: 0 },
    new Rng(SEED).stream("bench-paths"),
  );
  const paths = measure(
    new Supernet({ dataset, space: SMALL_SPACE, seed: SEED }),
    batches,
    steps,
    (i) => sampler.sample(i),
  );
  console.log(
    `${"autorac, random paths (small space)".padEnd(34)} ${Math.round(paths.samplesPerSec).toString().padStart(8)} samples/s`,
  );

  const torch = runTorch(batches, dataset.tableRows, steps);
  if (typeof torch === "string") {
    console.log(`${"PyTorch".padEnd(34)}   not run: ${torch}`);
  } else {
    console.log(
      `${`PyTorch ${torch.torch} (${torch.threads} threads)`.padEnd(34)} ${Math.round(torch.samplesPerSec).toString().padStart(8)} samples/s (loss ${torch.lastLoss.toFixed(3)})`,
    );
  }
  const torchRate = typeof torch === "string" ? null : Math.round(torch.samplesPerSec);
  const figures = {
    backend,
    samplesPerSec: Math.round(fixed.samplesPerSec),
    torchSamplesPerSec: torchRate,
    ratioToTorch: torchRate === null ? null : Number((fixed.samplesPerSec / torchRate).toFixed(3)),
    supernetPathsSamplesPerSec: Math.round(paths.samplesPerSec),
    batch: BATCH,
    steps,
    tableCap: BENCH_TABLE_CAP,
  };
  if (torchRate !== null) console.log(`ratio autorac / PyTorch: ${figures.ratioToTorch}`);
  console.log(JSON.stringify(figures));
}

void main();
