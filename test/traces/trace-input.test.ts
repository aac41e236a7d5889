import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { datasets } from "../../traces/datasets";
import {
  embeddingBagsFromJson,
  requestsFromEmbeddingBags,
} from "../../traces/formats/dlrm-datasets";
import { countDlrmIds, dlrmStackDistanceIds } from "../../traces/formats/dlrm-stack-distance";
import { openJsonlTrace, TRACE_FORMAT, type TraceHeader } from "../../traces/formats/jsonl-trace";
import { lineLengthCheck, readLines } from "../../traces/line-reader";
import { openTraceFile } from "../../traces/trace-file";
import { guessFormat, openTrace } from "../../traces/trace-source";
import { InputError } from "../../sim/kernel/input-error";

const dir = () => mkdtempSync(join(tmpdir(), "autorac-input-"));
const tiny = {
  name: "tiny",
  description: "",
  source: "",
  denseFeatures: 1,
  sparseFeatures: 2,
  tableRows: [10, 4],
};
const header = (requests?: number): TraceHeader => ({
  format: TRACE_FORMAT,
  dataset: { name: "tiny", denseFeatures: 1, sparseFeatures: 2, tableRows: [10, 4] },
  timeUnit: "cycles",
  ...(requests !== undefined && { requests }),
});
const line = (t?: number) =>
  JSON.stringify({ ...(t !== undefined && { t }), dense: [0], sparse: [[1], [2]] });

