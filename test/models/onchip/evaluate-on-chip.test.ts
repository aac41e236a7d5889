import { buildHardware } from "../../../arch/config/hardware";
import { defaultHwConfig, resolveHwConfig, type HwConfig } from "../../../arch/config/hw-config";
import { batchesOf } from "../../../models/data/batch";
import { SyntheticCtr } from "../../../models/data/synthetic";
import { evaluateOnChip } from "../../../models/onchip/evaluate-on-chip";
import { PathSampler, largestSubnet } from "../../../models/supernet/path-sampling";
import type { SearchSpace } from "../../../models/supernet/search-space";
import { Supernet } from "../../../models/supernet/supernet";
import { Rng } from "../../../sim/kernel/rng";
import { useTestBackend } from "../supernet/test-backend";
import { TINY_SPACE } from "../supernet/tiny-space";

/**
 * A trained subnet on the chip: on a lossless chip its logits are the
 * integer reference's exactly (so are the log loss and AUC), and the
 * reference is the supernet's own tfjs pass (small sums: float32 is exact);
 * a lossy ADC clips, and the error is where the clips are.
 */
jest.setTimeout(60_000); // the lossy pass computes every read that can clip

const space: SearchSpace = { ...TINY_SPACE, blocks: 3 };

beforeAll(async () => {
  await useTestBackend();
});

const data = new SyntheticCtr({ seed: 6, denseFeatures: 2, sparseFeatures: 3, tableRows: 30 });
const train = batchesOf([...data.examples(1280)], 128, 2, 3);
const validation = batchesOf([...data.examples(512, "validation")], 256, 2, 3);
const supernet = new Supernet({ dataset: data.dataset, space, seed: 4 });
beforeAll(() => {
  const sampler = new PathSampler({ space, dataset: "synthetic", warmupSteps: 4 }, new Rng(1));
  let step = 0;
  for (const batch of train)
    supernet.trainStep(sampler.sample(step++), batch, { learningRate: 0.05 });
});

const hwWith = (change: (c: HwConfig) => void) => {
  const config = defaultHwConfig();
  change(config);
  return buildHardware(resolveHwConfig(config));
};

describe("a checkpoint's subnet on the chip", () => {
  for (const op of ["dp", "fc"]) {
    it(`lossless chip = integer reference = tfjs pass (largest subnet, ${op})`, () => {
      const spec = largestSubnet(space, "synthetic", op);
      const r = evaluateOnChip({ supernet, spec, hw: hwWith(() => {}), batches: validation });
      expect(r.rows).toBe(512);
      expect(r.chipVsInteger.rowsDiffering).toBe(0);
      expect(r.chip).toEqual(r.integer);
      expect(r.clipped).toBe(0);
      expect(r.tfjsVsInteger.rowsDiffering).toBe(0);
      expect(r.tfjs).toEqual(r.integer);
    });
  }

  it("a lossy ADC clips; error appears only where conversions clipped; counts do not change", () => {
    const spec = largestSubnet(space, "synthetic", "dp");
    const lossless = evaluateOnChip({ supernet, spec, hw: hwWith(() => {}), batches: validation });
    // 64 rows x 1-bit DAC x 3 (2-bit cells) = 192 needs 8 bits; a 4-bit ADC saturates at 15
    const hw = hwWith((c) => {
      c.adc.bits = 4;
      c.lossy = true;
    });
    const r = evaluateOnChip({ supernet, spec, hw, batches: validation });
    expect(r.clipped).toBeGreaterThan(0);
    expect(r.chipVsInteger.rowsDiffering).toBeGreaterThan(0);
    expect(r.integer).toEqual(lossless.integer); // the reference does not depend on the chip
    expect(r.conversions).toBe(lossless.conversions); // every read converts, clipped or not
    for (const layer of r.layers) {
      if (layer.maeLsb > 0) expect(layer.clipped).toBeGreaterThan(0);
      expect(layer.clipped).toBeLessThanOrEqual(layer.conversions);
    }
  });
});
