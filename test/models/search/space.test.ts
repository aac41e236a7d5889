import { buildHardware } from "../../../arch/config/hardware";
import { defaultHwConfig, resolveHwConfig } from "../../../arch/config/hw-config";
import { conversionPrecision } from "../../../arch/config/precision";
import {
  ADC_BITS,
  CELL_BITS,
  CROSSBAR_SIZES,
  DAC_BITS,
  candidateKey,
  hwConfigOf,
  mutate,
  randomHw,
  randomModel,
  type Candidate,
  type HwGenes,
} from "../../../models/search/space";
import { analyseModel } from "../../../models/spec/model-graph";
import { PAPER_SPACE } from "../../../models/supernet/search-space";
import { parseModelSpec } from "../../../models/spec/model-schema";
import type { ChoiceBlock, ModelSpec } from "../../../models/spec/model-spec";
import { Rng } from "../../../sim/kernel/rng";

/**
 * The design space (paper table 1) as the search draws and mutates it:
 * property tests over a few hundred seeded draws.
 */

const base = defaultHwConfig();

/**
 * What is wrong with a drawn model: it must pass the schema and analyseModel
 * (which throw) and use table 1's sets and NASRec's input rule (listed here;
 * collected rather than asserted one by one, which keeps the loops fast).
 */
function modelProblems(model: ModelSpec): string[] {
  parseModelSpec(model, `model ${model.name}`);
  analyseModel(model);
  const problems: string[] = [];
  const bad = (what: string) => problems.push(`${model.name}: ${what}`);
  if (model.blocks.length !== PAPER_SPACE.blocks) bad(`${model.blocks.length} blocks`);
  model.blocks.forEach((b, i) => {
    if (!PAPER_SPACE.denseDims.includes(b.dense.dim)) bad(`block ${i} dense dim`);
    if (!PAPER_SPACE.sparseDims.includes(b.sparse.dim)) bad(`block ${i} sparse dim`);
    if (b.dense.op !== "fc" && b.dense.op !== "dp") bad(`block ${i} dense op`);
    if (b.sparse.op !== "efc") bad(`block ${i} sparse op`);
    const inputs = Array.isArray(b.inputs) ? { dense: b.inputs, sparse: b.inputs } : b.inputs;
    for (const list of [inputs.dense, inputs.sparse]) {
      // NASRec: 1..min(i + 1, 4) distinct indices from 0..i
      if (list.length < 1 || list.length > Math.min(i + 1, 4)) bad(`block ${i} input count`);
      if (new Set(list).size !== list.length) bad(`block ${i} repeated input`);
      if (list.some((j) => !(j >= 0 && j <= i))) bad(`block ${i} input out of range`);
    }
  });
  return problems;
}

/** What is wrong with drawn hardware genes (the config is resolved and built, which throw). */
function hwProblems(genes: HwGenes): string[] {
  const problems: string[] = [];
  const sets = {
    crossbar: CROSSBAR_SIZES,
    cellBits: CELL_BITS,
    dacBits: DAC_BITS,
    adcBits: ADC_BITS,
  };
  for (const gene of ["crossbar", "cellBits", "dacBits", "adcBits"] as const)
    if (!(sets[gene] as readonly number[]).includes(genes[gene]))
      problems.push(`${gene} ${genes[gene]}`);
  const resolved = resolveHwConfig(hwConfigOf(genes, base), "genes");
  buildHardware(resolved);
  if (conversionPrecision(resolved).bitsLost > 0) problems.push(`lossy ${JSON.stringify(genes)}`);
  return problems;
}

const inputsOf = (b: ChoiceBlock) =>
  Array.isArray(b.inputs) ? { dense: b.inputs, sparse: b.inputs } : b.inputs;
const sameSet = (a: number[], b: number[]) =>
  JSON.stringify([...new Set(a)].sort((x, y) => x - y)) ===
  JSON.stringify([...new Set(b)].sort((x, y) => x - y));

/**
 * What differs between two candidates, as named sites ("hw.adcBits",
 * "block3.dense.dim", "block2.dsi+", ...); the model name is ignored.
 */