function write(lines: string[], name = "t.jsonl"): string {
  const file = join(dir(), name);
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

/** The message of what `f` throws, checked to be an InputError. */
function refusal(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error("expected a refusal");
}

describe("trace files: directories, pipes, long lines", () => {
  it("refuses a directory by name", () => {
    const d = dir();
    expect(refusal(() => openTraceFile(d))).toBe(`${d}: is a directory: expected a trace file`);
    expect(refusal(() => [...readLines(d)])).toContain("is a directory");
  });

  it("refuses a line longer than the limit with the file and line, and stops a spool at it", () => {
    const file = write(["short", "x".repeat(100), "short"]);
    expect(refusal(() => [...readLines(file, { maxLineChars: 50 })])).toMatch(
      /t\.jsonl:2: a line longer than 50 characters/,
    );
    // a last line without a newline, and one split across chunks
    writeFileSync(file, "ok\n" + "y".repeat(100));
    expect(refusal(() => [...readLines(file, { chunkBytes: 7, maxLineChars: 50 })])).toContain(
      ":2: a line longer than 50",
    );
    const check = lineLengthCheck("pipe", 10);
    check(Buffer.from("0123456789\n0123"));
    expect(refusal(() => check(Buffer.alloc(60, 48)))).toContain("pipe:2: a line longer than 10");
  });

  it("reads a FIFO once without a spool, and refuses a second pass", async () => {
    if (process.platform === "win32") return;
    const fifo = join(dir(), "fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const content = write([JSON.stringify(header(2)), line(), line()]);
    const writer = spawn("sh", ["-c", `cat ${content} > ${fifo}`]);
    const trace = openJsonlTrace(openTraceFile(fifo));
    expect([...trace.requests(1)]).toHaveLength(2);
    expect(refusal(() => trace.requests(1).next())).toContain("can be read only once");
    await new Promise((done) => writer.on("exit", done));
  });

  it("spools a FIFO into an unlinked file: many passes, nothing left in the temporary folder", async () => {
    if (process.platform === "win32") return;
    const fifo = join(dir(), "fifo");
    spawnSync("mkfifo", [fifo]);
    const content = write([JSON.stringify(header(3)), line(0), line(5), line(9)]);
    const writer = spawn("sh", ["-c", `cat ${content} > ${fifo}`]); // no stdin: this test blocks the loop
    const temp = dir();
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = temp;
    try {
      const source = openTrace({ path: fifo, format: "jsonl", dataset: tiny });
      expect(readdirSync(temp)).toEqual([]);
      expect(source.timed).toBe(true);
      for (let pass = 0; pass < 3; pass++) expect([...source.requests(1)]).toHaveLength(3);
    } finally {
      process.env.TMPDIR = saved;
    }
    await new Promise((done) => writer.on("exit", done));
  });

  it("stops a spool at its limit", async () => {
    if (process.platform === "win32") return;
    const fifo = join(dir(), "fifo");
    spawnSync("mkfifo", [fifo]);
    const writer = spawn("sh", ["-c", `head -c 3000000 /dev/zero > ${fifo}`]);
    const open = () =>
      openTrace({ path: fifo, format: "dlrm-trace-bin", dataset: tiny, spoolBytes: 1 << 20 });
    expect(refusal(open)).toContain("longer than 1 MiB");
    writer.kill();
    await new Promise((done) => writer.on("exit", done));
  });
});

describe("JSON Lines: the header's request count", () => {
  it("refuses a trace cut short, and one with more lines than its header says", () => {
    const short = write([JSON.stringify(header(3)), line(), line()]);
    expect(refusal(() => [...openJsonlTrace(short).requests(1)])).toMatch(
      /t\.jsonl:4: the file ends after 2 requests, but the header \(line 1\) says 3/,
    );
    const long = write([JSON.stringify(header(1)), line(), line()]);
    expect(refusal(() => [...openJsonlTrace(long).requests(1)])).toMatch(
      /t\.jsonl:3: request 2, but the header \(line 1\) says the trace has 1/,
    );
  });

  it("openTrace refuses a header-only trace, with or without a count", () => {
    const promised = write([JSON.stringify(header(200))]);
    expect(refusal(() => openTrace({ path: promised, dataset: tiny }))).toContain(
      "the file ends after 0 requests, but the header (line 1) says 200",
    );
    const none = write([JSON.stringify(header())]);
    expect(refusal(() => openTrace({ path: none, dataset: tiny }))).toBe(
      `${none}: no requests: nothing to replay`,
    );
  });
});

describe("openTrace: --requests, flags per format, format guesses", () => {
  it("takes the first N requests of a JSON Lines trace and refuses more than it holds", () => {
    const file = write([JSON.stringify(header()), line(), line(), line()]);
    const three = openTrace({ path: file, dataset: tiny, requests: 2 });
    expect([...three.requests(1)].map((r) => r.id)).toEqual([0, 1]);
    const many = openTrace({ path: file, dataset: tiny, requests: 5 });
    expect(refusal(() => [...many.requests(1)])).toBe(
      `--requests 5: ${file} holds 3 requests: ask for at most 3`,
    );
  });

  it("counts a DLRM trace first: refuses more requests than it holds and less than one", () => {
    const d = dir();
    const ids = join(d, "ids.txt");
    writeFileSync(ids, Array.from({ length: 7 }, (_, i) => i).join(", "));
    const source = openTrace({ path: ids, dataset: tiny }); // 2 ids a request: 3, one id unused
    expect(source.length).toBe(3);
    expect(source.describe).toContain("the last 1 ids unused");
    expect(refusal(() => openTrace({ path: ids, dataset: tiny, requests: 4 }))).toBe(
      `--requests 4: ${ids} holds 3 requests: ask for at most 3`,
    );
    const log = join(d, "trace.log"); // DLRM's input/trace.log: read as its text trace
    writeFileSync(log, "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11\n");
    expect(refusal(() => openTrace({ path: log, dataset: datasets.criteo }))).toBe(
      `${log}: 11 ids, fewer than one request (26 ids, one per table of criteo): nothing to replay`,
    );
  });

  it("refuses options a format does not read, and --offsets missing for binary bags", () => {
    const file = write([JSON.stringify(header()), line()]);
    expect(refusal(() => openTrace({ path: file, dataset: tiny, tables: 2 }))).toBe(
      `--tables: not used by the jsonl format (${file}); it is for dlrm-bags and dlrm-bags-bin`,
    );
    expect(
      refusal(() => openTrace({ path: file, format: "dlrm-trace", dataset: tiny, offsets: "o" })),
    ).toContain("--offsets: not used by the dlrm-trace format");
    expect(refusal(() => openTrace({ path: file, format: "dlrm-bags-bin", dataset: tiny }))).toBe(
      "dlrm-bags-bin needs --offsets FILE (--trace is the indices file)",
    );
  });

  it("guesses DLRM's text format for .log, and says when a guess may be wrong", () => {
    expect(guessFormat("input/trace.log")).toBe("dlrm-trace");
    expect(guessFormat("dist_emb_0.log")).toBe("dlrm-trace");
    expect(guessFormat("/dev/stdin")).toBe("jsonl");
    const file = write(["1, 2, 3"], "ids.dat");
    expect(refusal(() => openTrace({ path: file, dataset: tiny }))).toContain(
      "was guessed from the name: give --format",
    );
  });
});

describe("DLRM text traces and bags: located errors", () => {
  it("names the file and line of a negative id, a stray character and an id past 2^53", () => {
    const file = write(["1, 2,", "3, -4"], "ids.txt");
    expect(refusal(() => [...dlrmStackDistanceIds(file, false)])).toBe(
      `${file}:2: value 4 is negative: a negative id is not allowed (DLRM's text trace holds integers >= 0 separated by ", ")`,
    );
    writeFileSync(file, "1\n2\n3.5");
    expect(refusal(() => countDlrmIds(file, false))).toContain(`${file}:3: character "."`);
    writeFileSync(file, "1, " + "9".repeat(40));
    expect(refusal(() => countDlrmIds(file, false))).toContain(
      `${file}:1: value 2 = 99999999999999999... exceeds 2^53`,
    );
  });

  it("names the bags file in every error, and takes --tables when lengths are flat", () => {
    const file = join(dir(), "bags.json");
    const bags = { indices: [5, 6, 7, 8], offsets: [0, 1, 3, 3, 4], lengths: [1, 2, 0, 1] };
    writeFileSync(file, JSON.stringify(bags));
    expect(refusal(() => embeddingBagsFromJson(file))).toBe(
      `${file}: the number of tables is unknown: give lengths as [tables][batch] or --tables T`,
    );
    const requests = [...requestsFromEmbeddingBags(embeddingBagsFromJson(file, 2), [9, 9], 0)];
    expect(requests.map((r) => r.sparse)).toEqual([
      [[5], []],
      [[6, 7], [8]],
    ]);
    writeFileSync(file, JSON.stringify({ indices: bags.indices, offsets: [0, 3, 1, 3, 4] }));
    expect(
      refusal(() => [...requestsFromEmbeddingBags(embeddingBagsFromJson(file, 2), [9, 9], 0)]),
    ).toContain(`${file}: offsets[1] = 3, offsets[2] = 1`);
    writeFileSync(file, JSON.stringify({ ...bags, indices: [5, -6, 7, 8] }));
    expect(
      refusal(() => [...requestsFromEmbeddingBags(embeddingBagsFromJson(file, 2), [9, 9], 0)]),
    ).toBe(`${file}: indices[1] = -6: a negative id is not allowed`);
    writeFileSync(file, "[1, 2]");
    expect(refusal(() => embeddingBagsFromJson(file, 2))).toContain(`${file}: expected an object`);
  });

  it("refuses a bags file that is a directory, by name", () => {
    const d = join(dir(), "bags.json");
    mkdirSync(d);
    expect(refusal(() => embeddingBagsFromJson(d, 2))).toBe(
      `${d}: is a directory: expected a trace file`,
    );
  });
});
