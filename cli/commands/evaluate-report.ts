import type { HwConfig } from "../../arch/config/hw-config";
import { conversionPrecision } from "../../arch/config/precision";
import type { CheckpointEvaluation } from "../../models/onchip/evaluate-checkpoint";
import { PASSES } from "../../models/onchip/evaluate-on-chip";
import { csvTable } from "../../sim/io/csv";

const LAYER_HEADER = ["point", "conversions", "clipped", "clippedFraction", "maeLsb", "maeValue"];

/** The per-layer table as CSV: one line per layer or engine. */
export function evaluateCsv(r: CheckpointEvaluation): string {
  return csvTable(
    LAYER_HEADER,
    r.layers.map((l) => [
      l.name,
      l.conversions,
      l.clipped,
      l.conversions === 0 ? 0 : l.clipped / l.conversions,
      l.maeLsb,
      l.maeValue,
    ]),
  );
}

const f4 = (x: number) => x.toFixed(4);
/** The passes' names are the first column: as wide as the longest. */
const LABEL_WIDTH = Math.max(...PASSES.map(([, name]) => name.length));
const signed = (x: number) => (x >= 0 ? "+" : "") + x.toFixed(4);
const count = (n: number) => n.toLocaleString("en-US");

export function evaluateText(r: CheckpointEvaluation, hw: HwConfig): string {
  const precision = conversionPrecision(hw);
  const chipLine =
    `chip: ${hw.crossbar.size}x${hw.crossbar.size} crossbars, ${hw.crossbar.cellBits}-bit cells, ` +
    `${hw.dac.bits}-bit DAC, ${hw.adc.bits}-bit ADC, ${precision.rowsPerRead} rows per read: ` +
    (precision.bitsLost === 0
      ? "lossless (every partial sum fits the ADC)"
      : `lossy, a partial sum needs ${precision.neededBits} bits (up to ${precision.bitsLost} lost)`);
  const row = (label: string, e: { logLoss: number; auc: number }) =>
    `  ${label.padEnd(LABEL_WIDTH)} ${f4(e.logLoss).padStart(8)} ${f4(e.auc).padStart(8)}`;
  const lines = [
    `subnet ${r.subnet} of a supernet trained ${count(r.steps)} steps` +
      `${r.finetuneSteps > 0 ? `, its final layer fine-tuned ${r.finetuneSteps} steps` : ""}; backend ${r.backend}`,
    `data: ${r.data}, ${count(r.rows)} validation rows`,
    chipLine,
    "",
    `  ${"".padEnd(LABEL_WIDTH)} ${"log loss".padStart(8)} ${"AUC".padStart(8)}`,
    ...PASSES.map(([key, name]) => row(name, r[key])),
    `  chip - integer: log loss ${signed(r.chip.logLoss - r.integer.logLoss)}, AUC ${signed(r.chip.auc - r.integer.auc)}; ` +
      `${count(r.chipVsInteger.rowsDiffering)} of ${count(r.rows)} logits differ (largest by ${r.chipVsInteger.maxAbsLogitDifference})`,
    `  tfjs - integer: ${count(r.tfjsVsInteger.rowsDiffering)} logits differ (largest by ${r.tfjsVsInteger.maxAbsLogitDifference.toExponential(2)}: float32 rounding)`,
    "",
    `ADC conversions: ${count(r.conversions)}, clipped ${count(r.clipped)} (${pct(r.clipped, r.conversions)})`,
    `  ${"point".padEnd(22)} ${"conversions".padStart(14)} ${"clipped".padStart(12)} ${"MAE [LSB]".padStart(10)} ${"MAE".padStart(10)}`,
    ...r.layers.map(
      (l) =>
        `  ${l.name.padEnd(22)} ${count(l.conversions).padStart(14)} ${pct(l.clipped, l.conversions).padStart(12)} ` +
        `${l.maeLsb.toFixed(3).padStart(10)} ${l.maeValue.toPrecision(3).padStart(10)}`,
    ),
    "  (MAE: the mean |chip - exact| of the point's outputs on the same inputs: the error its clips introduce)",
    `time: tfjs ${r.seconds.tfjs.toFixed(2)} s, integer ${r.seconds.integer.toFixed(2)} s, chip ${r.seconds.chip.toFixed(2)} s ` +
      `(${Math.round(r.rows / r.seconds.chip)} rows/s)`,
  ];
  return lines.join("\n");
}

const pct = (part: number, whole: number) =>
  whole === 0 ? "0 %" : `${((100 * part) / whole).toFixed(part === 0 ? 0 : 2)} %`;
