import { InputError } from "../../sim/kernel/input-error";
import { datasets } from "../../traces/datasets";
import { categoricalRow, MISSING_ROW, parseAvazuValue } from "./categorical";
import {
  checkFieldCount,
  parseLabel,
  splitFields,
  type CtrExample,
  type FieldPlace,
} from "./ctr-example";

/** Avazu's CSV header (Kaggle "avazu-ctr-prediction" `train`). */
export const AVAZU_HEADER: readonly string[] = [
  "id",
  "click",
  "hour",
  "C1",
  "banner_pos",
  "site_id",
  "site_domain",
  "site_category",
  "app_id",
  "app_domain",
  "app_category",
  "device_id",
  "device_ip",
  "device_model",
  "device_type",
  "device_conn_type",
  "C14",
  "C15",
  "C16",
  "C17",
  "C18",
  "C19",
  "C20",
  "C21",
];

/** NASRec's 23 categoricals: every column but `click`, in file order (id, hour, C1, ...). */
export const AVAZU_SPARSE_COLUMNS: readonly number[] = AVAZU_HEADER.flatMap((name, i) =>
  name === "click" ? [] : [i],
);
const LABEL_COLUMN = AVAZU_HEADER.indexOf("click");

/** Checks an Avazu file's header line; anything but the Kaggle header is refused. */
export function checkAvazuHeader(line: string, file: string): void {
  const fields = splitFields(line, ",");
  if (fields.length !== AVAZU_HEADER.length || fields.some((f, i) => f !== AVAZU_HEADER[i])) {
    throw new InputError(
      `${file}:1: not Avazu's header: expected ${AVAZU_HEADER.join(",")} (the Kaggle train file)`,
    );
  }
}

export interface AvazuLineOptions {
  /** Rows per embedding table (default: NASRec's, traces/datasets.ts). */
  tableRows?: readonly number[];
}

/**
 * One data line of Avazu's `train` CSV (24 columns, the header above).
 * NASRec feeds one pseudo-dense feature that is always 0; each of the 23
 * categoricals is `int(v, 10) % 2147483647` (hex when not decimal), then
 * indexed as for Criteo (categorical.ts). An empty field (none in the real
 * file) is read as missing, row 0.
 */
export function parseAvazuLine(
  line: string,
  lineNumber: number,
  file: string,
  options: AvazuLineOptions = {},
): CtrExample {
  const at: FieldPlace = { file, lineNumber };
  const tableRows = options.tableRows ?? datasets.avazu.tableRows;
  const fields = splitFields(line, ",");
  checkFieldCount(fields, AVAZU_HEADER.length, at, "Avazu's 24 CSV columns");
  const label = parseLabel(fields[LABEL_COLUMN]!, at, `click (column ${LABEL_COLUMN + 1})`);
  const sparse = AVAZU_SPARSE_COLUMNS.map((column, f) => {
    const text = fields[column]!;
    if (text === "") return MISSING_ROW;
    const name = `${AVAZU_HEADER[column]} (column ${column + 1})`;
    return categoricalRow(parseAvazuValue(text, at, name), tableRows[f]!);
  });
  return { label, dense: [0], sparse };
}
