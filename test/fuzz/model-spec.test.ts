import fc from "fast-check";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyseModel } from "../../models/spec/model-graph";
import { loadModelSpec, parseModelSpec } from "../../models/spec/model-schema";
import type { ModelSpec } from "../../models/spec/model-spec";
import { zooNames } from "../../models/zoo";
import { parseJson } from "../../sim/io/json-file";
import { expectBoundedMemory, literally, runs, jsonText, Tally } from "./fuzz-kit";
import { jsonCases } from "./json-mutations";
import { textCases } from "./text-mutations";

/**
 * Model specs (models/spec/model-schema.ts parseModelSpec, then
 * analyseModel as every command does): the zoo's files mutated, as parsed
 * values and as text. A refusal names the file and the JSON path, or the
 * model and the block.
 */

const WHERE = "fuzz/model.json";
const located = new RegExp(`^(${literally(WHERE)}|model ")`);
const zooDir = join(__dirname, "../../models/zoo");
const texts = zooNames().map((name) => readFileSync(join(zooDir, `${name}.json`), "utf8"));
const examples = texts.map((text) => JSON.parse(text) as unknown);

const tally = new Tally("model spec (parseModelSpec + analyseModel)");
afterAll(() => tally.report());

/** The reader as the CLI runs it: check the spec, then connect its blocks; every width must be a whole number. */
function read(json: unknown): ModelSpec {
  const spec = parseModelSpec(json, WHERE);
  const graph = analyseModel(spec);
  const widths = graph.blocks.flatMap((b) => [
    b.denseInWidth,
    b.sparseInRows,
    b.denseOut,
    b.efcOutRows,
    b.sparseOutRows,
  ]);
  if (![...widths, graph.finalInWidth].every((w) => Number.isSafeInteger(w) && w >= 1)) {
    throw new Error(`analysed to widths that are not whole numbers: ${widths.join(", ")}`);
  }
  return spec;
}

describe("fuzzing the model spec reader", () => {
  it("parses or refuses with a location every mutation of the zoo's specs", () => {
    fc.assert(
      fc.property(jsonCases(examples), (json) => {
        const before = jsonText(json);
        tally.check(() => read(json), located);
        expect(jsonText(json)).toBe(before); // the input is not modified
      }),
      runs(1000),
    );
  });

  it("parses or refuses with a location every mutation of the zoo's files as text", () => {
    fc.assert(
      fc.property(textCases(texts), (text) => {
        tally.check(() => read(parseJson(text, WHERE)), located);
      }),
      runs(1000),
    );
  });

  it("reads a file with a BOM or CRLF line ends as the file itself", () => {
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.boolean(), (text, bom) => {
        const variant = (bom ? "\uFEFF" : "") + text.replace(/\n/g, "\r\n");
        const spec = tally.check(() => read(parseJson(variant, WHERE)), located);
        expect(spec).toEqual(read(JSON.parse(text)));
      }),
      runs(20),
    );
  });

  it("holds its memory to a small multiple of the file on large files", async () => {
    const spec = examples[0] as { blocks: unknown[] };
    const dir = mkdtempSync(join(tmpdir(), "autorac-fuzz-spec-"));
    const large = (name: string, value: unknown, text = JSON.stringify(value)) => {
      const file = join(dir, `${name.replace(/\W+/g, "-")}.json`);
      writeFileSync(file, text);
      return { name, bytes: text.length, read: () => loadModelSpec(file), location: file };
    };
    try {
      await expectBoundedMemory(tally, [
        large("500,000 blocks that are numbers", { ...spec, blocks: new Array(5e5).fill(1) }),
        large("300,000 empty blocks", { ...spec, blocks: Array.from({ length: 3e5 }, () => ({})) }),
        large("100,000 unknown keys", {
          ...spec,
          ...Object.fromEntries(Array.from({ length: 1e5 }, (_, i) => [`k${i}`, i])),
        }),
        large("5,000 valid blocks", {
          ...spec,
          blocks: Array.from({ length: 5e3 }, (_, i) => spec.blocks[i % spec.blocks.length]),
        }),
        large("a 1 MB name", { ...spec, name: "n".repeat(2 ** 20) }),
        large("nested 250,000 deep", null, `{"name": ${"[".repeat(2.5e5)}${"]".repeat(2.5e5)}}`),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
