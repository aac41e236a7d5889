import type { Options } from "yargs";
import { InputError } from "../sim/kernel/input-error";

/** The values a numeric flag takes. */
export interface Range {
  integer?: boolean;
  /** Smallest allowed value (inclusive). */
  min?: number;
  /** Values must be above this (exclusive). */
  above?: number;
  /** Largest allowed value (inclusive). */
  max?: number;
}

/** "an integer >= 1", "a number > 0 and <= 1". */
export function rangeText(range: Range): string {
  const parts = [
    range.min !== undefined && `>= ${range.min}`,
    range.above !== undefined && `> ${range.above}`,
    range.max !== undefined && `<= ${range.max}`,
  ].filter((p): p is string => p !== false);
  const kind = range.integer === true ? "an integer" : "a number";
  return parts.length === 0 ? `${kind}` : `${kind} ${parts.join(" and ")}`;
}

/** Throws an InputError naming the flag when `value` lies outside `range`. */
export function checkRange(flag: string, value: number, range: Range): number {
  const ok =
    Number.isFinite(value) &&
    (range.integer !== true || Number.isInteger(value)) &&
    (range.min === undefined || value >= range.min) &&
    (range.above === undefined || value > range.above) &&
    (range.max === undefined || value <= range.max);
  if (!ok) throw new InputError(`--${flag} ${value}: expected ${rangeText(range)}`);
  return value;
}

/**
 * A numeric yargs option with its range: the parser checks every value given
 * (a bad one stops the command before any work, naming the flag) and --help
 * shows the range after the description.
 */
export function ranged<O extends Options>(flag: string, option: O, range: Range): O {
  return {
    ...option,
    type: "number",
    describe: `${option.describe ?? ""} (${rangeText(range)})`,
    coerce: (value: unknown) =>
      value === undefined ? undefined : checkRange(flag, value as number, range),
  };
}

/** A seed: any whole number a double holds exactly. */
export const SEED_RANGE: Range = { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER };

/** The --seed flag (default 1), described for its command. */
export function seedOption(describe: string): Options {
  return ranged("seed", { type: "number", default: 1, describe }, SEED_RANGE);
}
