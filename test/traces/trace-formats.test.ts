import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  embeddingBagsFromBinary,
  embeddingBagsFromJson,
  requestsFromEmbeddingBags,
} from "../../traces/formats/dlrm-datasets";
import {
  dlrmStackDistanceIds,
  requestsFromIdStream,
} from "../../traces/formats/dlrm-stack-distance";
import {
  openJsonlTrace,
  TRACE_FORMAT,
  writeJsonlTrace,
  type TraceHeader,
} from "../../traces/formats/jsonl-trace";
import { readLines } from "../../traces/line-reader";

const dir = () => mkdtempSync(join(tmpdir(), "autorac-trace-"));
const header: TraceHeader = {
  format: TRACE_FORMAT,
  dataset: { name: "tiny", denseFeatures: 2, sparseFeatures: 2, tableRows: [10, 4] },
  timeUnit: "ns",
  requests: 3,
};

describe("autorac JSON Lines traces", () => {
  it("round-trips requests, converting arrival ns to cycles (floor, 2 ns per cycle)", async () => {
    const file = join(dir(), "t.jsonl");
    await writeJsonlTrace(file, header, [
      { id: 0, arrivalCycle: 0, t: 0, dense: [1, 2.5], sparse: [[3], [0]] },
      { id: 1, arrivalCycle: 0, t: 5, dense: [0, 0], sparse: [[9, 1], [3]] },
      { id: 2, arrivalCycle: 0, t: 8, dense: [7, 7], sparse: [[0], [2]] },
    ]);
    const trace = openJsonlTrace(file);
    expect(trace.header).toEqual(header);
    expect([...trace.requests(2)]).toEqual([
      { id: 0, arrivalCycle: 0, dense: [1, 2.5], sparse: [[3], [0]] },
      { id: 1, arrivalCycle: 2, dense: [0, 0], sparse: [[9, 1], [3]] }, // 5 ns / 2 = 2.5 -> cycle 2
      { id: 2, arrivalCycle: 4, dense: [7, 7], sparse: [[0], [2]] },
    ]);
  });

  function traceWith(lines: string[]): string {
    const file = join(dir(), "bad.jsonl");
    writeFileSync(file, [JSON.stringify(header), ...lines].join("\n") + "\n");
    return file;
  }

  it("names the file, line and field of every bad request", () => {
    const read = (line: string) => () => [
      ...openJsonlTrace(traceWith(['{"dense":[0,0],"sparse":[[1],[1]]}', line])).requests(1),
    ];
    expect(read('{"dense":[0],"sparse":[[1],[1]]}')).toThrow(
      /bad\.jsonl:3: \/dense has 1 values; expected 2/,
    );
    expect(read('{"dense":[0,0],"sparse":[[1],[4]]}')).toThrow(
      /bad\.jsonl:3: \/sparse\/1 = 4: row id out of range: table 1 has 4 rows/,
    );
    expect(read('{"dense":[0,0],"sparse":[[1],[1]')).toThrow(
      /bad\.jsonl:3: invalid JSON .*a truncated line\?/,
    );
    expect(read('{"dense":[0,0],"sparse":[[1],[-1]]}')).toThrow(
      /bad\.jsonl:3: \/sparse\/1\/0 = -1: expected >= 0/,
    );
    expect(read('{"dense":[0,0],"sparse":[[1],[1]],"x":1}')).toThrow(
      /bad\.jsonl:3: \/x: unknown key/,
    );
  });

  it("refuses arrivals that go back in time and a bad header", () => {
    const back = traceWith([
      '{"t":10,"dense":[0,0],"sparse":[[1],[1]]}',
      '{"t":4,"dense":[0,0],"sparse":[[1],[1]]}',
    ]);
    expect(() => [...openJsonlTrace(back).requests(1)]).toThrow(
      /:3: \/t = 4: arrivals must not go back in time/,
    );
    const file = join(dir(), "h.jsonl");
    writeFileSync(file, JSON.stringify({ ...header, format: "v0" }) + "\n");
    expect(() => openJsonlTrace(file)).toThrow(/h\.jsonl:1: bad trace header: \/format = "v0"/);
    writeFileSync(
      file,
      JSON.stringify({ ...header, dataset: { ...header.dataset, tableRows: [10] } }) + "\n",
    );
    expect(() => openJsonlTrace(file)).toThrow(
      "/dataset/tableRows has 1 entries; expected sparseFeatures = 2",
    );
  });

  it("streams: the first requests come out before a corrupt line far below is read", () => {
    const file = traceWith([
      ...Array.from({ length: 5000 }, () => '{"dense":[0,0],"sparse":[[1],[1]]}'),
      "garbage",
    ]);
    const first = openJsonlTrace(file).requests(1).next();
    expect(first.done).toBe(false);
  });
});

