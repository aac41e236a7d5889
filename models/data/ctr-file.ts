import { syntheticLayoutOf } from "./synthetic";
import { InputError } from "../../sim/kernel/input-error";
import { datasets } from "../../traces/datasets";
import type { DatasetDescriptor } from "../../traces/datasets";
import { checkAvazuHeader, parseAvazuLine } from "./avazu";
import { checkTableRows } from "./categorical";
import { criteoSeparator, isCriteoHeader, parseCriteoLine } from "./criteo";
import type { CtrExample, DataFormat } from "./ctr-example";
import { parseKddLine, UserProfiles } from "./kdd";
import { readLines } from "./line-reader";
import { NASREC_SPLIT_SEED, StratifiedSplit, type SplitPart } from "./split";

export interface CtrFileOptions {
  file: string;
  format: DataFormat;
  /** Rows per table (default: NASRec's; see `cappedDataset`). */
  tableRows?: readonly number[];
  /** KDD only: `userid_profile.txt`, read once before the first row. */
  userProfile?: string;
  /** Seed of the 80/10/10 split (default NASRec's 2018). */
  splitSeed?: number;
  /** Stop after this many data rows (default: the whole file). */
  maxRows?: number;
}

export interface SplitExample extends CtrExample {
  part: SplitPart;
}

/**
 * The rows of a Criteo, Avazu or KDD file, streamed, each parsed with
 * NASRec's preprocessing and tagged with its part of the 80/10/10 split
 * (split.ts). Criteo's first line may be the DeepCTR sample's header, and
 * its separator a comma (the sample) or a tab (Kaggle); Avazu's first line
 * must be its header. Blank lines are skipped. Every pass over the same file
 * gives the same rows in the same parts.
 */
export async function* readCtrFile(options: CtrFileOptions): AsyncGenerator<SplitExample> {
  const { file, format } = options;
  const descriptor = datasets[format];
  const tableRows = options.tableRows ?? descriptor.tableRows;
  checkTableRows(tableRows, descriptor.sparseFeatures, `${file} (${format})`);
  let profiles: UserProfiles | undefined;
  if (format === "kdd" && options.userProfile !== undefined) {
    profiles = await UserProfiles.load(options.userProfile);
  }
  const split = new StratifiedSplit(options.splitSeed ?? NASREC_SPLIT_SEED);
  const maxRows = options.maxRows ?? Infinity;
  let separator = "\t";
  let rows = 0;
  for await (const { line, lineNumber } of readLines(file)) {
    if (rows >= maxRows) return;
    if (lineNumber === 1) {
      if (format === "criteo") {
        separator = criteoSeparator(line);
        if (isCriteoHeader(line)) continue;
      } else if (format === "avazu") {
        checkAvazuHeader(line, file);
        continue;
      }
    }
    if (line === "" || line === "\r") continue;
    let example: CtrExample;
    if (format === "criteo") {
      example = parseCriteoLine(line, lineNumber, file, { tableRows, separator });
    } else if (format === "avazu") {
      example = parseAvazuLine(line, lineNumber, file, { tableRows });
    } else {
      example = parseKddLine(line, lineNumber, file, { tableRows, profiles });
    }
    rows++;
    yield { ...example, part: split.nextPart(example.label) };
  }
}

/**
 * A data set's layout with every table capped at `maxRows` rows (ids fold
 * by NASRec's modulo into the smaller table). No cap: NASRec's sizes.
 */
export function cappedDataset(format: DataFormat, maxRows?: number): DatasetDescriptor {
  const base = datasets[format];
  if (maxRows === undefined) return base;
  if (!Number.isSafeInteger(maxRows) || maxRows < 2) {
    throw new InputError(`table cap = ${maxRows}: expected an integer >= 2`);
  }
  return {
    ...base,
    tableRows: base.tableRows.map((rows) => Math.min(rows, maxRows)),
    source: `${base.source}; every table capped at ${maxRows} rows`,
  };
}

/** Guesses a file's format from its name (criteo, avazu, kdd); null when nothing matches. */
export function guessFormat(file: string): DataFormat | null {
  const name = file.toLowerCase();
  if (name.includes("avazu")) return "avazu";
  if (name.includes("kdd") || name.includes("track2")) return "kdd";
  if (name.includes("criteo") || name.includes("dac")) return "criteo";
  return null;
}

/**
 * The format of `--data`: the one given, else criteo for synthetic rows
 * (which ignore it), else guessed from the file's name, else criteo.
 */
export function formatOf(data: string, given?: string): DataFormat {
  if (given !== undefined) return given as DataFormat;
  return syntheticLayoutOf(data) !== null ? "criteo" : (guessFormat(data) ?? "criteo");
}
