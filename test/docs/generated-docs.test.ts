import { readFileSync } from "node:fs";
import { join } from "node:path";
import { blockIn, docBlocks, ROOT } from "../../scripts/doc-blocks";

/** A Markdown table with Prettier's padding and blank lines taken out. */
const normal = (text: string | null) =>
  (text ?? "")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => line.replace(/\s+/g, " ").replace(/-{3,}/g, "---"))
    .join("\n");

// The docs' tables of parameters are the declarations' (node test/run-ts.cjs scripts/update-docs.ts rewrites them).
describe("generated docs", () => {
  for (const { file, name, text } of docBlocks()) {
    it(`${file} holds the current ${name} table`, () => {
      const doc = readFileSync(join(ROOT, file), "utf8");
      expect(normal(blockIn(doc, name))).toBe(normal(text));
    });
  }
});
