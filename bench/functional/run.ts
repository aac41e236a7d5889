/**
 * npm run bench:functional — validation rows of the figure-6 model through
 * the chip's functional crossbar model (bit-sliced weights, DAC digits, row
 * groups, ADC conversions with clipping, shift-add: models/onchip) on the
 * default chip, batch by batch as `autorac evaluate` runs them; in the same
 * run, the same rows through the exact integer reference (the floor: the
 * model's integer products alone) and a few rows through the vector-by-
 * vector crossbar model (models/functional), so the figures show as ratios.
 * Target (issue 19): 2,000 rows/s, so that a search that measures a lossy
 * chip's accuracy stays practical.
 *
 * The model's weights are the supernet's initial ones (paper space, Criteo's
 * layout with tables capped), its activation ranges calibrated on the first
 * batch: the cost of a pass does not depend on training.
 *
 * Usage: node dist/bench/functional/run.js [rows=2048] [adcBits]
 * (an ADC narrower than the default chip's 8 bits makes the chip lossy)
 * The last line of output is one JSON object with the figures.
 */
import { buildHardware } from "../../arch/config/hardware";
import { defaultHwConfig, resolveHwConfig } from "../../arch/config/hw-config";
import { batchesOf } from "../../models/data/batch";
import { SyntheticCtr } from "../../models/data/synthetic";
import { crossbarArithmetic } from "../../models/functional/arithmetic";
import { evaluateModel } from "../../models/functional/evaluate";
import { ModelValues } from "../../models/functional/model-values";
import { evaluateOnChip } from "../../models/onchip/evaluate-on-chip";
import { analyseModel } from "../../models/spec/model-graph";
import { selectBackend } from "../../models/supernet/backend";
import { searchSpaces } from "../../models/supernet/search-space";
import { Supernet } from "../../models/supernet/supernet";
import { zooModel } from "../../models/zoo";
import { syntheticRequests } from "../../traces/synthetic";

const rows = Number(process.argv[2] ?? 2048);
const adcBits = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
const TARGET = 2_000;
const VECTOR_ROWS = 5;

async function main(): Promise<void> {
  await selectBackend("auto");
  const spec = zooModel("figure6-criteo");
  const config = defaultHwConfig();
  if (adcBits !== undefined)
    Object.assign(config, { adc: { ...config.adc, bits: adcBits }, lossy: true });
  const hw = buildHardware(resolveHwConfig(config));
  const data = new SyntheticCtr({ seed: 1, layout: "criteo" });
  const supernet = new Supernet({ dataset: data.dataset, space: searchSpaces.paper!, seed: 1 });
  const { denseFeatures, sparseFeatures } = data.dataset;
  const warmUp = batchesOf(
    [...data.examples(256, "validation")],
    256,
    denseFeatures,
    sparseFeatures,
  );
  evaluateOnChip({ supernet, spec, hw, batches: warmUp }); // calibrates the ranges, compiles the code
  const batches = batchesOf(
    [...data.examples(rows, "validation")],
    256,
    denseFeatures,
    sparseFeatures,
  );
  const r = evaluateOnChip({ supernet, spec, hw, batches });
  const vector = vectorModelRate(hw);
  const rowsPerSec = rows / r.seconds.chip;
  const referenceRowsPerSec = rows / r.seconds.integer;
  console.log(
    `functional: figure6-criteo, ${rows} validation rows (synthetic, Criteo's layout), ` +
      `${adcBits === undefined ? "default chip (lossless)" : `${adcBits}-bit ADC (lossy)`}`,
  );
  console.log(
    `  crossbar model, batched: ${rowsPerSec.toFixed(0)} rows/s (target ${TARGET}: ${(rowsPerSec / TARGET).toFixed(3)}x), ` +
      `${(r.conversions / r.seconds.chip / 1e6).toFixed(0)} M ADC conversions/s, ${(r.conversions / rows).toFixed(0)} per row, ` +
      `${r.clipped} clipped`,
  );
  console.log(
    `  integer reference (the products alone): ${referenceRowsPerSec.toFixed(0)} rows/s; the crossbar model runs at ` +
      `${(rowsPerSec / referenceRowsPerSec).toFixed(3)}x of it`,
  );
  console.log(
    `  vector-by-vector crossbar model (models/functional, ${VECTOR_ROWS} rows): ${vector.toFixed(2)} rows/s; ` +
      `the batched model is ${(rowsPerSec / vector).toFixed(0)}x faster`,
  );
  console.log(
    JSON.stringify({
      rowsPerSec: Math.round(rowsPerSec),
      conversionsPerSec: Math.round(r.conversions / r.seconds.chip),
      conversionsPerRow: Math.round(r.conversions / rows),
      referenceRowsPerSec: Math.round(referenceRowsPerSec),
      vectorModelRowsPerSec: Math.round(vector * 100) / 100,
      clipped: r.clipped,
      rows,
    }),
  );
}

/** Rows per second of the vector-by-vector model (synthetic weights, the same shapes). */
function vectorModelRate(hw: ReturnType<typeof buildHardware>): number {
  const graph = analyseModel(zooModel("figure6-criteo"));
  const values = new ModelValues(1, hw.config.precision.activationBits);
  const cap = hw.config.memory.maxRowsPerTable;
  const inputs = [
    ...syntheticRequests({
      dataset: graph.dataset,
      count: VECTOR_ROWS + 1,
      seed: 1,
      arrivals: { kind: "closed" },
    }),
  ].map((r) => ({ dense: r.dense, rows: r.sparse.map((ids) => ids.map((id) => id % cap)) }));
  const arithmetic = crossbarArithmetic(hw, { conversions: 0, clipped: 0 });
  evaluateModel(graph, values, inputs[0]!, arithmetic); // programs the layers
  const start = process.hrtime.bigint();
  for (const input of inputs.slice(1)) evaluateModel(graph, values, input, arithmetic);
  return VECTOR_ROWS / (Number(process.hrtime.bigint() - start) / 1e9);
}

void main();
