import fc from "fast-check";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  embeddingBagsFromBinary,
  embeddingBagsFromJson,
  requestsFromEmbeddingBags,
} from "../../traces/formats/dlrm-datasets";
import { countDlrmIds, dlrmStackDistanceIds } from "../../traces/formats/dlrm-stack-distance";
import { openJsonlTrace, TRACE_FORMAT } from "../../traces/formats/jsonl-trace";
import type { InferenceRequest } from "../../traces/request";
import { expectBoundedMemory, jsonText, literally, runs, Tally } from "./fuzz-kit";
import { jsonCases } from "./json-mutations";
import { randomBytes, textCases } from "./text-mutations";

/**
 * The trace readers (traces/formats/*): autorac's JSON Lines, DLRM's id
 * trace as text and as uint64, and dlrm_datasets' embedding bags as JSON
 * and as raw integer files. Each case is written to a file and read whole;
 * it parses (and what it gives is checked against the layout), or it is
 * refused with an InputError naming the file (and the line, where there is
 * one); never another exception, and never more than 50x the file in
 * memory (fuzz-kit.ts). Fixed seed; the case counts are printed.
 */

const dir = mkdtempSync(join(tmpdir(), "autorac-fuzz-traces-"));
let index = 0;
function file(content: string | Uint8Array, name = "t"): string {
  const path = join(dir, `${index++}-${name}`);
  writeFileSync(path, content);
  return path;
}
/** The file at the start of the message, then a line (and column) or a colon: "t.jsonl:3: ...", "t.jsonl: ...". */
const at = (path: string) => new RegExp(`^${literally(path)}(:\\d+)*: `);

const jsonl = new Tally("JSON Lines traces (openJsonlTrace, requests)");
const text = new Tally("DLRM text traces (dlrmStackDistanceIds, countDlrmIds)");
const binary = new Tally("DLRM binary traces (uint64)");
const bags = new Tally("dlrm_datasets bags as JSON (embeddingBagsFromJson)");
const bagsBin = new Tally("dlrm_datasets bags as integer files (embeddingBagsFromBinary)");

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const tally of [jsonl, text, binary, bags, bagsBin]) tally.report();
});

// JSON Lines ------------------------------------------------------------------

const header = {
  format: TRACE_FORMAT,
  dataset: { name: "tiny", denseFeatures: 2, sparseFeatures: 3, tableRows: [10, 4, 1] },
  timeUnit: "ns",
  requests: 3,
  provenance: { generator: "fuzz" },
};
const requests = [
  { t: 0, dense: [1, 2.5], sparse: [[3], [0], [0]] },
  { t: 5, dense: [0, 0], sparse: [[9, 1], [3], [0]] },
  { dense: [7, -7], sparse: [[0], [2, 2, 2], [0]], id: 2 },
];
const traceText = (h: unknown, lines: unknown[]) => [h, ...lines].map(jsonText).join("\n") + "\n";
const untimed = { ...header, timeUnit: "cycles", requests: undefined };

/** Reads a JSON Lines trace whole; what it gives must fit its header. */
function readJsonl(content: string | Uint8Array): void {
  const path = file(content, "t.jsonl");
  const read = () => {
    const trace = openJsonlTrace(path);
    return { header: trace.header, requests: [...trace.requests(2)] };
  };
  const result = jsonl.check(read, at(path));
  if (result === undefined) return;
  const { denseFeatures, tableRows } = result.header.dataset;
  let previous = -Infinity;
  result.requests.forEach((r: InferenceRequest, i) => {
    expect(r.id).toBe(i);
    expect(r.dense).toHaveLength(denseFeatures);
    r.sparse.forEach((ids, t) => {
      for (const id of ids)
        expect(Number.isSafeInteger(id) && id >= 0 && id < tableRows[t]!).toBe(true);
    });
    if (r.arrivalCycle !== null) {
      expect(r.arrivalCycle).toBeGreaterThanOrEqual(previous);
      previous = r.arrivalCycle;
    }
  });
  if (result.header.requests !== undefined)
    expect(result.requests).toHaveLength(result.header.requests);
}

