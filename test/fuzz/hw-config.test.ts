import fc from "fast-check";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildHardware } from "../../arch/config/hardware";
import { defaultHwConfig, loadHwConfig, resolveHwConfig } from "../../arch/config/hw-config";
import { zooDesignFile } from "../../models/zoo";
import { parseJson } from "../../sim/io/json-file";
import { expectBoundedMemory, runs, jsonText, Tally } from "./fuzz-kit";
import { jsonCases } from "./json-mutations";
import { textCases } from "./text-mutations";

/**
 * Hardware configs (arch/config/hw-config.ts resolveHwConfig): the default
 * config, the zoo design's chip and the partial configs of the tests,
 * mutated, as values (flags build them too: NaN included) and as text. A
 * config that resolves must also build (arch/config/hardware.ts) into
 * finite cycle counts; a refusal names the file and the JSON path.
 */

const WHERE = "fuzz/hw.json";
const examples: unknown[] = [
  defaultHwConfig(),
  (zooDesignFile("autorac-criteo") as { hw: unknown }).hw,
  {},
  { crossbar: { size: 32 } },
  { crossbar: { size: 64, cellBits: 2, rowsPerRead: 28 }, dac: { bits: 2 }, adc: { bits: 8 } },
  {
    organisation: "mnsim",
    crossbar: { size: 64, cellBits: 2 },
    dac: { bits: 2 },
    adc: { bits: 4 },
  },
  { lossy: true, crossbar: { size: 64, cellBits: 2 }, dac: { bits: 2 }, adc: { bits: 8 } },
];
const texts = examples.map((e) => JSON.stringify(e, null, 2));

const tally = new Tally("hardware config (resolveHwConfig + buildHardware)");
afterAll(() => tally.report());

/** Resolves, then builds an autorac chip from what resolved: its cycle counts must be whole and positive. */
function read(json: unknown): unknown {
  const config = resolveHwConfig(json, WHERE);
  if (config.organisation !== "autorac") return config;
  const hardware = buildHardware(config);
  for (const [name, cycles] of Object.entries(hardware.cycles)) {
    if (!(Number.isSafeInteger(cycles) && cycles >= 1)) {
      throw new Error(`${JSON.stringify(config)} resolved, but ${name} takes ${cycles} cycles`);
    }
  }
  return hardware;
}

describe("fuzzing the hardware config reader", () => {
  it("resolves or refuses with a location every mutation of the example configs", () => {
    fc.assert(
      fc.property(jsonCases(examples), (json) => {
        const before = jsonText(json);
        tally.check(() => read(json), WHERE);
        expect(jsonText(json)).toBe(before); // the input is not modified
      }),
      runs(1000),
    );
  });

  it("resolves or refuses with a location every mutation of the configs as text", () => {
    fc.assert(
      fc.property(textCases(texts), (text) => {
        tally.check(() => read(parseJson(text, WHERE)), WHERE);
      }),
      runs(1000),
    );
  });

  it("reads a file with a BOM or CRLF line ends as the file itself", () => {
    const text = texts[1]!;
    const variant = "\uFEFF" + text.replace(/\n/g, "\r\n");
    expect(tally.check(() => resolveHwConfig(parseJson(variant, WHERE), WHERE), WHERE)).toEqual(
      resolveHwConfig(JSON.parse(text), WHERE),
    );
  });

  it("holds its memory to a small multiple of the file on large files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "autorac-fuzz-hw-"));
    const large = (name: string, text: string) => {
      const file = join(dir, `${name.replace(/\W+/g, "-")}.json`);
      writeFileSync(file, text);
      return { name, bytes: text.length, read: () => loadHwConfig(file), location: file };
    };
    const keys = (n: number, value: string) =>
      Array.from({ length: n }, (_, i) => `"k${i}": ${value}`).join(",");
    try {
      await expectBoundedMemory(tally, [
        large("100,000 unknown keys", `{${keys(1e5, "1")}}`),
        large("50,000 unknown groups", `{"crossbar": {${keys(5e4, "{}")}}}`),
        large("a list of 500,000", `{"clockMhz": [${new Array(5e5).fill(1).join(",")}]}`),
        large("a 1 MB string", JSON.stringify({ organisation: "a".repeat(2 ** 20) })),
        large("nested 250,000 deep", `{"adc": ${"[".repeat(2.5e5)}${"]".repeat(2.5e5)}}`),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