function diffSites(a: Candidate, b: Candidate): string[] {
  const sites: string[] = [];
  for (const gene of ["crossbar", "cellBits", "dacBits", "adcBits"] as const)
    if (a.hw[gene] !== b.hw[gene]) sites.push(`hw.${gene}`);
  if (a.model.final.weightBits !== b.model.final.weightBits) sites.push("final.weightBits");
  if (a.model.dataset !== b.model.dataset) sites.push("dataset");
  if (a.model.blocks.length !== b.model.blocks.length) sites.push("blocks");
  a.model.blocks.forEach((x, i) => {
    const y = b.model.blocks[i];
    if (y === undefined) return;
    const at = `block${i}`;
    if (x.dense.op !== y.dense.op) sites.push(`${at}.dense.op`);
    if (x.dense.dim !== y.dense.dim) sites.push(`${at}.dense.dim`);
    if (x.dense.weightBits !== y.dense.weightBits) sites.push(`${at}.dense.weightBits`);
    if (x.sparse.op !== y.sparse.op) sites.push(`${at}.sparse.op`);
    if (x.sparse.dim !== y.sparse.dim) sites.push(`${at}.sparse.dim`);
    if (x.sparse.weightBits !== y.sparse.weightBits) sites.push(`${at}.sparse.weightBits`);
    for (const op of ["dsi", "fm"] as const) {
      const [p, q] = [x[op] ?? null, y[op] ?? null];
      if (p === null && q !== null) sites.push(`${at}.${op}+`);
      else if (p !== null && q === null) sites.push(`${at}.${op}-`);
      else if (p !== null && q !== null && p.weightBits !== q.weightBits)
        sites.push(`${at}.${op}.weightBits`);
    }
    if (!sameSet(inputsOf(x).dense, inputsOf(y).dense)) sites.push(`${at}.inputs.dense`);
    if (!sameSet(inputsOf(x).sparse, inputsOf(y).sparse)) sites.push(`${at}.inputs.sparse`);
  });
  return sites;
}

/** The kind of a site, without the block number. */
const kindOf = (site: string) => site.replace(/^block\d+\./, "");

function randomCandidate(rng: Rng, name = "c"): Candidate {
  return { model: randomModel(rng, "criteo", name), hw: randomHw(rng) };
}

