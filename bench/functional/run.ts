/**
 * npm run bench:functional — evaluates synthetic rows of the figure-6 model
 * through the chip's functional crossbar model (bit-sliced weights, DAC
 * digits, row groups, ADC conversions, shift-add: models/functional) on the
 * default chip, and, in the same run, through the exact integer reference,
 * so the crossbar model's cost shows as a ratio. Target (issue 19): 2,000
 * rows/s, so that a search that measures a lossy chip's accuracy stays
 * practical.
 *
 * Usage: node dist/bench/functional/run.js [rows=50]
 * The last line of output is one JSON object with the figures.
 */
import { buildHardware } from "../../arch/config/hardware";
import { defaultHwConfig } from "../../arch/config/hw-config";
import { crossbarArithmetic, exactArithmetic } from "../../models/functional/arithmetic";
import {
  evaluateModel,
  type Arithmetic,
  type FunctionalRequest,
} from "../../models/functional/evaluate";
import { ModelValues } from "../../models/functional/model-values";
import { analyseModel } from "../../models/spec/model-graph";
import { zooModel } from "../../models/zoo";
import { syntheticRequests } from "../../traces/synthetic";

const rows = Number(process.argv[2] ?? 50);
const TARGET = 2_000;

const graph = analyseModel(zooModel("figure6-criteo"));
const hw = buildHardware(defaultHwConfig());
const values = new ModelValues(1, hw.config.precision.activationBits);
const cap = hw.config.memory.maxRowsPerTable;
const inputs: FunctionalRequest[] = [
  ...syntheticRequests({
    dataset: graph.dataset,
    count: rows,
    seed: 1,
    arrivals: { kind: "closed" },
  }),
].map((r) => ({ dense: r.dense, rows: r.sparse.map((ids) => ids.map((id) => id % cap)) }));

/** Rows per second through `arithmetic` over `list` (warmUp runs first). */
function rate(
  arithmetic: Arithmetic,
  list: FunctionalRequest[],
): { perSec: number; seconds: number } {
  const start = process.hrtime.bigint();
  for (const input of list) evaluateModel(graph, values, input, arithmetic);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { perSec: list.length / seconds, seconds };
}

/** A few rows first: the layers programmed, the code compiled; their conversions not counted. */
function warmUp(arithmetic: Arithmetic): void {
  for (const input of inputs.slice(0, 3)) evaluateModel(graph, values, input, arithmetic);
}

warmUp(crossbarArithmetic(hw, { conversions: 0, clipped: 0 }));
const tally = { conversions: 0, clipped: 0 };
const chip = rate(crossbarArithmetic(hw, tally), inputs);
const conversions = tally.conversions;
warmUp(exactArithmetic);
const exact = rate(exactArithmetic, inputs);

console.log(`functional: figure6-criteo, ${rows} synthetic rows, default chip`);
console.log(
  `  crossbar model: ${chip.perSec.toFixed(1)} rows/s (target ${TARGET}: ${(chip.perSec / TARGET).toFixed(3)}x), ` +
    `${(conversions / chip.seconds / 1e6).toFixed(2)} M ADC conversions/s, ${(conversions / rows).toFixed(0)} per row`,
);
console.log(
  `  integer reference: ${exact.perSec.toFixed(0)} rows/s; the crossbar model runs at ${(chip.perSec / exact.perSec).toFixed(4)}x of it`,
);
console.log(
  JSON.stringify({
    rowsPerSec: Math.round(chip.perSec * 10) / 10,
    conversionsPerSec: Math.round(conversions / chip.seconds),
    conversionsPerRow: Math.round(conversions / rows),
    referenceRowsPerSec: Math.round(exact.perSec),
    rows,
  }),
);
