import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { defaultHwConfig } from "../../../arch/config/hw-config";
import type { EvolutionResult } from "../../../models/search/evolution";
import { runSearch, type SearchOptions } from "../../../models/search/run-search";

/**
 * Worker threads (piscina) and the command line run the compiled code in
 * dist/, which `npm test` builds before running jest.
 */

const root = resolve(__dirname, "../../..");
const mainJs = join(root, "dist/cli/main.js");

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "autorac-workers-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  if (!existsSync(mainJs)) throw new Error("dist/ is missing: run `npm run build` (npm test does)");
});

describe("worker threads", () => {
  const options = (name: string, workers: number): SearchOptions => ({
    loss: "proxy",
    dataset: "criteo",
    seed: 5,
    population: 12,
    generations: 4,
    sample: 6,
    children: 3,
    mutations: "nasrec",
    hwShare: 0.25,
    removal: "worst",
    baseHw: defaultHwConfig(),
    criterion: {},
    workers,
    journal: join(dir, name, "journal.jsonl"),
    resume: false,
    out: join(dir, name),
  });
  const summary = (r: EvolutionResult) => ({
    history: r.history.map((e) => [e.key, e.generation, e.loss, e.criterion, e.metrics]),
    bestByGeneration: r.bestByGeneration,
    best: r.best.key,
    top: r.top.map((e) => e.key),
    pareto: r.pareto.map((e) => e.key),
  });

  it("give exactly the result of one thread for the same seed", async () => {
    const one = await runSearch(options("one", 1));
    const two = await runSearch(options("two", 2));
    expect(summary(two.result)).toEqual(summary(one.result));
    // the journals hold the same evaluations (perhaps in another order)
    const keys = (name: string) =>
      readFileSync(join(dir, name, "journal.jsonl"), "utf8")
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => (JSON.parse(l) as { key: string }).key)
        .sort();
    expect(keys("two")).toEqual(keys("one"));
  }, 30_000);
});

describe("autorac search (a child process)", () => {
  const files = [
    "best.json",
    "top15.json",
    "pareto.json",
    "result.json",
    "criterion.svg",
    "best-model.svg",
    "pareto.svg",
  ];
  const search = (args: string[]) =>
    spawnSync(process.execPath, [mainJs, "search", ...args], {
      encoding: "utf8",
      timeout: 30_000,
    });
  const small = ["--generations", "3", "--population", "8", "--children", "2", "--no-progress"];

  it("runs a small proxy search and writes the results and plots", () => {
    const out = join(dir, "cli");
    const run = search(["--loss", "proxy", ...small, "--out", out]);
    expect([run.status, run.stderr]).toEqual([0, ""]);
    for (const f of files) expect([f, existsSync(join(out, f))]).toEqual([f, true]);
    // 8 random candidates + 3 generations of 2 children
    const result = JSON.parse(readFileSync(join(out, "result.json"), "utf8"));
    expect(result.evaluations).toBe(8 + 3 * 2);
    expect(result.bestByGeneration).toHaveLength(3 + 1);
    const best = JSON.parse(readFileSync(join(out, "best.json"), "utf8"));
    expect(best.criterion).toBe(Math.min(...result.bestByGeneration));
    const top = JSON.parse(readFileSync(join(out, "top15.json"), "utf8"));
    expect(top).toHaveLength(14); // fewer than 15 candidates were seen
    expect(top[0]).toEqual(best);
    for (const f of files.filter((f) => f.endsWith(".svg")))
      expect(readFileSync(join(out, f), "utf8")).toMatch(/^<svg|^<\?xml/);
    expect(run.stdout).toContain("autorac search:");
  }, 30_000);

  it("gives the same files with --workers 2", () => {
    // the same search as the test above, which ran it with one thread
    const one = join(dir, "cli");
    if (!existsSync(join(one, "result.json")))
      expect(search(["--loss", "proxy", ...small, "--out", one]).status).toBe(0);
    const two = join(dir, "cli-w2");
    expect(search(["--loss", "proxy", ...small, "--workers", "2", "--out", two]).status).toBe(0);
    for (const f of ["best.json", "top15.json", "pareto.json", "result.json"])
      expect([f, readFileSync(join(two, f), "utf8")]).toEqual([
        f,
        readFileSync(join(one, f), "utf8"),
      ]);
  }, 30_000);

  it("refuses to run without --loss, naming the flag, and writes nothing", () => {
    const out = join(dir, "cli-noloss");
    const run = search([...small, "--out", out]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("--loss");
    expect(existsSync(out)).toBe(false);
  });
});
