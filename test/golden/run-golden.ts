import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { traceArgs, type GoldenCase } from "./golden-cases";

/**
 * Runs golden cases through the built CLI (`npm test` builds dist/ first)
 * and compares every output byte for byte with test/golden/expected/. With
 * GOLDEN_UPDATE=1 it writes the expected files instead: do that only in a
 * commit that says which numbers changed and why.
 */
const ROOT = resolve(__dirname, "../..");
const EXPECTED = join(__dirname, "expected");
const UPDATE = process.env.GOLDEN_UPDATE === "1";

function cliPath(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    bin: { autorac: string };
  };
  return join(ROOT, pkg.bin.autorac);
}

function run(argv: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [cliPath(), ...argv], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** A folder with the three datasets' small traces, written by the CLI itself. */
export function makeTraces(): { dir: string; traces: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), "autorac-golden-"));
  const traces: Record<string, string> = {};
  for (const dataset of ["criteo", "avazu", "kdd"]) {
    const out = join(dir, `${dataset}.jsonl`);
    const r = run(traceArgs(dataset, out));
    if (r.status !== 0) throw new Error(`trace synth ${dataset} failed: ${r.stderr}`);
    traces[dataset] = out;
  }
  return { dir, traces };
}

/** Large drawings are kept as their SHA-256, the rest as text (a diff then shows what moved). */
function compare(name: string, text: string): void {
  const hashed = name.endsWith(".svg") || name.endsWith(".jsonl");
  const file = join(EXPECTED, hashed ? `${name}.sha256` : name);
  const actual = hashed ? `${createHash("sha256").update(text).digest("hex")}\n` : text;
  if (UPDATE) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`no golden file ${file}: record with GOLDEN_UPDATE=1`);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

/** Runs one case and compares its stdout and files; temp paths read as {tmp}. */
export function checkGolden(
  c: GoldenCase,
  traces: Record<string, string>,
  tracesDir: string,
): void {
  const tmp = mkdtempSync(join(tmpdir(), `autorac-${c.name}-`));
  try {
    const argv = c.argv.map((a) =>
      a
        .replace(/\{trace:(\w+)\}/, (_, d: string) => traces[d]!)
        .split("{tmp}")
        .join(tmp),
    );
    const r = run(argv);
    if (r.status !== 0) throw new Error(`${c.name}: exit ${r.status}: ${r.stderr}`);
    const clean = (text: string) => text.split(tmp).join("{tmp}").split(tracesDir).join("{traces}");
    compare(`${c.name}.out`, clean(r.stdout));
    for (const f of c.files ?? [])
      compare(`${c.name}/${f}`, clean(readFileSync(join(tmp, f), "utf8")));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export function removeTraces(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
