import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

// The built CLI (npm test builds before jest), as a user runs it.
const MAIN = resolve(__dirname, "../../dist/cli/main.js");

function run(args: string[]): { stdout: string; stderr: string; status: number | null } {
  return spawnSync("node", [MAIN, ...args], { encoding: "utf8", timeout: 120_000 });
}

describe("autorac compare", () => {
  const dir = mkdtempSync(join(tmpdir(), "autorac-compare-"));

  it("gives the paper's rows as JSON, each accelerator beside its paper figure with sources, and the CSV", () => {
    const csv = join(dir, "table3.csv");
    const r = run(["compare", "--no-cpu", "--requests", "100", "--json", "--csv", csv]);
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout) as {
      rows: Record<string, Record<string, unknown> | null>;
    };
    expect(result.rows.cpu).toBeNull();
    // table 3 of arXiv 2505.10748
    const paper = { recnmp: [3.36, 12.48], rerec: [1.28, 1.57], naiveNasrec: [3.17, 2.39] };
    for (const [id, [speedup, powerEfficiency]] of Object.entries(paper)) {
      const row = result.rows[id]!;
      expect(typeof row.speedup).toBe("number");
      expect(typeof row.powerEfficiency).toBe("number");
      expect(row.paper).toMatchObject({ speedup, powerEfficiency });
      expect((row.sources as string[]).length).toBeGreaterThan(0);
      expect(typeof row.workload).toBe("string");
    }
    expect(typeof result.rows.rerec!.areaSaving).toBe("number");
    for (const id of ["recnmp", "rerec"]) {
      const check = result.rows[id]!.ownPaperCheck as { within2x: boolean };
      expect(result.rows[id]!.warning === null).toBe(check.within2x);
    }
    const lines = readFileSync(csv, "utf8").trimEnd().split("\n");
    expect(lines.map((l) => l.split(",")[0])).toEqual([
      "id",
      "recnmp",
      "naiveNasrec",
      "rerec",
      "design",
    ]);
  }, 120_000);

  it("prints the table with each row's workload and its own-paper check", () => {
    const r = run(["compare", "--no-cpu", "--requests", "100"]);
    expect(r.status).toBe(0);
    for (const label of ["RecNMP", "NASRec (naive)", "ReREC", "AutoRAC (this design)"]) {
      expect(r.stdout).toContain(label);
    }
    expect(r.stdout.match(/own-paper check:/g)).toHaveLength(2);
    expect(r.stdout).toContain("memory side only");
  }, 120_000);

  it("refuses an output it cannot write before running anything", () => {
    const r = run(["compare", "--no-cpu", "--csv", join(dir, "missing", "t.csv")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--csv");
  });
});
