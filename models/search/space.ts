import type { HwConfig } from "../../arch/config/hw-config";
import { hwParams } from "../../arch/config/hw-params";
import type { IntegerChoiceParam } from "../../sim/kernel/params";
import { conversionPrecision } from "../../arch/config/precision";
import type { Rng } from "../../sim/kernel/rng";
import { otherOp, searchableOps } from "../operators/choices";
import type { ChoiceBlock, ModelSpec, WeightBits } from "../spec/model-spec";
import { PAPER_SPACE, type SearchSpace } from "../supernet/search-space";

/**
 * The AutoRAC design space (paper table 1) as genes, with NASRec's sampling
 * and mutation rules (../shared/reference/nasrec/README.md) for the model
 * and the paper's hardware mutations (ADC, DAC, memristor precision,
 * crossbar size), whose values are the `searched` ones of the hardware
 * declaration (arch/config/hw-params.ts).
 */
const searched = (p: IntegerChoiceParam): readonly number[] => p.searched ?? p.choices;
export const CROSSBAR_SIZES = searched(hwParams.crossbar.params.size);
export const CELL_BITS = searched(hwParams.crossbar.params.cellBits);
export const DAC_BITS = searched(hwParams.dac.params.bits);
export const ADC_BITS = searched(hwParams.adc.params.bits);

/** The hardware genes; the rest of the config comes from the search's base config. */
export interface HwGenes {
  crossbar: number;
  cellBits: number;
  dacBits: number;
  adcBits: number;
  /**
   * `--allow-lossy` only: drive every row of a crossbar in one read and let
   * the ADC clip the partial sums it cannot hold, instead of driving fewer
   * rows per read (slower) to stay lossless. Absent: false.
   */
  lossy?: boolean;
}

/** A point of the joint space. */
export interface Candidate {
  model: ModelSpec;
  hw: HwGenes;
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(0, items.length - 1)]!;

/** The one searchable kind of a slot (the space has a single sparse operator, EFC). */
function onlyOp(slot: "sparse"): string {
  const ops = searchableOps(slot);
  if (ops.length !== 1)
    throw new Error(`the search draws no ${slot} operator among ${ops.join(", ")}`);
  return ops[0]!;
}

/**
 * A block's inputs, NASRec's way: for block i, the number of dense and of
 * sparse inputs each uniform in 1..min(i + 1, 4), the indices drawn without
 * replacement from 0..i (block 0 reads the model input only).
 */
function randomInputs(rng: Rng, i: number): number[] {
  const count = rng.int(1, Math.min(i + 1, 4));
  return rng
    .shuffle(Array.from({ length: i + 1 }, (_, k) => k))
    .slice(0, count)
    .sort((a, b) => a - b);
}

function randomBlock(rng: Rng, i: number, space: SearchSpace): ChoiceBlock {
  const bits = () => pick(rng, space.weightBits);
  return {
    dense: {
      op: pick(rng, searchableOps("dense")),
      dim: pick(rng, space.denseDims),
      weightBits: bits(),
    },
    sparse: { op: onlyOp("sparse"), dim: pick(rng, space.sparseDims), weightBits: bits() },
    dsi: rng.int(0, 1) === 1 ? { weightBits: bits() } : null,
    fm: rng.int(0, 1) === 1 ? { weightBits: bits() } : null,
    inputs: { dense: randomInputs(rng, i), sparse: randomInputs(rng, i) },
  };
}

/** A model of `space` (default the paper's table 1), drawn NASRec's way. */
export function randomModel(
  rng: Rng,
  dataset: string,
  name = "candidate",
  space: SearchSpace = PAPER_SPACE,
): ModelSpec {
  return {
    name,
    dataset,
    embeddingDim: space.embeddingDim,
    blocks: Array.from({ length: space.blocks }, (_, i) => randomBlock(rng, i, space)),
    final: { weightBits: pick(rng, space.weightBits) },
  };
}

/** Random hardware genes; `allowLossy` adds the lossy gene (drawn last: lossless searches draw as before). */
export function randomHw(rng: Rng, allowLossy = false): HwGenes {
  const genes: HwGenes = {
    crossbar: pick(rng, CROSSBAR_SIZES),
    cellBits: pick(rng, CELL_BITS),
    dacBits: pick(rng, DAC_BITS),
    adcBits: pick(rng, ADC_BITS),
  };
  if (allowLossy) genes.lossy = rng.int(0, 1) === 1;
  return genes;
}

/**
 * The genes as a full hardware config over `base`. A DAC / cell / ADC
 * combination is kept within the ADC's range (the paper's rule) by driving
 * at most rows * (2^dac - 1)(2^cell - 1) <= 2^adc - 1 rows per read, so every
 * combination of genes is a valid, lossless design; unless the lossy gene
 * is set, which drives every row and marks the config lossy when the ADC
 * cannot hold a read's sum (its accuracy is then measured on the chip).
 */
export function hwConfigOf(genes: HwGenes, base: HwConfig): HwConfig {
  const config: HwConfig = {
    ...base,
    lossy: false,
    crossbar: {
      ...base.crossbar,
      size: genes.crossbar,
      cellBits: genes.cellBits,
      rowsPerRead: null,
    },
    dac: { bits: genes.dacBits },
    adc: {
      ...base.adc,
      bits: genes.adcBits,
      colsPerAdc: Math.min(base.adc.colsPerAdc, genes.crossbar),
    },
  };
  const { maxLosslessRows, bitsLost } = conversionPrecision(config);
  if (genes.lossy === true) config.lossy = bitsLost > 0;
  else config.crossbar.rowsPerRead = maxLosslessRows >= genes.crossbar ? null : maxLosslessRows;
  return config;
}

