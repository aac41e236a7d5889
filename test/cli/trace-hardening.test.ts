import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * Issue 16's defects about traces and replay (items 2, 7, 8, 9 and 10),
 * repeated as written through the built CLI, as a user runs it: each ends
 * in a correct result, or in one located message on stderr, exit status 2,
 * no stack trace, nothing written (neither the --out file nor a temporary
 * file: TMPDIR is a folder of the test's, checked empty after each run).
 */
const MAIN = resolve(__dirname, "../../dist/cli/main.js");
const dir = mkdtempSync(join(tmpdir(), "autorac-trace-hardening-"));
const temp = join(dir, "tmp");
mkdirSync(temp);

function run(args: string[], input?: string | Buffer) {
  const r = spawnSync("node", [MAIN, ...args], {
    cwd: dir,
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 64 << 20,
    env: { ...process.env, TMPDIR: temp, FORCE_COLOR: "0" },
    ...(input !== undefined && { input }),
  });
  expect(readdirSync(temp)).toEqual([]); // nothing spooled is left behind
  return { status: r.status, out: r.stdout, err: r.stderr };
}

const replay = (...args: string[]) => ["replay", "--progress", "false", ...args];

/** One located message, status 2, no stack trace, no NaN, and no --out file (replay's, profile's). */
function refused(args: string[], message: RegExp, input?: string | Buffer) {
  const r = run([...args, ...(args[0] === "replay" ? ["--out", "refused.json"] : [])], input);
  expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(r.err.trim().split("\n")).toHaveLength(1);
  expect(r.out).not.toMatch(/NaN|Infinity/);
  expect(r.status).toBe(2);
  expect(readdirSync(dir)).not.toContain("refused.json");
}

const write = (name: string, content: string | Buffer) => {
  writeFileSync(join(dir, name), content);
  return name;
};

/** The ids text of DLRM's trace file: `n` ids separated by ", ". */
const ids = (n: number) => Array.from({ length: n }, (_, i) => (i * 7919) % 1000).join(", ");
let trace = ""; // 30 criteo requests with arrival times
beforeAll(() => {
  const synth = (out: string, arrivals: string) =>
    run(["trace", "synth", "--out", out, "--requests", "30", "--arrivals", arrivals]);
  expect(synth("t.jsonl", "fixed:20000").status).toBe(0);
  expect(synth("u.jsonl", "closed").status).toBe(0);
  trace = readFileSync(join(dir, "t.jsonl"), "utf8");
  write("ids.txt", ids(300 * 26)); // DLRM's text trace: 300 requests of 26 ids
}, 60_000);

const completed = (out: string) => (JSON.parse(out) as { design: { completed: number } }).design;

/** `cat FILE | autorac ARGS` through a shell: stdin a real pipe. */
function piped(file: string, args: string[]) {
  const quoted = [MAIN, ...args].map((a) => `'${a}'`).join(" ");
  const r = spawnSync("sh", ["-c", `cat '${file}' | node ${quoted}`], {
    cwd: dir,
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 64 << 20,
    env: { ...process.env, TMPDIR: temp },
  });
  expect(readdirSync(temp)).toEqual([]);
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe("item 2: a trace from a pipe is read once", () => {
  it("replays `cat t.jsonl | autorac replay --trace /dev/stdin` as it replays the file", () => {
    const args = ["--json", "--naive", "--functional", "1"];
    const fromFile = run(replay("--trace", "t.jsonl", ...args));
    const fromPipe = piped("t.jsonl", replay("--trace", "/dev/stdin", ...args));
    expect(fromPipe.err).toBe("");
    expect(completed(fromPipe.out).completed).toBe(30);
    const same = (out: string) => out.replace(/"trace": "[^"]*"/, "");
    expect(same(fromPipe.out)).toBe(same(fromFile.out));
    // stdin a socket, as Node's child processes have it
    const fromSocket = run(replay("--trace", "/dev/stdin", "--json", "--requests", "4"), trace);
    expect(completed(fromSocket.out).completed).toBe(4);
  }, 60_000);

  it("reads a pipe in trace info and trace profile", () => {
    const info = piped("t.jsonl", ["trace", "info", "--trace", "/dev/stdin", "--json"]);
    expect(info.err).toBe("");
    expect(JSON.parse(info.out)).toMatchObject({ requests: 30, timed: true });
    const profile = piped("t.jsonl", [
      "trace",
      "profile",
      "--trace",
      "/dev/stdin",
      "--out",
      "p.json",
    ]);
    expect(profile.err).toBe("");
    expect(profile.out).toMatch(/p\.json: \d+ distinct rows over 26 tables/);
  });

  it("stops a pipe longer than --spool-max-mb", () => {
    refused(
      replay("--trace", "/dev/stdin", "--format", "dlrm-trace-bin", "--spool-max-mb", "1"),
      /\/dev\/stdin: a pipe or device is copied to a temporary file .* longer than 1 MiB: save it to a file, or raise --spool-max-mb/,
      Buffer.alloc(3 << 20),
    );
  });
});

describe("item 9: long lines, /dev/zero, directories", () => {
  it("refuses a line past the limit with the file and line", () => {
    const long = trace.split("\n");
    long.splice(2, 0, `{"dense": [${"1,".repeat(600_000)}1]}`);
    write("long.jsonl", long.join("\n"));
    refused(
      replay("--trace", "long.jsonl"),
      /^autorac: long\.jsonl:3: a line longer than 1048576 characters/,
    );
  });

  it.each([
    [replay("--trace", "/dev/zero")],
    [["trace", "info", "--trace", "/dev/zero"]],
    [["trace", "profile", "--trace", "/dev/zero", "--out", "refused.json"]],
  ])("stops %j with a clear error", (args) => {
    refused(args, /^autorac: \/dev\/zero:1: a line longer than 1048576 characters/);
  });

  it("refuses /dev/zero as a DLRM text trace at its first byte", () => {
    refused(
      replay("--trace", "/dev/zero", "--format", "dlrm-trace"),
      /\/dev\/zero:1: character "\\u0000"/,
    );
  });

  it.each([[replay("--trace", ".")], [["trace", "info", "--trace", "."]]])(
    "refuses a directory by name: %j",
    (args) => refused(args, /^autorac: \.: is a directory: expected a trace file/),
  );
});

describe("item 7: nothing to measure is refused", () => {
  it("refuses a header-only trace, whether its header counts requests or not", () => {
    const [header] = trace.split("\n") as [string];
    write("h.jsonl", header + "\n");
    refused(
      replay("--trace", "h.jsonl"),
      /h\.jsonl:2: the file ends after 0 requests, but the header \(line 1\) says 30/,
    );
    const bare = JSON.parse(header) as Record<string, unknown>;
    delete bare.requests;
    write("bare.jsonl", JSON.stringify(bare) + "\n");
    refused(
      replay("--trace", "bare.jsonl"),
      /^autorac: bare\.jsonl: no requests: nothing to replay/,
    );
  });

  it("refuses a trace whose header says 200 requests and holds 150", () => {
    const [header, first] = trace.split("\n") as [string, string];
    const lines = [header.replace('"requests":30', '"requests":200'), ...Array(150).fill(first)];
    write("short.jsonl", lines.join("\n") + "\n");
    refused(
      replay("--trace", "short.jsonl"),
      /short\.jsonl:152: the file ends after 150 requests, but the header \(line 1\) says 200/,
    );
  });

  it("refuses --requests 1000 on a DLRM trace of 300 requests", () => {
    refused(
      replay("--trace", "ids.txt", "--model", "dlrm-criteo", "--requests", "1000"),
      /^autorac: --requests 1000: ids\.txt holds 300 requests: ask for at most 300$/m,
    );
  });

  it("refuses DLRM's own input/trace.log, 11 ids: less than one request", () => {
    mkdirSync(join(dir, "input"), { recursive: true });
    write("input/trace.log", ids(11) + "\n");
    refused(
      replay("--trace", "input/trace.log", "--model", "dlrm-criteo"),
      /input\/trace\.log: 11 ids, fewer than one request \(26 ids, one per table of criteo\)/,
    );
  });
});

describe("item 8: replay's flags", () => {
  it.each([
    [["--window-ns", "-1"], /^autorac: --window-ns -1: expected a number > 0$/m],
    [["--functional", "-3"], /^autorac: --functional -3: expected an integer >= 0$/m],
    [["--requests", "0"], /^autorac: --requests 0: expected an integer >= 1$/m],
  ])("refuses %j in the parser", (flags, message) => {
    refused(replay("--trace", "t.jsonl", ...flags), message);
  });

  it("shows the ranges in --help", () => {
    const help = run(["replay", "--help"]).out.replace(/\s+/g, " ");
    expect(help).toMatch(
      /--window-ns Width of the throughput-over-time windows \[ns\] \(a number > 0\)/,
    );
    expect(help).toMatch(/--functional .*\(an integer >= 0\)/);
  });

  it("honours --requests 5 on a JSON Lines trace", () => {
    const r = run(replay("--trace", "t.jsonl", "--requests", "5", "--json"));
    expect(r.status).toBe(0);
    expect(completed(r.out).completed).toBe(5);
    refused(
      replay("--trace", "t.jsonl", "--requests", "31"),
      /--requests 31: t\.jsonl holds 30 requests/,
    );
  });

  it("refuses --mode open on a trace without arrival times", () => {
    refused(
      replay("--trace", "u.jsonl", "--mode", "open"),
      /^autorac: --mode open: u\.jsonl \(criteo, 30 requests\) has no arrival times: replay it closed loop/,
    );
  });

  it.each([
    [
      ["--trace", "t.jsonl", "--tables", "26"],
      /--tables: not used by the jsonl format \(t\.jsonl\)/,
    ],
    [["--trace", "t.jsonl", "--int-type", "int32"], /--int-type: not used by the jsonl format/],
    [["--trace", "ids.txt", "--offsets", "o.bin"], /--offsets: not used by the dlrm-trace format/],
  ])("refuses flags the format does not read: %j", (flags, message) => {
    refused(replay(...flags, "--model", "dlrm-criteo"), message);
  });
});

describe("item 10: messages about DLRM's formats", () => {
  const bags = (indices: number[]) => ({
    indices,
    offsets: Array.from({ length: 26 * 2 + 1 }, (_, i) => i),
    lengths: Array(26 * 2).fill(1),
  });

  it("takes --tables with --format dlrm-bags", () => {
    write("bags.dat", JSON.stringify(bags(Array.from({ length: 52 }, (_, i) => i))));
    const args = ["--trace", "bags.dat", "--format", "dlrm-bags", "--tables", "26", "--json"];
    const r = run(replay(...args, "--model", "dlrm-criteo"));
    expect(r.err).toBe("");
    expect(completed(r.out).completed).toBe(2);
  });

  it("reads DLRM's *.log files as its text trace", () => {
    write("dist_emb_0.log", ids(26 * 3));
    const r = run(replay("--trace", "dist_emb_0.log", "--model", "dlrm-criteo", "--json"));
    expect(r.status).toBe(0);
    expect(completed(r.out).completed).toBe(3);
  });

  it("says a negative id is not allowed, with the file and line", () => {
    write("neg.txt", `1, 2,\n3, -4, 5\n`);
    refused(
      replay("--trace", "neg.txt", "--model", "dlrm-criteo"),
      /^autorac: neg\.txt:2: value 4 is negative: a negative id is not allowed/,
    );
  });

  it("names the file of a bag error", () => {
    write("negbags.json", JSON.stringify(bags([-1, ...Array(51).fill(0)])));
    refused(
      replay("--trace", "negbags.json", "--model", "dlrm-criteo"),
      /^autorac: negbags\.json: indices\[0\] = -1: a negative id is not allowed/,
    );
  });

  it.each(["synth", "convert", "profile", "info"])("has examples in trace %s --help", (command) => {
    expect(run(["trace", command, "--help"]).out).toMatch(/Examples:\n\s+autorac trace /);
  });
});
