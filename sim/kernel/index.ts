// The discrete-event kernel: knows time, events, components and statistics; nothing of hardware.
export { Component } from "./component";
export { SimEvent } from "./event";
export { Signal } from "./signal";
export { Fifo, fifoParams } from "./fifo";
export { InputError } from "./input-error";
export {
  param,
  ParamError,
  paramDefaults,
  paramLeaves,
  flagOf,
  resolveParams,
  type LeafParam,
  type ParamDecls,
  type ParamInput,
  type ParamLeaf,
  type ParamSpec,
  type ParamValues,
} from "./params";
export {
  allowedValues,
  describeParams,
  paramsJsonSchema,
  paramsMarkdownTable,
} from "./param-schema";
export { Priority } from "./priority";
export { Coroutine, Process, type ProcessBody } from "./process";
export { Resource, resourceParams } from "./resource";
export { Rng } from "./rng";
export {
  Simulator,
  type RunOptions,
  type RunResult,
  type SimulatorOptions,
  type StopReason,
} from "./simulator";
export {
  Counter,
  Histogram,
  StatGroup,
  TimeWeighted,
  Utilisation,
  type Clock,
  type Stat,
  type StatJson,
} from "./stats";
export { assertCycles, type Cycles } from "./time";
export { TimelineRecorder, type TimelineOptions, type TraceEvent } from "./timeline";
export type { Waitable, Yieldable } from "./waitable";
