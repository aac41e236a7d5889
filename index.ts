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
export {
  compareDesign,
  PAPER_TABLE3,
  ROW_IDS,
  type CompareOptions,
  type CompareResult,
  type CompareRow,
} from "./models/compare/table3";
export {
  runRecNmp,
  runDramBaseline,
  defaultRecNmpConfig,
  type RecNmpConfig,
  type SlsWorkload,
  type SlsRunResult,
} from "./arch/baselines/recnmp/recnmp";
export { recNmpOwnPaperCheck } from "./arch/baselines/recnmp/own-paper-check";
export {
  runReRec,
  defaultReRecConfig,
  reramBaselineConfig,
  type DlrmWorkload,
  type ReRecConfig,
  type ReRecRunResult,
} from "./arch/baselines/rerec/rerec";
export { reRecOwnPaperCheck } from "./arch/baselines/rerec/own-paper-check";
export type { OwnPaperCheck } from "./arch/baselines/own-paper-check";
