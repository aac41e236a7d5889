import type { Program } from "../chip/program";
import type { Hardware } from "../config/hardware";
import { ENGINE_KINDS } from "../engines/engine-kinds";
import { memoryCosts } from "../memory/embedding-memory";
import { chipCost } from "./chip-cost";

export interface ProgramArea {
  /** The compute tiles as built (every engine with its periphery), their buffers excluded. */
  computeUm2: number;
  buffersUm2: number;
  /** The memory tiles holding the embedding tables. */
  memoryUm2: number;
  /** Everything built: compute tiles, their buffers, memory tiles. */
  totalUm2: number;
  /**
   * What the model uses of it: the crossbars holding its weights and
   * activations with their periphery, the MBSAs of its FM engines, the
   * buffers and the memory tiles (idle crossbars of a built engine left out).
   */
  usedUm2: number;
  builtCrossbars: number;
  usedCrossbars: number;
  /** Built crossbars that hold nothing: spare crossbars of partly used engines, unused engines. */
  idleCrossbars: number;
}

/** The area of a built chip's compute tiles; the search asks for the same few again and again. */
const chips = new Map<string, ReturnType<typeof chipCost>>();

function chipOf(hw: Hardware, program: Program): ReturnType<typeof chipCost> {
  const key = JSON.stringify([hw.config, program.built]);
  let chip = chips.get(key);
  if (chip === undefined) {
    if (chips.size > 10_000) chips.clear();
    chip = chipCost(hw, program.built);
    chips.set(key, chip);
  }
  return chip;
}

/**
 * The area of the chip a program runs on, built and used: its compute
 * tiles (as built: program.built), their buffers and the memory tiles.
 */
export function programArea(program: Program, hw: Hardware, embeddingDim: number): ProgramArea {
  const chip = chipOf(hw, program);
  const buffersUm2 = chip.lines
    .filter((l) => l.name === "tile.buffer")
    .reduce((s, l) => s + l.areaUm2, 0);
  const memoryUm2 = memoryCosts(hw, embeddingDim, program.tables).areaUm2;
  let usedComputeUm2 = 0;
  let usedCrossbars = 0;
  for (const kind of ENGINE_KINDS) {
    const units = kind.units(program);
    const crossbars = units.reduce((s, u) => s + u.crossbars * u.copies, 0);
    usedCrossbars += crossbars;
    const lines = kind.costLines(hw, { engines: units.length, crossbars });
    usedComputeUm2 += lines.reduce((s, l) => s + l.areaUm2, 0);
  }
  const builtCrossbars = ENGINE_KINDS.reduce(
    (s, kind) => s + program.built.engines[kind.kind] * hw.config.chip.crossbarsPerEngine,
    0,
  );
  return {
    computeUm2: chip.totalAreaUm2 - buffersUm2,
    buffersUm2,
    memoryUm2,
    totalUm2: chip.totalAreaUm2 + memoryUm2,
    usedUm2: usedComputeUm2 + buffersUm2 + memoryUm2,
    builtCrossbars,
    usedCrossbars,
    idleCrossbars: builtCrossbars - usedCrossbars,
  };
}