/** Tries at re-drawing a block's inputs to a different set. */
const REDRAWS = 8;

/** A set of input indices as text, order and repeats aside. */
function setKey(indices: number[]): string {
  return [...new Set(indices)].sort((a, b) => a - b).join(",");
}

/**
 * One mutation, NASRec's rule for the model: pick a block; with probability
 * 1/2 re-sample one of its connections (dense or sparse inputs) to another
 * set, else change one operator setting (dense operator, a dim, DSI or FM
 * on/off, one operator's weight width, the final layer's in the last block). With
 * probability `hwShare` the mutation goes to the hardware instead: one of
 * ADC, DAC, memristor precision, crossbar size takes another value (or,
 * with `allowLossy`, the lossy gene flips: one chance in five).
 */
export function mutate(
  rng: Rng,
  candidate: Candidate,
  hwShare: number,
  space: SearchSpace = PAPER_SPACE,
  allowLossy = false,
): Candidate {
  const next: Candidate = { model: structuredClone(candidate.model), hw: { ...candidate.hw } };
  if (rng.float() < hwShare) {
    const genes = ["crossbar", "cellBits", "dacBits", "adcBits"] as const;
    if (allowLossy && rng.float() < 1 / (genes.length + 1)) {
      next.hw.lossy = next.hw.lossy !== true;
      return next;
    }
    const gene = pick(rng, genes);
    const values: Record<typeof gene, readonly number[]> = {
      crossbar: CROSSBAR_SIZES,
      cellBits: CELL_BITS,
      dacBits: DAC_BITS,
      adcBits: ADC_BITS,
    };
    next.hw[gene] = pick(
      rng,
      values[gene].filter((v) => v !== candidate.hw[gene]),
    );
    return next;
  }
  const i = rng.int(0, next.model.blocks.length - 1);
  const block = next.model.blocks[i]!;
  // Block 0 reads the model input only: its connections cannot change.
  if (i > 0 && rng.float() < 0.5) {
    const inputs = Array.isArray(block.inputs)
      ? { dense: [...block.inputs], sparse: [...block.inputs] }
      : block.inputs;
    const which = rng.int(0, 1) === 0 ? "dense" : "sparse";
    const before = setKey(inputs[which]);
    for (let t = 0; t < REDRAWS && setKey(inputs[which]) === before; t++) {
      inputs[which] = randomInputs(rng, i);
    }
    block.inputs = inputs;
    return next;
  }
  // A setting with a single choice in the space cannot change: it is not drawn.
  const settings = ["op", "denseDim", "sparseDim", "dsi", "fm", "bits"].filter(
    (k) =>
      (k !== "op" || searchableOps("dense").length > 1) &&
      (k !== "denseDim" || space.denseDims.length > 1) &&
      (k !== "sparseDim" || space.sparseDims.length > 1) &&
      (k !== "bits" || space.weightBits.length > 1),
  );
  switch (pick(rng, settings)) {
    case "op":
      block.dense.op = otherOp(rng, "dense", block.dense.op)!;
      break;
    case "denseDim":
      block.dense.dim = pick(
        rng,
        space.denseDims.filter((d) => d !== block.dense.dim),
      );
      break;
    case "sparseDim":
      block.sparse.dim = pick(
        rng,
        space.sparseDims.filter((d) => d !== block.sparse.dim),
      );
      break;
    case "dsi":
      block.dsi = block.dsi ? null : { weightBits: pick(rng, space.weightBits) };
      break;
    case "fm":
      block.fm = block.fm ? null : { weightBits: pick(rng, space.weightBits) };
      break;
    default: {
      // One operator's weight width: the block's dense, sparse, DSI or FM
      // operator, or for the last block also the final layer.
      const operators: Array<{ weightBits: WeightBits }> = [block.dense, block.sparse];
      if (block.dsi) operators.push(block.dsi);
      if (block.fm) operators.push(block.fm);
      if (i === next.model.blocks.length - 1) operators.push(next.model.final);
      const operator = pick(rng, operators);
      operator.weightBits = operator.weightBits === 8 ? 4 : 8;
    }
  }
  return next;
}

/** A canonical text of a candidate: equal candidates, equal keys (the cache and duplicate checks use it). */
export function candidateKey(c: Candidate): string {
  const blocks = c.model.blocks.map((b) => {
    const inputs = Array.isArray(b.inputs) ? { dense: b.inputs, sparse: b.inputs } : b.inputs;
    return [
      b.dense.op,
      b.dense.dim,
      b.dense.weightBits,
      b.sparse.dim,
      b.sparse.weightBits,
      b.dsi?.weightBits ?? 0,
      b.fm?.weightBits ?? 0,
      setKey(inputs.dense),
      setKey(inputs.sparse),
    ];
  });
  return JSON.stringify([
    c.model.dataset,
    c.model.embeddingDim,
    blocks,
    c.model.final.weightBits,
    c.hw,
  ]);
}

/** The genes in words: "32x32 crossbars, 1-bit cells, 2-bit DAC, 6-bit ADC, 21 rows per read". */
export function describeHw(genes: HwGenes, base: HwConfig): string {
  const config = hwConfigOf(genes, base);
  const precision = conversionPrecision(config);
  const reads =
    precision.bitsLost > 0
      ? `lossy: all ${precision.rowsPerRead} rows per read, up to ${precision.bitsLost} bit${precision.bitsLost === 1 ? "" : "s"} clipped`
      : `${precision.rowsPerRead} rows per read`;
  return (
    `${genes.crossbar}x${genes.crossbar} crossbars, ${genes.cellBits}-bit cells, ` +
    `${genes.dacBits}-bit DAC, ${genes.adcBits}-bit ADC, ${reads}`
  );
}