describe("random draws", () => {
  it("gives valid models (schema, analyseModel, table 1's sets, NASRec's input rule)", () => {
    const rng = new Rng(11);
    const problems: string[] = [];
    for (let i = 0; i < 300; i++)
      problems.push(...modelProblems(randomModel(rng, "criteo", `m${i}`)));
    expect(problems).toEqual([]);
  });

  it("gives valid models for every dataset layout", () => {
    const rng = new Rng(12);
    const problems: string[] = [];
    for (const dataset of ["criteo", "avazu", "kdd"])
      for (let i = 0; i < 30; i++)
        problems.push(...modelProblems(randomModel(rng, dataset, `${dataset}${i}`)));
    expect(problems).toEqual([]);
  });

  it("gives valid, lossless hardware (hwConfigOf + resolveHwConfig + buildHardware)", () => {
    const rng = new Rng(13);
    const problems: string[] = [];
    for (let i = 0; i < 300; i++) problems.push(...hwProblems(randomHw(rng)));
    expect(problems).toEqual([]);
  });

  it("makes every one of the 36 gene combinations a valid, lossless design", () => {
    const problems: string[] = [];
    for (const crossbar of CROSSBAR_SIZES)
      for (const cellBits of CELL_BITS)
        for (const dacBits of DAC_BITS)
          for (const adcBits of ADC_BITS)
            problems.push(...hwProblems({ crossbar, cellBits, dacBits, adcBits }));
    expect(problems).toEqual([]);
  });

  it("limits the rows per read by the paper's rule rows (2^dac - 1)(2^cell - 1) <= 2^adc - 1", () => {
    // 4-bit ADC, 2-bit DAC, 2-bit cells: 15 / (3 * 3) = 1.67, so 1 row per read
    const tight = hwConfigOf({ crossbar: 64, cellBits: 2, dacBits: 2, adcBits: 4 }, base);
    expect(tight.crossbar.rowsPerRead).toBe(1);
    // 6-bit ADC, 1-bit DAC, 2-bit cells: 63 / (1 * 3) = 21 rows of a 32-row crossbar
    const mid = hwConfigOf({ crossbar: 32, cellBits: 2, dacBits: 1, adcBits: 6 }, base);
    expect(mid.crossbar.rowsPerRead).toBe(21);
    // 8-bit ADC, 1-bit DAC and cells: 255 >= 64, every row at once (null: the whole crossbar)
    const loose = hwConfigOf({ crossbar: 64, cellBits: 1, dacBits: 1, adcBits: 8 }, base);
    expect(loose.crossbar.rowsPerRead).toBeNull();
  });

  it("with the lossy gene, drives every row and marks the config lossy when the ADC cannot hold a read", () => {
    const lossy = hwConfigOf(
      { crossbar: 64, cellBits: 2, dacBits: 2, adcBits: 4, lossy: true },
      base,
    );
    expect(lossy.crossbar.rowsPerRead).toBeNull();
    expect(lossy.lossy).toBe(true);
    expect(conversionPrecision(resolveHwConfig(lossy, "genes")).bitsLost).toBe(6); // 576 needs 10 bits
    // 64 rows x 1 x 1 = 64 fits 8 bits: nothing to lose, the config stays lossless
    const fits = hwConfigOf(
      { crossbar: 64, cellBits: 1, dacBits: 1, adcBits: 8, lossy: true },
      base,
    );
    expect(fits.lossy).toBe(false);
  });

  it("draws and mutates the lossy gene only when lossy chips are allowed", () => {
    const rng = new Rng(21);
    const drawn = Array.from({ length: 40 }, () => randomHw(rng, true).lossy);
    expect(new Set(drawn)).toEqual(new Set([true, false]));
    expect(Array.from({ length: 40 }, () => randomHw(rng).lossy)).toEqual(
      new Array(40).fill(undefined),
    );
    const start = { model: randomModel(rng, "criteo"), hw: randomHw(rng) };
    let flips = 0;
    for (let i = 0; i < 200; i++) {
      if (mutate(rng, start, 1).hw.lossy !== undefined)
        throw new Error("lossy gene without --allow-lossy");
      if (mutate(rng, start, 1, undefined, true).hw.lossy === true) flips++;
    }
    expect(flips).toBeGreaterThan(10); // about one hardware mutation in five
  });

  it("draws every value of every gene", () => {
    const rng = new Rng(14);
    const seen = {
      dense: new Set<number>(),
      sparse: new Set<number>(),
      op: new Set<string>(),
      bits: new Set<number>(),
      dsi: new Set<boolean>(),
      fm: new Set<boolean>(),
      hw: new Set<string>(),
    };
    for (let i = 0; i < 200; i++) {
      const m = randomModel(rng, "criteo");
      for (const b of m.blocks) {
        seen.dense.add(b.dense.dim);
        seen.sparse.add(b.sparse.dim);
        seen.op.add(b.dense.op);
        seen.bits.add(b.dense.weightBits).add(b.sparse.weightBits);
        seen.dsi.add(!!b.dsi);
        seen.fm.add(!!b.fm);
      }
      const h = randomHw(rng);
      seen.hw.add(`${h.crossbar}/${h.cellBits}/${h.dacBits}/${h.adcBits}`);
    }
    expect([...seen.dense].sort((a, b) => a - b)).toEqual([...PAPER_SPACE.denseDims]);
    expect([...seen.sparse].sort((a, b) => a - b)).toEqual([...PAPER_SPACE.sparseDims]);
    expect([...seen.op].sort()).toEqual(["dp", "fc"]);
    expect([...seen.bits].sort()).toEqual([4, 8]);
    expect(seen.dsi.size).toBe(2);
    expect(seen.fm.size).toBe(2);
    expect(seen.hw.size).toBe(3 * 2 * 2 * 3);
  });

  it("is deterministic: the same seed gives the same draws", () => {
    const draw = (seed: number) => {
      const rng = new Rng(seed);
      const out: Candidate[] = [];
      for (let i = 0; i < 50; i++) {
        const c = randomCandidate(rng, `c${i}`);
        out.push(c, mutate(rng, c, 0.3));
      }
      return out;
    };
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5)).not.toEqual(draw(6));
  });
});

