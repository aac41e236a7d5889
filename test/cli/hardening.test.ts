import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * Issue 16's defects of the commands that are not about traces, repeated as
 * written: each must end in one located message on stderr, exit status 2,
 * no stack trace and nothing written. Through the built CLI, as a user runs it.
 */
const MAIN = resolve(__dirname, "../../dist/cli/main.js");
const dir = mkdtempSync(join(tmpdir(), "autorac-hardening-"));

function run(...args: string[]) {
  const r = spawnSync("node", [MAIN, ...args], { cwd: dir, encoding: "utf8", timeout: 120_000 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

function refused(args: string[], message: RegExp) {
  const r = run(...args);
  expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  expect(r.err.trim().split("\n")).toHaveLength(1);
  expect(r.status).toBe(2);
}

describe("numeric flags are range-checked by the parser", () => {
  it.each([
    [["train", "--lr", "NaN"], /--lr NaN: expected a number > 0 and <= 10/],
    [["train", "--lr", "-1"], /--lr -1: expected a number > 0 and <= 10/],
    [["simulate", "--functional", "-3"], /--functional -3: expected an integer >= 0/],
    [["simulate", "--requests", "0"], /--requests 0: expected an integer >= 1/],
    [
      ["search", "--loss", "proxy", "--sample", "500", "--population", "16"],
      /expected --sample <= --population/,
    ],
    [
      ["search", "--loss", "proxy", "--hw-share", "2"],
      /--hw-share 2: expected a number >= 0 and <= 1/,
    ],
    [
      ["worker", "--queue", "redis://127.0.0.1:1", "--concurrency", "0"],
      /--concurrency 0: expected an integer >= 1/,
    ],
  ])("%j", (args, message) => refused(args, message));

  it("shows each range in --help", () => {
    const help = run("train", "--help").out.replace(/\s+/g, " ");
    expect(help).toMatch(/Peak Adagrad learning rate[^[]*\(a number > 0 and <= 10\)/);
  });
});

describe("output paths are checked before the work", () => {
  it("refuses a missing folder and a directory, leaving nothing behind", () => {
    refused(
      ["simulate", "--requests", "20000", "--out", "/nonexistent/d/x.json"],
      /--out \/nonexistent\/d\/x\.json: the folder \/nonexistent\/d does not exist/,
    );
    mkdirSync(join(dir, "adir"));
    refused(
      ["simulate", "--requests", "10", "--out", "adir"],
      /--out adir: is a directory; expected a file name/,
    );
    expect(readdirSync(join(dir, "adir"))).toEqual([]);
    refused(
      ["ablate", "--requests", "10", "--svg", "/nonexistent/w.svg"],
      /--svg .*does not exist/,
    );
    refused(["train", "--checkpoint", "/nonexistent/c.json"], /--checkpoint .*does not exist/);
  });

  it("does not overwrite an earlier search's results without --force or --resume", () => {
    const search = [
      "search",
      "--loss",
      "proxy",
      "--generations",
      "1",
      "--population",
      "4",
      "--sample",
      "2",
      "--children",
      "2",
      "--progress",
      "false",
    ];
    expect(run(...search, "--out", "s").status).toBe(0);
    refused(
      [...search, "--out", "s", "--journal", "other.jsonl"],
      /--out s: holds the results of an earlier run \(best\.json.*--force replaces/,
    );
    expect(existsSync(join(dir, "other.jsonl"))).toBe(false);
    expect(run(...search, "--out", "s", "--journal", "other.jsonl", "--force").status).toBe(0);
  });
});

describe("empty runs", () => {
  it("refuses to train on validation rows of one label (AUC undefined)", () => {
    const row = (i: number) =>
      [
        "0",
        ...Array.from({ length: 13 }, (_, k) => String((i + k) % 5)),
        ...Array(26).fill("a1"),
      ].join("\t");
    writeFileSync(join(dir, "zeros.txt"), Array.from({ length: 100 }, (_, i) => row(i)).join("\n"));
    refused(
      [
        "train",
        "--data",
        "zeros.txt",
        "--format",
        "criteo",
        "--table-cap",
        "10",
        "--backend",
        "cpu",
        "--progress",
        "false",
      ],
      /validation rows are all non-clicks \(label 0\): AUC is undefined/,
    );
  });
});

describe("sizes", () => {
  it("refuses a model too large for memory with its estimate, before building it", () => {
    const block = (i: number) => ({
      dense: { op: "fc", dim: 100_000, weightBits: 8 },
      sparse: { op: "efc", dim: 16, weightBits: 8 },
      dsi: null,
      fm: null,
      inputs: { dense: [i], sparse: [i] },
    });
    const spec = {
      name: "wide",
      dataset: "criteo",
      embeddingDim: 16,
      blocks: [block(0), block(1)],
      final: { weightBits: 8 },
    };
    writeFileSync(join(dir, "wide.json"), JSON.stringify(spec));
    refused(
      ["simulate", "--model", "wide.json", "--requests", "5"],
      /wide: simulating it needs about \d+ MB .* over the limit of \d+ MB \(--max-memory-mb/,
    );
  });
});

describe("interrupted writers", () => {
  it.each(["SIGINT", "SIGTERM"] as const)(
    "%s during trace synth stops it and leaves no temporary file",
    async (signal) => {
      const out = join(dir, `big-${signal}.jsonl`);
      const child = spawn("node", [MAIN, "trace", "synth", "--requests", "5000000", "--out", out], {
        cwd: dir,
        stdio: "ignore",
      });
      const exited = new Promise<NodeJS.Signals | null>((done) =>
        child.on("exit", (_code, sig) => done(sig)),
      );
      // wait until it is writing (its temporary file exists), then interrupt it
      while (!readdirSync(dir).some((f) => f.startsWith(`big-${signal}.jsonl.`)))
        await new Promise((resolve) => setTimeout(resolve, 50));
      child.kill(signal);
      expect(await exited).toBe(signal);
      expect(readdirSync(dir).filter((f) => f.startsWith(`big-${signal}`))).toEqual([]);
    },
    120_000,
  );
});

describe("messages", () => {
  it("says a missing model file is missing, not an unknown zoo name", () => {
    refused(
      ["simulate", "--model", "missing.json", "--requests", "5"],
      /--model missing\.json: no such file/,
    );
  });
});
