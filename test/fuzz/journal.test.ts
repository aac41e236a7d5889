import fc from "fast-check";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultHwConfig } from "../../arch/config/hw-config";
import { SearchJournal } from "../../models/search/journal";
import { runSearch } from "../../models/search/run-search";
import { expectBoundedMemory, jsonText, runs, Tally } from "./fuzz-kit";
import { jsonCases } from "./json-mutations";
import { randomBytes, textCases } from "./text-mutations";

/**
 * The search journal read on --resume (models/search/journal.ts): a real
 * journal, written by a small proxy-loss search, mutated as text and record
 * by record. A journal that opens must hold only well-formed records (what
 * it rewrote is checked); a refusal names the file (and the line).
 */

const tally = new Tally("search journal on --resume (SearchJournal.open)");
const dir = mkdtempSync(join(tmpdir(), "autorac-fuzz-journal-"));
let text = "";
let header = "";
let settings: unknown;
let records: unknown[] = [];

beforeAll(async () => {
  const out = join(dir, "search");
  const journal = join(out, "journal.jsonl");
  await runSearch({
    ...{ loss: "proxy", dataset: "criteo", seed: 3, population: 6, generations: 2, sample: 3 },
    ...{ children: 2, mutations: "nasrec", hwShare: 0.25, removal: "worst", criterion: {} },
    ...{ baseHw: defaultHwConfig(), workers: 1, journal, resume: false, out },
  });
  text = readFileSync(journal, "utf8");
  [header] = text.split("\n") as [string];
  settings = (JSON.parse(header) as { settings: unknown }).settings;
  records = text
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => JSON.parse(line) as unknown);
}, 60_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  tally.report();
});

const metricNames = [
  "latencyNs",
  "throughput",
  "areaMm2",
  "powerW",
  "energyPerInferencePj",
  "unloadedLatencyNs",
  "inFlight",
];

/** The journal as rewritten on opening: the header, then well-formed records, each as it was read. */
function checkRewritten(file: string, journal: SearchJournal): void {
  const lines = readFileSync(file, "utf8").split("\n");
  expect(lines[0]).toBe(header);
  expect(lines.pop()).toBe("");
  const written = lines.slice(1).map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(journal.resumed).toBe(written.length);
  for (const { key, loss, metrics } of written) {
    expect(typeof key).toBe("string");
    expect(loss === null || typeof loss === "number").toBe(true);
    expect(Object.keys(metrics as object).sort()).toEqual([...metricNames].sort());
    expect(journal.get(key as string)).toBeDefined();
  }
}

let index = 0;
/** Writes `content` as a journal, opens it with --resume, and checks what happened. */
function resume(content: string | Uint8Array): void {
  const file = join(dir, `${index++}.jsonl`);
  writeFileSync(file, content);
  const journal = tally.check(() => SearchJournal.open(file, settings, true), file);
  if (journal !== undefined) checkRewritten(file, journal);
}

describe("fuzzing the search journal on --resume", () => {
  it("has a journal to start from", () => {
    expect(records.length).toBeGreaterThan(3);
  });

  it("resumes an empty file and refuses a directory, naming it", () => {
    resume("");
    const folder = join(dir, "a-directory.jsonl");
    mkdirSync(folder);
    expect(tally.check(() => SearchJournal.open(folder, settings, true), folder)).toBeUndefined();
  });

  it("resumes or refuses with a location every mutation of the journal's text", () => {
    fc.assert(fc.property(textCases([text]), resume), runs(700));
  });

  it("resumes or refuses with a location random bytes", () => {
    fc.assert(fc.property(randomBytes, resume), runs(200));
  });

  it("resumes or refuses naming the line every journal with records mutated", () => {
    const journal = fc.tuple(
      fc.nat(records.length),
      fc.array(jsonCases(records), { minLength: 1, maxLength: 2 }),
      fc.boolean(),
    );
    fc.assert(
      fc.property(journal, ([at, mutated, newline]) => {
        const lines = records.map(jsonText);
        lines.splice(at, 0, ...mutated.map(jsonText));
        resume([header, ...lines].join("\n") + (newline ? "\n" : ""));
      }),
      runs(800),
    );
  });

  it("resumes or refuses naming line 1 every mutation of the header", () => {
    const headers = jsonCases([JSON.parse(header)]);
    fc.assert(
      fc.property(headers, (value) => {
        resume(`${jsonText(value)}\n${records.map(jsonText).join("\n")}\n`);
      }),
      runs(300),
    );
  });

  it("holds its memory to a small multiple of the file on large journals", async () => {
    const large = (name: string, content: string) => {
      const file = join(dir, `${name.replace(/\W+/g, "-")}.jsonl`);
      writeFileSync(file, content);
      const read = () => SearchJournal.open(file, settings, true);
      return { name, bytes: content.length, read, location: file };
    };
    const record = records[0] as Record<string, unknown>;
    const many = Array.from({ length: 1e4 }, (_, i) => JSON.stringify({ ...record, key: `k${i}` }));
    await expectBoundedMemory(tally, [
      large("10,000 records", [header, ...many].join("\n") + "\n"),
      large("a 2 MB record", `${header}\n${JSON.stringify({ ...record, key: "k".repeat(2e6) })}\n`),
      large("a 2 MB damaged line", `${header}\n${"[".repeat(2e6)}\n`),
      large("500,000 numbers", `${header}\n[${Array(5e5).fill(1).join(",")}]\n`),
    ]);
  }, 30_000);
});
