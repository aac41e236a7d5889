import fc from "fast-check";

/**
 * Mutations of a valid text (a JSON file, a data line, a journal): cut
 * short, characters inserted, deleted or replaced (control characters,
 * separators, astral and lone-surrogate code units), a BOM in front, CRLF
 * line ends, a slice repeated into a very long line, lines dropped or
 * doubled, or random bytes instead.
 */

const BOM = "\uFEFF";

/** Characters worth inserting: separators, quotes, controls, a lone surrogate, binary. */
const nastyText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "\t",
    ",",
    "\n",
    "\r",
    "\r\n",
    '"',
    "{",
    "}",
    "[",
    "]",
    ":",
    "-",
    ".",
    "e",
    "\u0000",
    BOM,
    "\ud800",
    "\u00e9",
    "😀",
    " ",
    "0",
    "9",
    "NaN",
    "1e999",
  ),
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.string({ unit: "grapheme-ascii", maxLength: 6 }),
);

interface TextMutation {
  kind: string;
  /** Where, as a fraction of the text's length. */
  at: number;
  length: number;
  insert: string;
  times: number;
}

const textMutation: fc.Arbitrary<TextMutation> = fc.record({
  kind: fc.constantFrom(
    "truncate",
    "insert",
    "insert",
    "delete",
    "replace",
    "replace",
    "bom",
    "crlf",
    "repeat",
    "dropLine",
    "doubleLine",
  ),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  length: fc.integer({ min: 1, max: 16 }),
  insert: nastyText,
  times: fc.integer({ min: 2, max: 2000 }),
});

function applyText(text: string, m: TextMutation): string {
  const at = Math.min(text.length, Math.floor(m.at * (text.length + 1)));
  switch (m.kind) {
    case "truncate":
      return text.slice(0, at);
    case "insert":
      return text.slice(0, at) + m.insert + text.slice(at);
    case "delete":
      return text.slice(0, at) + text.slice(at + m.length);
    case "replace":
      return text.slice(0, at) + m.insert + text.slice(at + m.insert.length);
    case "bom":
      return BOM + text;
    case "crlf":
      return text.replace(/\n/g, "\r\n");
    case "repeat":
      return text.slice(0, at) + text.slice(at, at + m.length).repeat(m.times) + text.slice(at);
    default: {
      const lines = text.split("\n");
      const i = Math.min(lines.length - 1, Math.floor(m.at * lines.length));
      if (m.kind === "dropLine") lines.splice(i, 1);
      else lines.splice(i, 0, lines[i]!);
      return lines.join("\n");
    }
  }
}

/** A valid text with one to three mutations. */
export function mutatedText(text: string): fc.Arbitrary<string> {
  return fc
    .array(textMutation, { minLength: 1, maxLength: 3 })
    .map((mutations) => mutations.reduce(applyText, text));
}

/** Random bytes read as UTF-8 (invalid sequences included), or arbitrary text. */
export const randomText: fc.Arbitrary<string> = fc.oneof(
  fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes).toString("utf8")),
  fc.string({ unit: "binary", maxLength: 200 }),
);

/** Some texts verbatim, most mutated, a few random. */
export function textCases(texts: readonly string[]): fc.Arbitrary<string> {
  const text = fc.constantFrom(...texts);
  return fc.oneof(
    { weight: 1, arbitrary: text },
    { weight: 10, arbitrary: text.chain(mutatedText) },
    { weight: 1, arbitrary: randomText },
  );
}

/** Random bytes (for files: invalid UTF-8 and binary stay binary on disk). */
export const randomBytes: fc.Arbitrary<Uint8Array> = fc.uint8Array({ maxLength: 2000 });