describe("mutate", () => {
  it("keeps every candidate valid along long chains of mutations", () => {
    const rng = new Rng(21);
    const problems: string[] = [];
    for (let chain = 0; chain < 4; chain++) {
      let c = randomCandidate(rng, `chain${chain}`);
      for (let step = 0; step < 100; step++) {
        c = mutate(rng, c, 0.25);
        problems.push(...modelProblems(c.model), ...hwProblems(c.hw));
      }
    }
    expect(problems).toEqual([]);
  });

  it("changes one site at most, and never the parent", () => {
    const rng = new Rng(22);
    const problems: string[] = [];
    for (let i = 0; i < 400; i++) {
      const parent = randomCandidate(rng);
      const frozen = JSON.stringify(parent);
      const child = mutate(rng, parent, 0.25);
      if (JSON.stringify(parent) !== frozen) problems.push(`${i}: the parent changed`);
      const sites = diffSites(parent, child);
      if (sites.length > 1) problems.push(`${i}: ${sites.join(", ")}`);
    }
    expect(problems).toEqual([]);
  });

  it("with hwShare 1 changes exactly one hardware gene and leaves the model alone", () => {
    const rng = new Rng(23);
    const problems: string[] = [];
    for (let i = 0; i < 300; i++) {
      const parent = randomCandidate(rng);
      const child = mutate(rng, parent, 1);
      if (JSON.stringify(child.model) !== JSON.stringify(parent.model))
        problems.push(`${i}: the model changed`);
      const sites = diffSites(parent, child);
      if (sites.length !== 1 || !sites[0]!.startsWith("hw.")) problems.push(`${i}: ${sites}`);
    }
    expect(problems).toEqual([]);
  });

  it("with hwShare 0 leaves the hardware alone", () => {
    const rng = new Rng(24);
    const problems: string[] = [];
    for (let i = 0; i < 300; i++) {
      const parent = randomCandidate(rng);
      const child = mutate(rng, parent, 0);
      if (JSON.stringify(child.hw) !== JSON.stringify(parent.hw)) problems.push(`${i}: hw`);
      for (const site of diffSites(parent, child))
        if (!/^block\d+\./.test(site)) problems.push(`${i}: ${site}`);
    }
    expect(problems).toEqual([]);
  });

  it("a connection mutation redraws the inputs by NASRec's rule", () => {
    const rng = new Rng(25);
    const problems: string[] = [];
    let connections = 0;
    for (let i = 0; i < 400; i++) {
      const parent = randomCandidate(rng);
      const child = mutate(rng, parent, 0);
      const sites = diffSites(parent, child);
      if (sites.length === 1 && /inputs/.test(sites[0]!)) {
        connections++;
        problems.push(...modelProblems(child.model)); // 1..min(i+1, 4) distinct indices from 0..i
      }
    }
    expect(problems).toEqual([]);
    expect(connections).toBeGreaterThan(50);
  });

  it("produces every mutation kind the paper names, each both ways where it toggles", () => {
    // Paper section 3.4: swap dense operator (the sparse side has one operator, EFC),
    // change dims, change connections, add/remove DSI and FM, change any operator's bit width;
    // hardware: ADC, DAC, memristor (cell) bits, crossbar size.
    const rng = new Rng(26);
    const kinds = new Map<string, number>();
    const opSwaps = new Set<string>();
    for (let i = 0; i < 600; i++) {
      const parent = randomCandidate(rng);
      const child = mutate(rng, parent, 0.25);
      for (const site of diffSites(parent, child)) {
        kinds.set(kindOf(site), (kinds.get(kindOf(site)) ?? 0) + 1);
        const m = /^block(\d+)\.dense\.op$/.exec(site);
        if (m) {
          const i = Number(m[1]);
          opSwaps.add(`${parent.model.blocks[i]!.dense.op}->${child.model.blocks[i]!.dense.op}`);
        }
      }
    }
    const expected = [
      "dense.op",
      "dense.dim",
      "sparse.dim",
      "inputs.dense",
      "inputs.sparse",
      "dsi+",
      "dsi-",
      "fm+",
      "fm-",
      "dense.weightBits",
      "sparse.weightBits",
      "dsi.weightBits",
      "fm.weightBits",
      "final.weightBits", // in the last block only
      "hw.adcBits",
      "hw.dacBits",
      "hw.cellBits",
      "hw.crossbar",
    ];
    expect(expected.filter((k) => !kinds.has(k))).toEqual([]);
    // and nothing else: no site outside the list changes
    expect([...kinds.keys()].filter((k) => !expected.includes(k))).toEqual([]);
    expect([...opSwaps].sort()).toEqual(["dp->fc", "fc->dp"]);
  });

  it("reaches every value of every hardware gene", () => {
    const rng = new Rng(27);
    let c = randomCandidate(rng);
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) {
      c = mutate(rng, c, 1);
      seen.add(`${c.hw.crossbar}/${c.hw.cellBits}/${c.hw.dacBits}/${c.hw.adcBits}`);
    }
    expect(seen.size).toBe(36);
  });

  it("is deterministic and draws from the stream it is given", () => {
    const parent = randomCandidate(new Rng(28));
    const run = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 30 }, () => mutate(rng, parent, 0.25));
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });
});

