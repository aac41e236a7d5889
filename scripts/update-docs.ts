import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { blockIn, docBlocks, ROOT } from "./doc-blocks";

// Rewrites the generated blocks of the docs from the declarations (scripts/doc-blocks.ts).
for (const { file, name, text } of docBlocks()) {
  const path = join(ROOT, file);
  const doc = readFileSync(path, "utf8");
  if (blockIn(doc, name) === null)
    throw new Error(`${file}: no <!-- ${name}:begin/end --> markers`);
  writeFileSync(
    path,
    doc.replace(
      new RegExp(`(<!-- ${name}:begin -->\\n)[\\s\\S]*?(<!-- ${name}:end -->)`),
      (_, a: string, b: string) => `${a}${text}\n${b}`,
    ),
  );
}
