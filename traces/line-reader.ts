import { closeSync, readSync } from "node:fs";
import { openForReading } from "../sim/io/open-file";
import { StringDecoder } from "node:string_decoder";

/**
 * Reads a text file line by line, synchronously, in 1 MiB chunks, so a file
 * of any length streams in bounded memory and can feed the (synchronous)
 * simulator directly. Yields each line without its end-of-line, with its
 * 1-based number; a final line without a newline is yielded too.
 */
export function* readLines(
  path: string,
  chunkBytes = 1 << 20,
): Generator<{ line: string; lineNumber: number }> {
  const fd = openForReading(path);
  const buffer = Buffer.alloc(chunkBytes);
  const decoder = new StringDecoder("utf8"); // keeps a character split across chunks whole
  let carry = "";
  let lineNumber = 0;
  try {
    while (true) {
      const n = readSync(fd, buffer, 0, chunkBytes, null);
      if (n === 0) break;
      const text = carry + decoder.write(buffer.subarray(0, n));
      const lines = text.split("\n");
      carry = lines.pop()!;
      for (const raw of lines) {
        lineNumber++;
        yield { line: raw.endsWith("\r") ? raw.slice(0, -1) : raw, lineNumber };
      }
    }
    carry += decoder.end();
    if (carry.length > 0) yield { line: carry, lineNumber: lineNumber + 1 };
  } finally {
    closeSync(fd);
  }
}