describe("fuzzing the JSON Lines trace reader", () => {
  it("reads or refuses with file and line every mutation of a trace's text", () => {
    const texts = [traceText(header, requests), traceText(untimed, requests.slice(0, 2))];
    fc.assert(fc.property(textCases(texts), readJsonl), runs(700));
  });

  it("reads or refuses naming the line every trace with requests mutated", () => {
    const lines = fc.array(jsonCases(requests), { minLength: 0, maxLength: 4 });
    fc.assert(
      fc.property(lines, fc.boolean(), (mutated, counted) => {
        const h = counted ? { ...header, requests: mutated.length } : untimed;
        readJsonl(traceText(h, mutated));
      }),
      runs(600),
    );
  });

  it("reads or refuses naming line 1 every mutation of the header", () => {
    fc.assert(
      fc.property(jsonCases([header, untimed]), (h) => readJsonl(traceText(h, requests))),
      runs(300),
    );
  });

  it("reads or refuses random bytes", () => {
    fc.assert(fc.property(randomBytes, readJsonl), runs(150));
  });
});

// DLRM's id trace -------------------------------------------------------------

function readDlrm(content: string | Uint8Array, asBinary: boolean): void {
  const path = file(content, asBinary ? "ids.bin" : "ids.txt");
  const tally = asBinary ? binary : text;
  const ids = tally.check(() => [...dlrmStackDistanceIds(path, asBinary)], at(path));
  if (ids === undefined) return;
  expect(ids.every((id) => Number.isSafeInteger(id) && id >= 0)).toBe(true);
  expect(countDlrmIds(path, asBinary)).toBe(ids.length);
}

describe("fuzzing DLRM's trace readers", () => {
  it("reads or refuses with file and line every mutation of a text trace", () => {
    const texts = ["1, 2, 3, 14, 5, 6, 7", "0, 9007199254740991,\n3,4\r\n", "", "  5  "];
    fc.assert(
      fc.property(textCases(texts), (t) => readDlrm(t, false)),
      runs(600),
    );
  });

  it("reads or refuses with file and line lists of numbers as text", () => {
    const numbers = fc.array(fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.bigInt()), {
      maxLength: 30,
    });
    const separator = fc.constantFrom(", ", ",", " ", "\n", "\t", ";", ",,");
    fc.assert(
      fc.property(numbers, separator, (values, sep) => readDlrm(values.join(sep), false)),
      runs(300),
    );
  });

  it("reads or refuses with the file every uint64 trace", () => {
    const values = fc.array(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), { maxLength: 40 });
    const words = values.map((v) => {
      const buffer = Buffer.alloc(8 * v.length);
      v.forEach((x, i) => buffer.writeBigUInt64LE(x, 8 * i));
      return new Uint8Array(buffer);
    });
    fc.assert(
      fc.property(fc.oneof(words, randomBytes), (bytes) => readDlrm(bytes, true)),
      runs(400),
    );
  });
});

// dlrm_datasets bags ----------------------------------------------------------

/** 2 tables x 2 samples: table 0 has bags [5] and [6, 7]; table 1 has [] and [8]. */
const bagExamples = [
  {
    indices: [5, 6, 7, 8],
    offsets: [0, 1, 3, 3, 4],
    lengths: [
      [1, 2],
      [0, 1],
    ],
  },
  { indices: [5, 6, 7, 8], offsets: [0, 1, 3, 3, 4], lengths: [1, 2, 0, 1] },
  { indices: [1], offsets: [0, 1] },
];

/** Turns each sample into a request; every bag's ids must be row ids of its table. */
function bagRequests(source: ReturnType<typeof embeddingBagsFromJson>, rows: number[]) {
  const tableRows = Array.from({ length: source.tables }, (_, t) => rows[t % rows.length]!);
  const out = [...requestsFromEmbeddingBags(source, tableRows, 1)];
  const inRange = out.every((r) =>
    r.sparse.every((ids, t) => ids.every((id) => id >= 0 && id < tableRows[t]!)),
  );
  expect(inRange).toBe(true);
  return out;
}

const tables = fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined });
const rows = fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 3 });

