import { closeSync, readSync } from "node:fs";
import { openForReading } from "../../sim/io/open-file";
import { InputError } from "../../sim/kernel/input-error";
import type { InferenceRequest } from "../request";
import { IntFile } from "./int-file";

/**
 * DLRM's trace file (dlrm_data_pytorch.py, read_trace_from_file): one
 * stream of embedding ids, as text (one line of integers separated by ", ")
 * or as raw little-endian uint64 values (its trace_file_binary_type). DLRM
 * draws every table's ids from that one stream; so do we: request i takes,
 * for table t, the id at position i * tables + t, reduced modulo the table's
 * rows. The stream is read lazily, so a trace of any length fits in memory.
 */
export function* dlrmStackDistanceIds(path: string, binary: boolean): Generator<number> {
  if (binary) {
    const file = new IntFile(path, "uint64");
    try {
      for (let i = 0; i < file.length; i++) yield file.get(i);
    } finally {
      file.close();
    }
    return;
  }
  const fd = openForReading(path);
  const buffer = Buffer.alloc(1 << 20);
  let token = "";
  let position = 0; // 1-based index of the value being read, for errors
  try {
    while (true) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      const text = buffer.toString("latin1", 0, n);
      for (let k = 0; k < text.length; k++) {
        const c = text.charCodeAt(k);
        if (c >= 48 && c <= 57) {
          token += text[k];
        } else if (c === 44 || c === 32 || c === 10 || c === 13 || c === 9) {
          if (token !== "") {
            position++;
            yield parseId(token, path, position);
            token = "";
          }
        } else {
          throw new InputError(
            `${path}: character ${JSON.stringify(text[k])} after value ${position}: expected integers separated by ", " (DLRM's text trace)`,
          );
        }
      }
    }
    if (token !== "") yield parseId(token, path, position + 1);
  } finally {
    closeSync(fd);
  }
}

function parseId(token: string, path: string, position: number): number {
  const value = Number(token);
  if (!Number.isSafeInteger(value))
    throw new InputError(`${path}: value ${position} = ${token} exceeds 2^53`);
  return value;
}

/** Requests from an id stream: `tables` ids per request, each modulo its table's rows. */
export function* requestsFromIdStream(
  ids: Iterator<number>,
  tableRows: readonly number[],
  denseFeatures: number,
  count: number,
): Generator<InferenceRequest> {
  for (let id = 0; id < count; id++) {
    const sparse: number[][] = [];
    for (let t = 0; t < tableRows.length; t++) {
      const next = ids.next();
      if (next.done === true) return; // the stream ran out: fewer requests than asked
      sparse.push([next.value % tableRows[t]!]);
    }
    yield { id, arrivalCycle: null, dense: new Array<number>(denseFeatures).fill(0), sparse };
  }
}
