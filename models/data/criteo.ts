import { datasets } from "../../traces/datasets";
import { categoricalRow, MISSING_ROW, parseHexId } from "./categorical";
import {
  checkFieldCount,
  parseDense,
  parseLabel,
  splitFields,
  type CtrExample,
  type FieldPlace,
} from "./ctr-example";

export const CRITEO_DENSE = 13;
export const CRITEO_SPARSE = 26;
export const CRITEO_FIELDS = 1 + CRITEO_DENSE + CRITEO_SPARSE;
const LAYOUT = "label, 13 integer, 26 categorical";

/** Field names as the Kaggle description and the sample's header give them. */
export const CRITEO_FIELD_NAMES: readonly string[] = [
  "label",
  ...Array.from({ length: CRITEO_DENSE }, (_, i) => `I${i + 1}`),
  ...Array.from({ length: CRITEO_SPARSE }, (_, i) => `C${i + 1}`),
];

export interface LineOptions {
  /** Rows per embedding table (default: NASRec's, traces/datasets.ts). */
  tableRows?: readonly number[];
  /** Field separator (default: a tab, as in the full data; the DeepCTR sample uses commas). */
  separator?: string;
}

/**
 * One line of Criteo's Kaggle display-advertising `train.txt`:
 * `label \t I1..I13 \t C1..C26`, an empty field = missing. Dense values are
 * returned raw (missing -> 0); each categorical (8 hex digits) becomes its
 * row by NASRec's rule (categorical.ts). A wrong field count, a bad label,
 * a bad number or a bad hex id is an InputError naming the file, the line
 * and the field.
 */
export function parseCriteoLine(
  line: string,
  lineNumber: number,
  file: string,
  options: LineOptions = {},
): CtrExample {
  const at: FieldPlace = { file, lineNumber };
  const tableRows = options.tableRows ?? datasets.criteo.tableRows;
  const fields = splitFields(line, options.separator ?? "\t");
  checkFieldCount(fields, CRITEO_FIELDS, at, LAYOUT);
  const label = parseLabel(fields[0]!, at, "label (column 1)");
  const dense = new Array<number>(CRITEO_DENSE);
  for (let i = 0; i < CRITEO_DENSE; i++) {
    dense[i] = parseDense(fields[1 + i]!, at, fieldName(1 + i));
  }
  const sparse = new Array<number>(CRITEO_SPARSE);
  for (let f = 0; f < CRITEO_SPARSE; f++) {
    const text = fields[1 + CRITEO_DENSE + f]!;
    sparse[f] =
      text === ""
        ? MISSING_ROW
        : categoricalRow(parseHexId(text, at, fieldName(1 + CRITEO_DENSE + f)), tableRows[f]!);
  }
  return { label, dense, sparse };
}

/** `C3 (column 17)`: the name and the 1-based column of field `index`. */
function fieldName(index: number): string {
  return `${CRITEO_FIELD_NAMES[index]} (column ${index + 1})`;
}

/** Whether a first line is the DeepCTR sample's header (`label,I1,...`) rather than data. */
export function isCriteoHeader(line: string): boolean {
  return /^label[,\t]/.test(line);
}

/** The separator of a Criteo file from its first line: tab (Kaggle) unless the line has none. */
export function criteoSeparator(firstLine: string): string {
  return firstLine.includes("\t") ? "\t" : ",";
}