describe("line reader", () => {
  it("keeps a character split across chunks whole and yields a last line without a newline", () => {
    const file = join(dir(), "u.txt");
    writeFileSync(file, "héllo wörld\nçà\nend");
    const lines = [...readLines(file, 3)].map((l) => `${l.lineNumber}:${l.line}`);
    expect(lines).toEqual(["1:héllo wörld", "2:çà", "3:end"]);
  });
});

describe("DLRM's id trace", () => {
  it("deals the id stream out to the tables, request by request, modulo the rows", () => {
    const file = join(dir(), "ids.txt");
    writeFileSync(file, "1, 2, 3, 14, 5, 6, 7");
    const requests = [...requestsFromIdStream(dlrmStackDistanceIds(file, false), [10, 4], 1, 100)];
    // 7 ids for 2 tables: 3 whole requests; 14 mod 10 = 4, 6 mod 4 = 2
    expect(requests.map((r) => r.sparse)).toEqual([
      [[1], [2]],
      [[3], [14 % 4]],
      [[5], [6 % 4]],
    ]);
  });

  it("reads the binary form (little-endian uint64) and refuses text that is not integers", () => {
    const file = join(dir(), "ids.bin");
    const buffer = Buffer.alloc(8 * 4);
    [7n, 8n, 9n, 2n ** 40n].forEach((v, i) => buffer.writeBigUInt64LE(v, 8 * i));
    writeFileSync(file, buffer);
    expect([...dlrmStackDistanceIds(file, true)]).toEqual([7, 8, 9, 2 ** 40]);
    const bad = join(dir(), "bad.txt");
    writeFileSync(bad, "1, 2, x3");
    expect(() => [...dlrmStackDistanceIds(bad, false)]).toThrow('character "x" after value 2');
  });
});

describe("dlrm_datasets embedding bags", () => {
  // 2 tables x 2 samples: table 0 has bags [5] and [6, 7]; table 1 has [] and [8]
  const bags = {
    indices: [5, 6, 7, 8],
    offsets: [0, 1, 3, 3, 4],
    lengths: [
      [1, 2],
      [0, 1],
    ],
  };

  it("turns each sample into a request with one bag per table", () => {
    const file = join(dir(), "bags.json");
    writeFileSync(file, JSON.stringify(bags));
    const requests = [...requestsFromEmbeddingBags(embeddingBagsFromJson(file), [100, 100], 0)];
    expect(requests.map((r) => r.sparse)).toEqual([
      [[5], []],
      [[6, 7], [8]],
    ]);
  });

  it("reads raw int32 files and checks the lengths against the offsets", () => {
    const d = dir();
    const put = (name: string, values: number[]) => {
      const b = Buffer.alloc(4 * values.length);
      values.forEach((v, i) => b.writeInt32LE(v, 4 * i));
      writeFileSync(join(d, name), b);
      return join(d, name);
    };
    const files = {
      indices: put("i", bags.indices),
      offsets: put("o", bags.offsets),
      lengths: put("l", [1, 2, 0, 2]),
    };
    const source = embeddingBagsFromBinary(files, "int32", 2);
    expect(() => [...requestsFromEmbeddingBags(source, [100, 100], 0)]).toThrow(
      `${files.lengths}: lengths[3] = 2, but the offsets give 1`,
    );
  });

  it("refuses offsets that do not fit the tables", () => {
    const file = join(dir(), "bags.json");
    writeFileSync(
      file,
      JSON.stringify({
        ...bags,
        offsets: [0, 1, 3, 4],
        lengths: [
          [1, 2],
          [1, 0],
        ],
      }),
    );
    expect(() => embeddingBagsFromJson(file)).toThrow(
      "4 offsets is not tables x batch + 1 for 2 tables",
    );
  });
});
