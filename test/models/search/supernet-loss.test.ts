import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildHardware } from "../../../arch/config/hardware";
import { defaultHwConfig, resolveHwConfig } from "../../../arch/config/hw-config";
import { evaluateCheckpoint } from "../../../models/onchip/evaluate-checkpoint";
import { evaluateCandidate } from "../../../models/search/evaluate-candidate";
import { runSearch } from "../../../models/search/run-search";
import { hwConfigOf, randomHw, randomModel } from "../../../models/search/space";
import type { SupernetLoss } from "../../../models/search/supernet-loss";
import { runTraining } from "../../../models/supernet/train-run";
import { Rng } from "../../../sim/kernel/rng";
import { TEST_BACKEND } from "../supernet/test-backend";
import { TINY_SPACE as tiny } from "../supernet/tiny-space";

jest.setTimeout(300_000);

const dir = mkdtempSync(join(tmpdir(), "autorac-supernet-loss-"));
const checkpoint = join(dir, "tiny.json");
const loss: SupernetLoss = {
  kind: "supernet",
  checkpoint,
  data: "synthetic",
  format: "criteo",
  batch: 64,
  finetuneSteps: 3,
  validationRows: 256,
  backend: TEST_BACKEND,
};

beforeAll(async () => {
  await runTraining({
    data: "synthetic",
    format: "criteo",
    syntheticRows: 512,
    epochs: 1,
    batch: 64,
    seed: 4,
    space: tiny,
    backend: TEST_BACKEND,
    learningRate: 0.05,
    validationRows: 256,
    standalone: false,
    finetuneSteps: 0,
    checkpoint,
  });
});

describe("--loss supernet", () => {
  const rng = new Rng(8);
  const candidates = Array.from({ length: 3 }, (_, i) => ({
    model: randomModel(rng, "criteo", `c${i}`, tiny),
    hw: randomHw(rng),
  }));
  const baseHw = defaultHwConfig();

  it("scores a subnet the same whatever was scored before it (the supernet is restored)", async () => {
    const task = (i: number) => ({ candidate: candidates[i]!, baseHw, loss });
    const forward = [];
    for (const i of [0, 1, 2]) forward.push((await evaluateCandidate(task(i))).loss);
    // Losses are cached per (subnet, chip) and settings: the same settings written in another
    // order open a fresh context, which scores the subnets anew, in the other order.
    const reordered = Object.fromEntries(Object.entries(loss).reverse()) as unknown as SupernetLoss;
    const backward = [];
    for (const i of [2, 1, 0])
      backward.push((await evaluateCandidate({ ...task(i), loss: reordered })).loss);
    expect(backward.reverse()).toEqual(forward);
    // at once, as a batch of the search evaluates them: the fine-tunes take turns
    const together = await Promise.all([0, 1, 2].map((i) => evaluateCandidate(task(i))));
    expect(together.map((m) => m.loss)).toEqual(forward);
    // a log loss, and it depends on the subnet
    for (const l of forward) expect(l).toBeGreaterThan(0);
    expect(new Set(forward).size).toBeGreaterThan(1);
  });

  it("searches the checkpoint's space", async () => {
    const { result } = await runSearch({
      loss,
      dataset: "criteo",
      seed: 2,
      population: 4,
      generations: 2,
      sample: 2,
      children: 2,
      mutations: 1,
      hwShare: 0.25,
      removal: "worst",
      baseHw,
      criterion: {},
      workers: 1,
      journal: join(dir, "search", "journal.jsonl"),
      resume: false,
      out: join(dir, "search"),
    });
    expect(result.history).toHaveLength(4 + 2 * 2);
    for (const e of result.history) {
      expect(e.candidate.model.blocks).toHaveLength(tiny.blocks);
      expect(e.candidate.model.embeddingDim).toBe(tiny.embeddingDim);
      for (const b of e.candidate.model.blocks) {
        expect(tiny.denseDims).toContain(b.dense.dim);
        expect(tiny.sparseDims).toContain(b.sparse.dim);
      }
    }
  });

  it("measures a lossy candidate's loss through the chip's crossbar model", async () => {
    const model = candidates[0]!.model;
    // 64 rows x (2^2 - 1) x (2^2 - 1) = 576 needs 10 bits: a 4-bit ADC clips
    const genes = { crossbar: 64, cellBits: 2, dacBits: 2, adcBits: 4 };
    const lossless = await evaluateCandidate({ candidate: { model, hw: genes }, baseHw, loss });
    const clipped = await evaluateCandidate({
      candidate: { model, hw: { ...genes, lossy: true } },
      baseHw,
      loss,
    });
    expect(clipped.loss).not.toBe(lossless.loss);
    // the lossy chip reads all 64 rows at once: faster than 1 row per read
    expect(clipped.metrics.throughput).toBeGreaterThan(lossless.metrics.throughput);
    // a lossy gene on genes that lose nothing (1-bit DAC and cells, 8-bit ADC: 64 <= 255) changes nothing
    const exact = { crossbar: 64, cellBits: 1, dacBits: 1, adcBits: 8 };
    const plain = await evaluateCandidate({ candidate: { model, hw: exact }, baseHw, loss });
    const flagged = await evaluateCandidate({
      candidate: { model, hw: { ...exact, lossy: true } },
      baseHw,
      loss,
    });
    expect(flagged.loss).toBe(plain.loss);
    expect(plain.loss).toBe(lossless.loss); // a lossless chip's loss is the supernet's
  });

  it("scores as autorac evaluate does: the tfjs pass when lossless, the chip when lossy", async () => {
    const model = candidates[1]!.model;
    const genes = { crossbar: 64, cellBits: 2, dacBits: 2, adcBits: 4 };
    const evaluated = async (lossy: boolean) =>
      evaluateCheckpoint({
        checkpoint,
        subnet: model,
        hw: buildHardware(resolveHwConfig(hwConfigOf({ ...genes, lossy }, baseHw))),
        data: "synthetic",
        format: "criteo",
        finetuneSteps: loss.finetuneSteps,
        validationRows: loss.validationRows,
        batch: loss.batch,
        backend: TEST_BACKEND,
      });
    const lossless = await evaluated(false);
    const lossy = await evaluated(true);
    const score = async (lossy: boolean) =>
      (await evaluateCandidate({ candidate: { model, hw: { ...genes, lossy } }, baseHw, loss }))
        .loss;
    expect(await score(false)).toBe(lossless.tfjs.logLoss);
    expect(await score(true)).toBe(lossy.chip.logLoss);
    expect(lossy.clipped).toBeGreaterThan(0);
  });

  it("refuses --allow-lossy with the proxy loss", async () => {
    await expect(
      runSearch({
        loss: "proxy",
        allowLossy: true,
        dataset: "criteo",
        seed: 2,
        population: 2,
        generations: 0,
        sample: 2,
        children: 1,
        mutations: 1,
        hwShare: 0.25,
        removal: "worst",
        baseHw,
        criterion: {},
        workers: 1,
        journal: join(dir, "proxy", "journal.jsonl"),
        resume: false,
        out: join(dir, "proxy"),
      }),
    ).rejects.toThrow(/--allow-lossy needs --loss supernet/);
  });

  it("refuses data the supernet was not trained on, naming both", async () => {
    const file = join(dir, "criteo.txt");
    writeFileSync(file, "0\t1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\t13" + "\taa".repeat(26) + "\n");
    const task = { candidate: candidates[0]!, baseHw, loss: { ...loss, data: file } };
    await expect(evaluateCandidate(task)).rejects.toThrow(
      /trained on synthetic data.*give the data/,
    );
  });
});
