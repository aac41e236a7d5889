import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { batchesOf } from "../../../models/data/batch";
import { SyntheticSource } from "../../../models/data/sources";
import { loadCheckpoint, saveCheckpoint, weightsPath } from "../../../models/supernet/checkpoint";
import { largestSubnet } from "../../../models/supernet/path-sampling";
import { Supernet } from "../../../models/supernet/supernet";
import { trainSupernet } from "../../../models/supernet/train-supernet";
import { useTestBackend } from "./test-backend";
import { TINY_SPACE as space } from "./tiny-space";

const dir = mkdtempSync(join(tmpdir(), "autorac-ckpt-"));

function source(): SyntheticSource {
  return new SyntheticSource({ seed: 5, denseFeatures: 2, sparseFeatures: 3, tableRows: 40 }, 640);
}

async function train(supernet: Supernet, maxSteps: number): Promise<void> {
  await trainSupernet({
    supernet,
    source: source(),
    batchSize: 64,
    epochs: 2,
    totalSteps: 20,
    maxSteps,
    seed: 8,
  });
}

beforeAll(async () => {
  await useTestBackend();
});

describe("checkpoints", () => {
  it("round-trips: the reloaded supernet gives the same logits, steps and ranges", async () => {
    const supernet = new Supernet({ dataset: source().dataset, space, seed: 3 });
    await train(supernet, 6);
    const path = join(dir, "run.json");
    const header = saveCheckpoint(supernet, path, { totalSteps: 20 });
    expect(readdirSync(dir).filter((f) => f.includes(".tmp"))).toEqual([]);
    expect(statSync(weightsPath(path)).size).toBe(header.weights.bytes);
    const { supernet: loaded, header: read } = loadCheckpoint(path);
    expect(read.training).toEqual({ totalSteps: 20 });
    expect(loaded.steps).toBe(6);
    expect(loaded.scales.toJSON()).toEqual(supernet.scales.toJSON());
    const spec = largestSubnet(space, "synthetic", "dp");
    const batch = batchesOf([...source().generator.examples(50, "validation")], 50, 2, 3)[0]!;
    expect(Array.from(loaded.logits(spec, batch))).toEqual(
      Array.from(supernet.logits(spec, batch)),
    );
    for (const name of ["block1.dp.out", "final"]) {
      expect(loaded.params.get(name).weightSquares).toEqual(
        supernet.params.get(name).weightSquares,
      );
    }
  });

  it("resumes where it stopped: 4 steps, save, load, 4 more = 8 steps straight", async () => {
    const straight = new Supernet({ dataset: source().dataset, space, seed: 3 });
    await train(straight, 8);
    const first = new Supernet({ dataset: source().dataset, space, seed: 3 });
    await train(first, 4);
    const path = join(dir, "half.json");
    saveCheckpoint(first, path);
    const { supernet: resumed } = loadCheckpoint(path);
    await train(resumed, 8);
    expect(resumed.steps).toBe(8);
    for (const name of ["block0.fc", "block1.efc", "final"]) {
      expect(resumed.params.get(name).weight).toEqual(straight.params.get(name).weight);
    }
    expect(resumed.embeddings.tables[1]).toEqual(straight.embeddings.tables[1]);
  });

  it("refuses what is not a checkpoint, or a weights file of the wrong size", () => {
    const supernet = new Supernet({ dataset: source().dataset, space, seed: 3 });
    const path = join(dir, "bad.json");
    saveCheckpoint(supernet, path);
    truncateSync(weightsPath(path), 100);
    expect(() => loadCheckpoint(path)).toThrow(/bad\.bin: 100 bytes, the checkpoint says \d+/);
    const other = join(dir, "other.json");
    writeFileSync(other, JSON.stringify({ format: "something" }));
    expect(() => loadCheckpoint(other)).toThrow("not an autorac supernet checkpoint");
    expect(() => loadCheckpoint(join(dir, "none.json"))).toThrow("cannot read");
    expect(JSON.parse(readFileSync(path, "utf8")).weights.file).toBe("bad.bin");
  });
});
