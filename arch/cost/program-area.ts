import type { Program } from "../chip/program";
import { buildHardware, type Hardware } from "../config/hardware";
import { memoryCosts } from "../memory/embedding-memory";
import { chipCost } from "./chip-cost";

export interface ProgramArea {
  /** The compute tiles as built (every engine with its periphery), their buffers excluded. */
  computeUm2: number;
  buffersUm2: number;
  /** Cells and sense amplifiers of the stored embedding rows. */
  memoryUm2: number;
  totalUm2: number;
}

/** The chip breakdown of a config with a given tile count; the search asks for the same few again and again. */
const chips = new Map<string, ReturnType<typeof chipCost>>();

function chipOf(hw: Hardware, computeTiles: number): ReturnType<typeof chipCost> {
  const config = { ...hw.config, chip: { ...hw.config.chip, computeTiles } };
  const key = JSON.stringify(config);
  let chip = chips.get(key);
  if (chip === undefined) {
    if (chips.size > 10_000) chips.clear();
    chip = chipCost(buildHardware(config));
    chips.set(key, chip);
  }
  return chip;
}

/** The area of the chip a program runs on: its compute tiles, their buffers and the memory tiles. */
export function programArea(program: Program, hw: Hardware, embeddingDim: number): ProgramArea {
  const chip = chipOf(hw, program.computeTiles);
  const buffersUm2 = chip.lines
    .filter((l) => l.name === "tile.buffer")
    .reduce((s, l) => s + l.areaUm2, 0);
  const memoryUm2 = memoryCosts(hw, embeddingDim, program.tables).areaUm2;
  return {
    computeUm2: chip.totalAreaUm2 - buffersUm2,
    buffersUm2,
    memoryUm2,
    totalUm2: chip.totalAreaUm2 + memoryUm2,
  };
}