describe("fuzzing the embedding-bag readers", () => {
  it("reads or refuses with the file every mutation of a JSON bags file", () => {
    const content = fc.oneof(
      jsonCases(bagExamples).map(jsonText),
      textCases(bagExamples.map((b) => JSON.stringify(b))),
    );
    fc.assert(
      fc.property(content, tables, rows, (c, t, r) => {
        const path = file(c, "bags.json");
        bags.check(() => bagRequests(embeddingBagsFromJson(path, t, 2), r), at(path));
      }),
      runs(700),
    );
  });

  it("reads or refuses naming one of its files every set of integer files", () => {
    const ints = fc.array(fc.integer({ min: -3, max: 12 }), { maxLength: 12 });
    const or = <T>(valid: T, other: fc.Arbitrary<T>) => fc.oneof(fc.constant(valid), other);
    const set = fc.record({
      indices: or([5, 6, 7, 8], ints),
      offsets: or([0, 1, 3, 3, 4], ints),
      lengths: fc.option(or([1, 2, 0, 1], ints), { nil: undefined }),
      type: fc.constantFrom("int32" as const, "int64" as const),
      tables: or(2, fc.integer({ min: 0, max: 3 })),
      cut: fc.nat(3),
    });
    fc.assert(
      fc.property(set, rows, (s, r) => {
        const write = (name: string, values: number[]) => {
          const width = s.type === "int32" ? 4 : 8;
          const buffer = Buffer.alloc(width * values.length);
          values.forEach((v, i) =>
            width === 4 ? buffer.writeInt32LE(v, 4 * i) : buffer.writeBigInt64LE(BigInt(v), 8 * i),
          );
          return file(buffer.subarray(0, Math.max(0, buffer.length - (s.cut === 3 ? 1 : 0))), name);
        };
        const files = {
          indices: write("i.bin", s.indices),
          offsets: write("o.bin", s.offsets),
          ...(s.lengths !== undefined && { lengths: write("l.bin", s.lengths) }),
        };
        const names = Object.values(files).map(literally).join("|");
        const read = () => bagRequests(embeddingBagsFromBinary(files, s.type, s.tables), r);
        bagsBin.check(read, new RegExp(`^(${names})(:\\d+)*: `));
      }),
      runs(400),
    );
  });
});

// Memory ----------------------------------------------------------------------

describe("the trace readers hold their memory to a small multiple of the file", () => {
  it("on large traces, long lines and long values", async () => {
    const large = (
      name: string,
      tally: Tally,
      content: string,
      read: (path: string) => unknown,
    ) => {
      const path = file(content, name.replace(/\W+/g, "-"));
      return { name, bytes: content.length, read: () => read(path), location: at(path) };
    };
    const jsonlRead = (path: string) => {
      let n = 0; // streamed, as a replay reads them
      for (const r of openJsonlTrace(path).requests(1)) n += r.id;
      return n;
    };
    const many = Array.from({ length: 20_000 }, () => JSON.stringify(requests[1]));
    const badIds = `{"dense":[0,0],"sparse":[[${Array(400_000).fill(-1).join(",")}],[0],[0]]}`;
    await expectBoundedMemory(jsonl, [
      large("20,000 requests", jsonl, traceText(untimed, []) + many.join("\n"), jsonlRead),
      large("a 4 MB line", jsonl, `${JSON.stringify(untimed)}\n${"[".repeat(4e6)}\n`, jsonlRead),
      large(
        "400,000 bad ids on a line",
        jsonl,
        `${JSON.stringify(untimed)}\n${badIds}\n`,
        jsonlRead,
      ),
    ]);
    const ids = Array.from({ length: 500_000 }, (_, i) => i % 1000).join(", ");
    await expectBoundedMemory(text, [
      large("500,000 ids", text, ids, (p) => [...dlrmStackDistanceIds(p, false)]),
      large("a 4 MB number", text, "7".repeat(4e6), (p) => countDlrmIds(p, false)),
    ]);
    const bigBags = {
      indices: Array.from({ length: 300_000 }, (_, i) => i),
      offsets: Array.from({ length: 300_001 }, (_, i) => i),
    };
    await expectBoundedMemory(bags, [
      large("300,000 bags", bags, JSON.stringify(bigBags), (p) => {
        let n = 0; // streamed, as a replay reads them
        for (const r of requestsFromEmbeddingBags(embeddingBagsFromJson(p, 1), [100], 1)) n += r.id;
        return n;
      }),
    ]);
  }, 60_000);
});
