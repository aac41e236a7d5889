import { InputError } from "../../sim/kernel/input-error";

/** The three CTR data sets AutoRAC and NASRec train on (traces/datasets.ts has their layouts). */
export type DataFormat = "criteo" | "avazu" | "kdd";

export const dataFormats: readonly DataFormat[] = ["criteo", "avazu", "kdd"];

/**
 * One labelled row of a CTR data set, after NASRec's categorical indexing
 * but before its dense transform (`denseTransform`): what the trace
 * converters and the batcher both start from.
 */
export interface CtrExample {
  /** 1 = click. */
  label: 0 | 1;
  /** Raw numeric features, a missing value read as 0 (NASRec fills missing dense values with 0). */
  dense: number[];
  /** One embedding row per sparse feature, in [0, tableRows[f]); row 0 holds missing values. */
  sparse: number[];
}

/** Where a field sits, for error messages: `train.txt:17: field C3 (column 17)`. */
export interface FieldPlace {
  file: string;
  lineNumber: number;
}

/** A field as a message quotes it: at most 40 characters (a field can be a megabyte long). */
function shown(text: string): string {
  return text.length <= 40
    ? JSON.stringify(text)
    : `${JSON.stringify(text.slice(0, 40))}... (${text.length} characters)`;
}

/** An InputError naming the file, the line and, when given, the field. */
export function lineError(at: FieldPlace, message: string, field?: string): InputError {
  const where = field === undefined ? "" : ` field ${field}:`;
  return new InputError(`${at.file}:${at.lineNumber}:${where} ${message}`);
}

/** Splits a line on `separator`, dropping a trailing carriage return (CRLF files). */
export function splitFields(line: string, separator: string): string[] {
  const text = line.endsWith("\r") ? line.slice(0, -1) : line;
  return text.split(separator);
}

/** Checks a field count, calling a short line truncated. */
export function checkFieldCount(
  fields: readonly string[],
  expected: number,
  at: FieldPlace,
  layout: string,
): void {
  if (fields.length === expected) return;
  const hint = fields.length < expected ? " (a truncated line?)" : "";
  throw lineError(at, `${fields.length} fields, expected ${expected} (${layout})${hint}`);
}

/** A 0/1 label (`click`, `label`); anything else is refused naming the field. */
export function parseLabel(text: string, at: FieldPlace, field: string): 0 | 1 {
  if (text === "0") return 0;
  if (text === "1") return 1;
  throw lineError(at, `${shown(text)}: expected a label 0 or 1`, field);
}

/** A numeric feature: empty = missing = 0 (NASRec); otherwise a finite number ("260.0" included). */
export function parseDense(text: string, at: FieldPlace, field: string): number {
  if (text === "") return 0;
  const value = Number(text);
  if (!Number.isFinite(value) || text.trim() !== text) {
    throw lineError(at, `${shown(text)}: expected a number or an empty field`, field);
  }
  return value;
}
