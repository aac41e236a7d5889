import { param, paramDefaults, type ParamValues } from "../../sim/kernel/params";

/**
 * The overlap switches, declared once: each on by default (the paper's
 * design), each changing only its own behaviour. The type, the defaults,
 * the command-line flags (`--no-dp-program-overlap`), the overlap study's
 * list and the docs all come from here.
 */
export const overlapParams = {
  dpProgramOverlap: param.boolean({
    default: true,
    unit: "",
    description:
      "DP: write each EFC output row into the DP crossbars as it is produced (off: after the whole EFC output)",
  }),
  fmConcurrentHalves: param.boolean({
    default: true,
    unit: "",
    description:
      "FM: square the sums in the MBSA while the array computes the sums of squares (off: one after the other)",
  }),
  requestPipelining: param.boolean({
    default: true,
    unit: "",
    description: "Let a request start before the previous one has finished",
  }),
  frequencyPlacement: param.boolean({
    default: true,
    unit: "",
    description:
      "Place embedding rows by access frequency, round-robin over the banks (off: by row id)",
  }),
};

export type OverlapSwitches = ParamValues<typeof overlapParams>;
export type SwitchName = keyof OverlapSwitches;

/** Every overlap switch on: the paper's design. */
export const ALL_OVERLAPS: Readonly<OverlapSwitches> = Object.freeze(paramDefaults(overlapParams));

/** The switches' names, in declaration order. */
export const SWITCH_NAMES = Object.keys(overlapParams) as SwitchName[];
