import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

// The built CLI (npm test builds before jest), as a user runs it.
const MAIN = resolve(__dirname, "../../dist/cli/main.js");

function run(args: string[]): { stdout: string; stderr: string; status: number | null } {
  return spawnSync("node", [MAIN, ...args], { encoding: "utf8", timeout: 120_000 });
}

interface Figures {
  logLoss: number;
  auc: number;
  rows: number;
}

describe("autorac evaluate", () => {
  const dir = mkdtempSync(join(tmpdir(), "autorac-evaluate-"));
  const checkpoint = join(dir, "sn.json");

  beforeAll(() => {
    const r = run(
      ["train", "--rows", "2000", "--epochs", "1", "--validation-rows", "400"].concat([
        "--checkpoint",
        checkpoint,
        "--json",
        "--no-progress",
      ]),
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("on the default (lossless) chip gives exactly the integer reference's log loss and AUC", () => {
    const csv = join(dir, "layers.csv");
    const r = run(
      ["evaluate", "--checkpoint", checkpoint, "--validation-rows", "400"].concat([
        "--json",
        "--csv",
        csv,
      ]),
    );
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout) as {
      rows: number;
      tfjs: Figures;
      integer: Figures;
      chip: Figures;
      clipped: number;
      layers: Array<{ name: string; conversions: number; clipped: number }>;
      config: { hw: { adc: { bits: number } } };
    };
    expect(result.rows).toBe(400);
    expect(result.chip).toEqual(result.integer);
    expect(result.clipped).toBe(0);
    expect(result.config.hw.adc.bits).toBe(8);
    const lines = readFileSync(csv, "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe("point,conversions,clipped,clippedFraction,maeLsb,maeValue");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(result.layers.map((l) => l.name));
  });

  it("on a 4-bit ADC reports the clips, per layer, and what they cost", () => {
    const r = run(
      ["evaluate", "--checkpoint", checkpoint, "--validation-rows", "400"].concat([
        "--adc-bits",
        "4",
        "--lossy",
        "--no-progress",
      ]),
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/4-bit ADC, 64 rows per read: lossy, a partial sum needs 8 bits/);
    expect(r.stdout).toMatch(/chip \(crossbar model\)/);
    expect(r.stdout).toMatch(/clipped [\d,]+ \([\d.]+ %\)/);
  });

  it("fine-tunes the final layer first when asked, as the search scores a subnet", () => {
    const r = run(
      ["evaluate", "--checkpoint", checkpoint, "--validation-rows", "400"].concat([
        "--finetune-steps",
        "2",
        "--batch",
        "128",
        "--no-progress",
      ]),
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/its final layer fine-tuned 2 steps/);
  });

  it("refuses a lossy chip without --lossy, a missing checkpoint and data of another layout", () => {
    const lossy = run(["evaluate", "--checkpoint", checkpoint, "--adc-bits", "4"]);
    expect(lossy.status).toBe(2);
    expect(lossy.stderr).toMatch(/needs 8 bits, but the ADC has 4/);
    const missing = run(["evaluate", "--checkpoint", join(dir, "none.json")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/none\.json/);
    const other = run(["evaluate", "--checkpoint", checkpoint, "--data", "synthetic-criteo"]);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/expected the same layout/);
  });
});
