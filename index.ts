// autorac's library API: everything the CLI does is reachable from here.
export * from "./sim/kernel";
export {
  simulate,
  type SimulateOptions,
  type SimulateResult,
  type Metrics,
} from "./models/simulate";
export type { ModelSpec } from "./models/spec/model-spec";
export type { HwConfig } from "./arch/config/hw-config";
export { zooModel, zooNames, zooDesignNames } from "./models/zoo";
export { designNamed, parseDesign, DEFAULT_DESIGN, type Design } from "./models/design";
export { ABLATION_ELEMENTS, type Ablation, type AblationStep, type Gains } from "./models/ablation";
