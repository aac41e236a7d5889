import fc from "fast-check";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCheckpoint, saveCheckpoint } from "../../models/supernet/checkpoint";
import { Supernet } from "../../models/supernet/supernet";
import { SyntheticSource } from "../../models/data/sources";
import { TINY_SPACE } from "../models/supernet/tiny-space";
import { expectBoundedMemory, jsonText, runs, Tally } from "./fuzz-kit";
import { jsonCases } from "./json-mutations";
import { randomBytes, textCases } from "./text-mutations";

/**
 * A supernet checkpoint's JSON header (models/supernet/checkpoint.ts
 * loadCheckpoint): a real checkpoint of the tests' tiny space, its header
 * mutated, its weights file beside it untouched. A refusal names the
 * header's or the weights' file.
 */

const tally = new Tally("supernet checkpoint header (loadCheckpoint)");
const dir = mkdtempSync(join(tmpdir(), "autorac-fuzz-checkpoint-"));
const located = new RegExp(`${dir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/[^ :]+`);
let headerText = "";
let header: unknown;

beforeAll(() => {
  const source = new SyntheticSource(
    { seed: 5, denseFeatures: 2, sparseFeatures: 3, tableRows: 40 },
    64,
  );
  const supernet = new Supernet({ dataset: source.dataset, space: TINY_SPACE, seed: 3 });
  for (const [f, row] of [
    [0, 1],
    [0, 7],
    [2, 39],
  ] as const)
    supernet.embeddings.row(f, row); // touched rows are saved
  saveCheckpoint(supernet, join(dir, "run.json"), { totalSteps: 20 });
  headerText = readFileSync(join(dir, "run.json"), "utf8");
  header = JSON.parse(headerText);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  tally.report();
});

let index = 0;
/** Writes a header beside the real weights file (run.bin, which it names) and loads it. */
function load(content: string | Uint8Array): void {
  const file = join(dir, `case${index++}.json`);
  writeFileSync(file, content);
  tally.check(() => loadCheckpoint(file), located);
}

describe("fuzzing the supernet checkpoint reader", () => {
  it("loads the checkpoint it starts from", () => {
    load(headerText);
    expect(tally.parsed).toBe(1);
  });

  it("loads or refuses with a location every mutation of the header's text", () => {
    fc.assert(fc.property(textCases([headerText]), load), runs(1500));
  });

  it("loads or refuses with a location random bytes", () => {
    fc.assert(fc.property(randomBytes, load), runs(300));
  });

  /**
   * Before the header was checked (models/supernet/checkpoint-header.ts), 178
   * of these 800 cases failed: TypeErrors for a missing or retyped field,
   * RangeErrors from a seed of -1 or a table of -1e308 rows, errors naming no
   * file; and sizes were believed (tableRows [3e8, 40, 40] reserved 9.4 GB,
   * space.blocks 3000 ran V8 out of memory).
   */
  it("loads or refuses with a location every header with fields deleted, retyped, made huge", () => {
    fc.assert(
      fc.property(jsonCases([header]), (value) => load(jsonText(value))),
      runs(800),
    );
  });

  it("holds its memory to a small multiple of the file on large headers", async () => {
    const h = header as Record<string, unknown>;
    const large = (name: string, value: unknown) => {
      const text = JSON.stringify(value);
      const file = join(dir, `${name.replace(/\W+/g, "-")}.json`);
      writeFileSync(file, text);
      return { name, bytes: text.length, read: () => loadCheckpoint(file), location: located };
    };
    await expectBoundedMemory(tally, [
      large("a 2 MB training record", { ...h, training: { note: "n".repeat(2e6) } }),
      large("100,000 layers", { ...h, layers: Array(1e5).fill({ name: "x", rows: 1, cols: 1 }) }),
    ]);
  }, 30_000);
});