describe("candidateKey", () => {
  it("is equal for equal content whatever the model's name, description or provenance", () => {
    const rng = new Rng(31);
    for (let i = 0; i < 100; i++) {
      const c = randomCandidate(rng, `first${i}`);
      const renamed: Candidate = {
        model: {
          ...structuredClone(c.model),
          name: `other${i}`,
          description: "x",
          provenance: "y",
        },
        hw: { ...c.hw },
      };
      expect(candidateKey(renamed)).toBe(candidateKey(c));
    }
  });

  it("ignores the order of input indices, duplicates and the block-wise / operator-wise form", () => {
    // NASRec concatenates a block's inputs in ascending order, duplicates dropped.
    const rng = new Rng(32);
    const c = randomCandidate(rng);
    const b = structuredClone(c);
    const last = b.model.blocks[6]!;
    last.inputs = { dense: [3, 1, 0, 3], sparse: [2, 0] };
    const d = structuredClone(b);
    d.model.blocks[6]!.inputs = { dense: [0, 1, 3], sparse: [0, 2] };
    expect(candidateKey(b)).toBe(candidateKey(d));
    const blockWise = structuredClone(c);
    blockWise.model.blocks[6]!.inputs = [4, 2];
    const operatorWise = structuredClone(c);
    operatorWise.model.blocks[6]!.inputs = { dense: [2, 4], sparse: [2, 4] };
    expect(candidateKey(blockWise)).toBe(candidateKey(operatorWise));
  });

  it("differs exactly when a mutation changed something", () => {
    const rng = new Rng(33);
    for (let i = 0; i < 400; i++) {
      const parent = randomCandidate(rng);
      const child = mutate(rng, parent, 0.25);
      const changed = diffSites(parent, child).length > 0;
      expect(candidateKey(child) !== candidateKey(parent)).toBe(changed);
    }
  });

  it("tells apart candidates that differ in any gene (final bits, dataset, hardware)", () => {
    const c = randomCandidate(new Rng(34));
    const key = candidateKey(c);
    const finalBits = structuredClone(c);
    finalBits.model.final.weightBits = c.model.final.weightBits === 8 ? 4 : 8;
    const dataset = structuredClone(c);
    dataset.model.dataset = "avazu";
    const adc = structuredClone(c);
    adc.hw.adcBits = c.hw.adcBits === 8 ? 6 : 8;
    const dsiBits = structuredClone(c);
    dsiBits.model.blocks[3]!.dsi = { weightBits: c.model.blocks[3]!.dsi?.weightBits === 8 ? 4 : 8 };
    for (const other of [finalBits, dataset, adc, dsiBits])
      expect(candidateKey(other)).not.toBe(key);
  });
});
