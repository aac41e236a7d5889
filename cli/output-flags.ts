import { checkOutputFile } from "../sim/io/output-path";

/**
 * Each named output flag's file checked before the work starts
 * (sim/io/output-path.ts), in the order given; a flag not given is skipped.
 * The parser has already made each a string (their options are type "string").
 */
export function checkOutputFlags(args: Record<string, unknown>, flags: readonly string[]): void {
  for (const flag of flags) checkOutputFile(args[flag] as string | undefined, `--${flag}`);
}
