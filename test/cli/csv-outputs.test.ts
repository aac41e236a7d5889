import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

// The built CLI (npm test builds before jest), as a user runs it.
const MAIN = resolve(__dirname, "../../dist/cli/main.js");

describe("simulate --csv", () => {
  it("writes the headline table, each figure the JSON's, the ratio the JSON's ratio", () => {
    const dir = mkdtempSync(join(tmpdir(), "autorac-csv-"));
    const csv = join(dir, "headline.csv");
    const json = join(dir, "run.json");
    const r = spawnSync(
      "node",
      [
        MAIN,
        "simulate",
        "--requests",
        "300",
        "--no-ablation",
        "--no-progress",
        "--csv",
        csv,
        "--out",
        json,
      ],
      { encoding: "utf8", timeout: 120_000 },
    );
    expect(r.status).toBe(0);
    const result = JSON.parse(readFileSync(json, "utf8")) as {
      design: {
        throughputPerSec: number;
        powerW: number;
        endurance: { lifetimeHours: number | null };
      };
      naive: { throughputPerSec: number };
      ratios: { speedup: number };
    };
    const lines = readFileSync(csv, "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe("figure,design,naive,ratio");
    const row = (label: string) => lines.find((l) => l.startsWith(`${label},`))!.split(",");
    const throughput = row("throughput (inferences/s)");
    expect(Number(throughput[1])).toBe(result.design.throughputPerSec);
    expect(Number(throughput[2])).toBe(result.naive.throughputPerSec);
    expect(Number(throughput[3])).toBeCloseTo(result.ratios.speedup, 12);
    expect(Number(row("power (W)")[1])).toBe(result.design.powerW);
    // no array rewritten at run time: an empty field, as the JSON's null
    if (result.design.endurance.lifetimeHours === null) expect(row("lifetime (hours)")[1]).toBe("");
  }, 120_000);
});

describe("model info --csv", () => {
  it("writes one line per block and the final layer; they sum to the JSON's totals", () => {
    const dir = mkdtempSync(join(tmpdir(), "autorac-csv-"));
    const csv = join(dir, "blocks.csv");
    const r = spawnSync("node", [MAIN, "model", "info", "figure6-criteo", "--json", "--csv", csv], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    const info = JSON.parse(r.stdout) as {
      paramsExcludingEmbeddings: number;
      flopsPerSample: number;
      blockParams: number[];
      deadBlocks: number[];
    };
    const lines = readFileSync(csv, "utf8").trimEnd().split("\n").slice(1);
    expect(lines).toHaveLength(info.blockParams.length + 1);
    const column = (k: number) => lines.map((l) => Number(l.split(",")[k]));
    expect(column(5).reduce((a, b) => a + b, 0)).toBe(info.paramsExcludingEmbeddings);
    expect(column(6).reduce((a, b) => a + b, 0)).toBe(info.flopsPerSample);
    const dead = lines
      .filter((l) => l.split(",")[1] === "false")
      .map((l) => Number(l.split(",")[0]));
    expect(dead).toEqual(info.deadBlocks);
  });
});
