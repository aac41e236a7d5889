import { join } from "node:path";
import { overlapParams } from "../arch/chip/overlap-switches";
import { hwParams } from "../arch/config/hw-params";
import { paramsMarkdownTable } from "../sim/kernel/param-schema";

/**
 * The parts of the docs generated from the declarations, between
 * `<!-- NAME:begin -->` and `<!-- NAME:end -->`: a test holds them equal to
 * the code; `node test/run-ts.cjs scripts/update-docs.ts` rewrites them.
 */
export const ROOT = join(__dirname, "..");

export function docBlocks(): Array<{ file: string; name: string; text: string }> {
  return [
    { file: "docs/hardware.md", name: "hw-params", text: paramsMarkdownTable(hwParams) },
    { file: "docs/chip.md", name: "overlap-switches", text: paramsMarkdownTable(overlapParams) },
  ];
}

/** The text between a block's markers in `doc`, or null when the markers are missing. */
export function blockIn(doc: string, name: string): string | null {
  const m = new RegExp(`<!-- ${name}:begin -->\\n([\\s\\S]*?)<!-- ${name}:end -->`).exec(doc);
  return m === null ? null : m[1]!.replace(/\\n$/, "");
}
